import { runsAtAdmission, type Check } from '../core/check.js';
import { isCustomApiVersion } from '../k8s/api-groups.js';

/**
 * Data keys one admission request cannot supply although checks that run at admission
 * need them: their absence would turn into a failure (an unlabelled implied namespace, no
 * LimitRange defaults). A check needing one reports `skipped` unless the object under
 * review is of that kind. Kinds whose absence only hides findings (a binding's custom
 * role) are not listed: the check then passes on what it sees, as a scan of that one
 * manifest would.
 */
export const ADMISSION_GAPS: Readonly<Record<string, string>> = {
  'kube:Namespace': "the namespace's own labels are judged when the Namespace itself is admitted",
  'kube:LimitRange': "the namespace's LimitRanges may still fill a template's resources; LimitRanger has already applied them to a Pod",
  'kube:ServiceAccount': "the pod's ServiceAccount may disable token automounting",
  'kube:NetworkPolicy': "the namespace's NetworkPolicies are not in the request",
  'kube:IngressClass': 'the IngressClass decides which controller serves an Ingress (read through the API unless that is off or fails)',
  'kube:IngressClassParams': "an ALB class's IngressClassParams set the scheme, group and CIDRs (read through the API unless that is off or fails)",
};

/**
 * Which checks run at admission is part of each check's definition (`admission`, see
 * core/check.ts): a validating webhook sees one object at a time, so only checks that judge an
 * object by itself give the verdict `scan` would give. Checks that join objects (a namespace's
 * NetworkPolicies, a pod and its ServiceAccount) or read data no admission request carries (AWS,
 * Node status, files) stay with `scan`. The tables of docs/admission.md are generated from the
 * same declarations. As a second guard, the kinds in ADMISSION_GAPS are declared missing in the
 * admission inventory, so a check that needs them reports `skipped` (the engine's own gap rule).
 *
 * Returns the registered checks the webhook runs, in registry order (the same order `scan` runs them in).
 */
export function admissionChecks(checks: readonly Check[]): Check[] {
  return checks.filter(runsAtAdmission);
}

/**
 * The checks whose target can select an object of this kind and apiVersion. A one-object
 * inventory gives the others no subject, so leaving them out changes no verdict; it saves
 * building views (the RBAC graph, for one) on every request. A target that does not declare its
 * kinds is kept, and so is one that selects custom resources of any kind for an object of a
 * custom resource (a CloneSet's pod template is judged as `scan` judges it).
 */
export function checksForKind(checks: readonly Check[]): (kind: string, apiVersion?: string) => readonly Check[] {
  const byKind = new Map<string, readonly Check[]>();
  return (kind, apiVersion = '') => {
    const custom = isCustomApiVersion(apiVersion);
    const key = custom ? `custom\u0000${kind}` : kind;
    let selected = byKind.get(key);
    if (!selected) {
      selected = checks.filter((check) => (check.target.kinds?.includes(kind) ?? true) || (custom && check.target.customKinds === true));
      // object kinds come from requests: bound the memo against a client inventing kinds
      if (byKind.size < 256) byKind.set(key, selected);
    }
    return selected;
  };
}
