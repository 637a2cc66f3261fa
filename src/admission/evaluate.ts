import type { Check } from '../core/check.js';
import { runChecks } from '../core/engine.js';
import { isAwsRef, type Finding, type KubeResourceRef, type ResourceRef } from '../core/types.js';
import { kubeRef } from '../k8s/targets.js';
import type { Inventory } from '../core/inventory.js';
import type { WebhookConfig } from './config.js';
import { decide, type Decision } from './decide.js';
import { checksForKind } from './admission-checks.js';
import { admissionInventory, isBookkeepingOnlyUpdate, objectUnderReview } from './inventory.js';
import { defaultPolicy, findExemption, type Exemption, type NamespacePolicy } from './policy.js';
import type { AdmissionRequest, AdmissionResponse } from './review.js';

/** Subresources whose request carries the whole object under review; the rest (status, scale, exec…) are not judged. */
const JUDGED_SUBRESOURCES: ReadonlySet<string> = new Set(['', 'ephemeralcontainers']);

export type Outcome =
  | { kind: 'not-evaluated'; reason: string; response: AdmissionResponse }
  | { kind: 'exempt'; exemption: Extract<Exemption, { exempt: true }>; response: AdmissionResponse }
  | { kind: 'evaluated'; policy: NamespacePolicy; decision: Decision; findings: Finding[]; resource: KubeResourceRef; response: AdmissionResponse };

export interface AdmissionDeps {
  config: WebhookConfig;
  /** the checks the webhook runs (admissionChecks(allChecks)); the engine applies config overrides */
  checks: readonly Check[];
  now: () => Date;
  /** the modes of a namespace; resolves with the defaults when its labels cannot be read */
  namespacePolicy: (namespace: string) => Promise<NamespacePolicy>;
}

const selectors = new WeakMap<readonly Check[], (kind: string) => readonly Check[]>();

function selectorFor(checks: readonly Check[]): (kind: string) => readonly Check[] {
  let selector = selectors.get(checks);
  if (!selector) {
    selector = checksForKind(checks);
    selectors.set(checks, selector);
  }
  return selector;
}

function sameObject(ref: ResourceRef, resource: KubeResourceRef): boolean {
  return !isAwsRef(ref) && ref.kind === resource.kind && ref.name === resource.name && (ref.namespace ?? '') === (resource.namespace ?? '');
}

function allow(uid: string): AdmissionResponse {
  return { uid, allowed: true };
}

/** Runs the same engine, checks, settings and suppressions as `scan` over the inventory of one request. */
export function runAdmissionChecks(inventory: Inventory, deps: Pick<AdmissionDeps, 'config' | 'checks'>, now: Date): Finding[] {
  return runChecks({
    checks: deps.checks,
    inventory,
    now,
    settings: { pssLevel: deps.config.pss.level, pssVersion: deps.config.pss.version },
    overrides: deps.config.checks,
    suppressions: deps.config.suppressions,
  });
}

function policyFor(resource: KubeResourceRef, deps: AdmissionDeps): Promise<NamespacePolicy> {
  // Cluster-scoped objects (and Namespace objects themselves) follow the cluster-wide defaults.
  if (!resource.namespace) return Promise.resolve(defaultPolicy(deps.config.defaults, 'cluster-scoped'));
  return deps.namespacePolicy(resource.namespace);
}

function toResponse(uid: string, decision: Decision): AdmissionResponse {
  const response: AdmissionResponse = { uid, allowed: decision.allowed };
  if (!decision.allowed && decision.message) response.status = { code: 403, reason: 'Forbidden', message: decision.message };
  if (decision.warnings.length > 0) response.warnings = decision.warnings;
  if (decision.byMode.audit.length > 0) response.auditAnnotations = { 'audit-violations': decision.byMode.audit.map((f) => `${f.checkId}[${f.severity}]`).join(',') };
  return response;
}

/** The whole admission decision for one request. Dry-run requests are judged like any other. */
export async function reviewAdmission(request: AdmissionRequest, deps: AdmissionDeps): Promise<Outcome> {
  if (request.operation === 'DELETE' || request.operation === 'CONNECT') {
    return { kind: 'not-evaluated', reason: `operation ${request.operation}`, response: allow(request.uid) };
  }
  if (!JUDGED_SUBRESOURCES.has(request.subResource)) {
    return { kind: 'not-evaluated', reason: `subresource ${request.subResource}`, response: allow(request.uid) };
  }
  const exemption = findExemption(request, deps.config.exemptions);
  if (exemption.exempt) return { kind: 'exempt', exemption, response: allow(request.uid) };

  const raw = objectUnderReview(request);
  const kind = typeof raw?.['kind'] === 'string' ? raw['kind'] : '';
  const checks = selectorFor(deps.checks)(kind);
  const inventory = admissionInventory(request, checks, raw);
  const object = inventory.kube[0];
  if (!object) return { kind: 'not-evaluated', reason: 'the object has no kind', response: allow(request.uid) };
  const resource = kubeRef(object);
  // The label lookup (usually a cache hit) runs while the checks do.
  const pending = policyFor(resource, deps).catch(() => defaultPolicy(deps.config.defaults, 'lookup-failed'));
  // Only verdicts on the object under review decide its admission.
  const findings = runAdmissionChecks(inventory, { config: deps.config, checks }, deps.now()).filter((finding) => finding.status === 'skipped' || sameObject(finding.resource, resource));
  const policy = await pending;
  const decision = decide({
    findings,
    policy,
    resource,
    failurePolicy: deps.config.failurePolicy,
    waiveEnforcement: isBookkeepingOnlyUpdate(request),
  });
  return { kind: 'evaluated', policy, decision, findings, resource, response: toResponse(request.uid, decision) };
}
