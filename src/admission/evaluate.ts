import type { Check } from '../core/check.js';
import { createContext, runChecks } from '../core/engine.js';
import { findSuppression, wholeExemption, type AnnotationPolicy, type Requester, type SuppressionRule } from '../core/suppression.js';
import { isAwsRef, type Finding, type KubeResourceRef, type ResourceRef } from '../core/types.js';
import { albIngressGroup } from '../k8s/exposure.js';
import { kubeRef, objectAnnotations } from '../k8s/targets.js';
import { createInventory, toKubeObject, type Inventory, type KubeRaw } from '../core/inventory.js';
import type { WebhookConfig } from './config.js';
import { decide, type Decision } from './decide.js';
import { checksForKind } from './admission-checks.js';
import { admissionInventory, isBookkeepingOnlyUpdate, objectUnderReview, type RelatedObjects } from './inventory.js';
import { annotationPolicyFor, defaultPolicy, type NamespacePolicy } from './policy.js';
import type { AdmissionRequest, AdmissionResponse } from './review.js';
import { ignoredAnnotations, suppressedChecks, type SuppressedChecks } from './suppressed.js';

/** Subresources whose request carries the whole object under review; the rest (status, scale, exec…) are not judged. */
const JUDGED_SUBRESOURCES: ReadonlySet<string> = new Set(['', 'ephemeralcontainers']);

export type Outcome =
  | { kind: 'not-evaluated'; reason: string; response: AdmissionResponse }
  | { kind: 'exempt'; exemption: SuppressionRule; resource: KubeResourceRef; suppressed: SuppressedChecks; response: AdmissionResponse }
  | {
      kind: 'evaluated';
      policy: NamespacePolicy;
      decision: Decision;
      findings: Finding[];
      resource: KubeResourceRef;
      /** failing checks that did not count, and what suppressed each */
      suppressed: SuppressedChecks;
      /** failing checks whose ignore annotation on the object did not count */
      ignoredAnnotations: string[];
      response: AdmissionResponse;
    };

/** What the webhook read about the IngressClasses of the cluster, for an Ingress under review. */
export type IngressClassLookup = { ok: true; objects: readonly KubeRaw[] } | { ok: false; reason: string };

export interface AdmissionDeps {
  config: WebhookConfig;
  /** the checks the webhook runs (admissionChecks(allChecks)); the engine applies config overrides */
  checks: readonly Check[];
  now: () => Date;
  /** the modes of a namespace; resolves with the defaults when its labels cannot be read */
  namespacePolicy: (namespace: string) => Promise<NamespacePolicy>;
  /** the cluster's IngressClasses and IngressClassParams; absent when lookups are off */
  ingressClasses?: () => Promise<IngressClassLookup>;
}

const selectors = new WeakMap<readonly Check[], (kind: string, apiVersion: string) => readonly Check[]>();

function selectorFor(checks: readonly Check[]): (kind: string, apiVersion: string) => readonly Check[] {
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
export function runAdmissionChecks(
  inventory: Inventory,
  deps: Pick<AdmissionDeps, 'config' | 'checks'>,
  now: Date,
  who: { annotationPolicy: AnnotationPolicy; requester?: Requester } = { annotationPolicy: 'honour' },
): Finding[] {
  return runChecks({
    checks: deps.checks,
    inventory,
    now,
    settings: { pssLevel: deps.config.pss.level, pssVersion: deps.config.pss.version, ...(deps.config.registries ? { approvedRegistries: deps.config.registries } : {}) },
    overrides: deps.config.checks,
    suppressions: deps.config.suppressions,
    annotationPolicy: who.annotationPolicy,
    ...(who.requester ? { requester: who.requester } : {}),
  });
}

function policyFor(resource: KubeResourceRef, deps: AdmissionDeps): Promise<NamespacePolicy> {
  // Cluster-scoped objects (and Namespace objects themselves) follow the cluster-wide defaults.
  if (!resource.namespace) return Promise.resolve(defaultPolicy(deps.config.defaults, 'cluster-scoped'));
  return deps.namespacePolicy(resource.namespace);
}

function toResponse(uid: string, decision: Decision, extraWarnings: readonly string[]): AdmissionResponse {
  const response: AdmissionResponse = { uid, allowed: decision.allowed };
  if (!decision.allowed && decision.message) response.status = { code: 403, reason: 'Forbidden', message: decision.message };
  const warnings = [...decision.warnings, ...extraWarnings];
  if (warnings.length > 0) response.warnings = warnings;
  if (decision.byMode.audit.length > 0) response.auditAnnotations = { 'audit-violations': decision.byMode.audit.map((f) => `${f.checkId}[${f.severity}]`).join(',') };
  return response;
}

/**
 * An Ingress is judged with the cluster's IngressClasses and IngressClassParams. When they
 * cannot be read, or when the Ingress shares its ALB with the other members of an IngressGroup
 * (which one request does not carry), K8S-NET-007 reports `skipped` through the gap rule
 * rather than judge half a picture.
 */
async function relatedObjects(raw: KubeRaw, kind: string, deps: AdmissionDeps): Promise<RelatedObjects | undefined> {
  if (kind !== 'Ingress' || !deps.ingressClasses) return undefined;
  const lookup = await deps.ingressClasses();
  if (!lookup.ok) return { objects: [], supplies: [], missing: new Map([['kube:IngressClass', lookup.reason], ['kube:IngressClassParams', lookup.reason]]) };
  const related: RelatedObjects = { objects: lookup.objects, supplies: ['kube:IngressClass', 'kube:IngressClassParams'] };
  const objects = [raw, ...lookup.objects].map((item) => toKubeObject(item, { source: 'admission' })).filter((item) => item !== undefined);
  const ingress = objects[0];
  // only the class resolution is read here: the settings and the clock play no part
  const context = createContext({ inventory: createInventory({ kube: objects }), settings: { pssLevel: 'restricted', pssVersion: 'latest' }, now: new Date(0) });
  const group = ingress ? albIngressGroup(ingress, context) : undefined;
  if (group === undefined) return related;
  return { ...related, missing: new Map([['kube:Ingress', `the Ingress belongs to IngressGroup ${group}, whose other members share its ALB and are not in the request`]]) };
}

/** The whole admission decision for one request. Dry-run requests are judged like any other. */
export async function reviewAdmission(request: AdmissionRequest, deps: AdmissionDeps): Promise<Outcome> {
  if (request.operation === 'DELETE' || request.operation === 'CONNECT') {
    return { kind: 'not-evaluated', reason: `operation ${request.operation}`, response: allow(request.uid) };
  }
  if (!JUDGED_SUBRESOURCES.has(request.subResource)) {
    return { kind: 'not-evaluated', reason: `subresource ${request.subResource}`, response: allow(request.uid) };
  }
  const raw = objectUnderReview(request);
  const kind = typeof raw?.['kind'] === 'string' ? raw['kind'] : '';
  if (!raw || !kind) return { kind: 'not-evaluated', reason: 'the object has no kind', response: allow(request.uid) };
  const checks = selectorFor(deps.checks)(kind, typeof raw['apiVersion'] === 'string' ? raw['apiVersion'] : '');
  const inventory = admissionInventory(request, checks, raw, await relatedObjects(raw, kind, deps));
  const object = inventory.kube[0];
  if (!object) return { kind: 'not-evaluated', reason: 'the object has no kind', response: allow(request.uid) };
  const resource = kubeRef(object);
  const requester: Requester = { username: request.username, groups: request.groups };
  const now = deps.now();
  const exemption = wholeExemption(deps.config.suppressions, resource, requester, now);
  // The label lookup (usually a cache hit) runs while the checks do; an exempt request needs none.
  const pending = exemption ? undefined : policyFor(resource, deps).catch(() => defaultPolicy(deps.config.defaults, 'lookup-failed'));
  const annotationPolicy = annotationPolicyFor(request, resource.namespace, deps.config);
  // Only verdicts on the object under review decide its admission.
  const findings = runAdmissionChecks(inventory, deps, now, { annotationPolicy, requester }).filter(
    (finding) => finding.status === 'skipped' || sameObject(finding.resource, resource),
  );
  const annotations = objectAnnotations(object);
  const context = { rules: deps.config.suppressions, now, requester };
  const suppressed = suppressedChecks(findings, context);
  if (exemption) return { kind: 'exempt', exemption, resource, suppressed, response: allow(request.uid) };

  const policy = await pending!;
  // A check that threw on a check the config exempts this request from does not count either.
  const counted = findings.filter((finding) => finding.status !== 'error' || !findSuppression({ ...context, checkId: finding.checkId, ref: resource, annotations: undefined }).active);
  const decision = decide({
    findings: counted,
    policy,
    resource,
    failurePolicy: deps.config.failurePolicy,
    waiveEnforcement: isBookkeepingOnlyUpdate(request),
  });
  const ignored = ignoredAnnotations(findings, annotations, annotationPolicy);
  return {
    kind: 'evaluated',
    policy,
    decision,
    findings,
    resource,
    suppressed,
    ignoredAnnotations: ignored.checkIds,
    response: toResponse(request.uid, decision, ignored.warnings),
  };
}
