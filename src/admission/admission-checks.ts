import type { Check } from '../core/check.js';
import { WORKLOAD_KINDS } from '../k8s/workload.js';

/**
 * Which checks run at admission. A validating webhook sees one object at a time, so only
 * checks that judge an object by itself give the verdict `scan` would give. Checks that
 * join objects (a namespace's NetworkPolicies, a binding and the role it names, a pod and
 * its ServiceAccount) or read data that no admission request carries (AWS, Node status,
 * files) would judge a partial picture: a false denial or a false pass. They stay with
 * `scan`. Every ID of the ledger is in exactly one of the two lists (a test keeps it so).
 * As a second guard, the kinds in ADMISSION_GAPS are declared missing in the admission
 * inventory, so a check that needs them reports `skipped` (the engine's own gap rule).
 */
export const ADMISSION_CHECKS: Readonly<Record<string, string>> = {
  'PSS-*': 'the pod spec of a Pod or a workload template alone',
  'K8S-WL-001': 'container images of the object',
  'K8S-WL-002': 'container images of the object',
  'K8S-WL-003': 'container resources of a Pod (LimitRange defaults are already applied to it); skipped for templates, which the namespace LimitRanges may still fill',
  'K8S-WL-004': 'container securityContext of the object',
  'K8S-WL-005': 'hostPath volumes of the object',
  'K8S-WL-006': 'hostPath volumes of the object',
  'K8S-WL-008': 'container capabilities of the object',
  'K8S-WL-009': 'hostNetwork of the pod spec',
  'K8S-WL-010': 'labels of the Namespace object',
  'K8S-WL-011': 'namespace of the object',
  'K8S-NET-005': 'type, annotations and source ranges of the Service',
  'K8S-NET-006': 'type of the Service',
  'K8S-NET-010': 'externalIPs of the Service',
  'K8S-NET-007': 'the Ingress, with the IngressClasses and IngressClassParams the webhook reads through the API (cached); skipped when they cannot be read or when the Ingress shares an ALB with the other members of an IngressGroup',
  'K8S-NET-008': 'rules of the NetworkPolicy',
  'K8S-RBAC-002': 'rules of the Role or ClusterRole',
  // A binding is judged against the built-in roles (cluster-admin, admin, edit…) and the
  // roles in the request: a binding to a custom role the request does not carry grants
  // nothing here (it passes) and is judged by scan, which sees the role. No false denial.
  'K8S-RBAC-001': 'the binding and the built-in role it names',
  'K8S-RBAC-003': 'the binding and the built-in role it names',
  'K8S-RBAC-004': 'the binding and the built-in role it names',
  'K8S-RBAC-005': 'the binding and the built-in role it names',
  'K8S-RBAC-006': 'the binding and the built-in role it names',
  'K8S-RBAC-007': 'subjects of the binding',
  'K8S-RBAC-008': 'the binding and the built-in role it names',
  'K8S-RBAC-009': 'the binding and the built-in role it names',
  'K8S-RBAC-010': 'subjects of the binding',
  'K8S-RBAC-011': 'the binding and the built-in role it names',
  'K8S-RBAC-012': 'the binding and the built-in role it names',
  'K8S-RBAC-013': 'the binding and the built-in role it names',
  'K8S-IAM-001': 'the aws-auth ConfigMap',
  'K8S-IAM-002': 'the aws-auth ConfigMap',
  'K8S-IAM-003': 'the aws-auth ConfigMap',
  'K8S-IAM-004': 'the aws-auth ConfigMap',
  'K8S-IAM-005': 'type of the Secret',
  'K8S-DATA-001': 'env of the containers',
  'K8S-DATA-002': 'data of the ConfigMap',
  'K8S-DATA-004': 'env of the containers',
  'K8S-DATA-005': 'parameters of the StorageClass',
  'K8S-DATA-006': 'command and args of the containers',
};

/** Checks left to `scan`, with the data they need that one admission request does not carry. */
export const SCAN_ONLY_CHECKS: Readonly<Record<string, string>> = {
  'K8S-WL-007': "needs the pod's ServiceAccount (automountServiceAccountToken may be set there)",
  'K8S-NET-001': "needs every NetworkPolicy of the namespace",
  'K8S-NET-002': "needs every NetworkPolicy of the namespace",
  'K8S-NET-003': "needs every NetworkPolicy of the namespace",
  'K8S-NET-004': 'needs every NetworkPolicy that could select the pods',
  'K8S-NET-009': "needs every NetworkPolicy of the namespace",
  'K8S-DATA-003': 'judges manifest files in git, not objects in the cluster',
  'K8S-NODE-*': 'judges Node objects written by kubelets and the control plane version',
  'EKS-*': 'judges the AWS account, which no admission request carries',
};

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

function matches(pattern: string, id: string): boolean {
  return pattern.endsWith('*') ? id.startsWith(pattern.slice(0, -1)) : pattern === id;
}

export function runsAtAdmission(id: string): boolean {
  return Object.keys(ADMISSION_CHECKS).some((pattern) => matches(pattern, id));
}

export function isScanOnly(id: string): boolean {
  return Object.keys(SCAN_ONLY_CHECKS).some((pattern) => matches(pattern, id));
}

/** The registered checks the webhook runs, in registry order (the same order `scan` runs them in). */
export function admissionChecks(checks: readonly Check[]): Check[] {
  return checks.filter((check) => runsAtAdmission(check.id));
}

/** The kinds each shared target selects from; targets not listed (namespaces) may select from any object. */
const TARGET_KINDS: Readonly<Record<string, readonly string[]>> = {
  workloads: WORKLOAD_KINDS,
  'rbac:bindings': ['RoleBinding', 'ClusterRoleBinding'],
  'rbac:roles': ['Role', 'ClusterRole'],
  'aws-auth': ['ConfigMap'],
};

function targetKinds(targetId: string): readonly string[] | undefined {
  if (targetId.startsWith('kind:')) return [targetId.slice('kind:'.length)];
  return TARGET_KINDS[targetId];
}

/**
 * The checks whose target can select an object of this kind. A one-object inventory gives
 * the others no subject, so leaving them out changes no verdict; it saves building views
 * (the RBAC graph, for one) on every request. Unknown targets are always kept.
 */
export function checksForKind(checks: readonly Check[]): (kind: string) => readonly Check[] {
  const byKind = new Map<string, readonly Check[]>();
  return (kind) => {
    let selected = byKind.get(kind);
    if (!selected) {
      selected = checks.filter((check) => targetKinds(check.target.id)?.includes(kind) ?? true);
      // object kinds come from requests: bound the memo against a client inventing kinds
      if (byKind.size < 256) byKind.set(kind, selected);
    }
    return selected;
  };
}
