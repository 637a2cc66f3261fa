import { createHash } from 'node:crypto';
import type { Finding, Gap, KubeResourceRef, Severity, Status } from '../core/types.js';
import { isAtLeast } from '../core/types.js';
import { checkDocsUrl } from './rules.js';
import { escapeControl } from './text-safety.js';

/**
 * Results as Kubernetes policy report objects: `wgpolicyk8s.io/v1alpha2` PolicyReport (one per
 * namespaced resource, with that resource as its `scope`, and one per namespace for the
 * Namespace's own results) and ClusterPolicyReport (cluster-wide), or their successor
 * `openreports.io/v1alpha1` Report and ClusterReport. The fields are the ones Policy Reporter
 * (v3.9) reads: `source` on every result (v1alpha2 has no report-level source), `policy`, `rule`,
 * `category`, `severity`, `result`, `scored`, `message`, `resources[0]` (or, when absent, the
 * report's `scope`), string-valued `properties` (with `resultID`, the stable identity it prefers
 * to its own hash) and `timestamp`.
 */

export const REPORT_APIS = ['wgpolicyk8s.io/v1alpha2', 'openreports.io/v1alpha1'] as const;
export type ReportApi = (typeof REPORT_APIS)[number];

export const REPORT_SOURCE = 'eksguard';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const DIGEST_ANNOTATION = 'eksguard.io/content-digest';
export const PART_ANNOTATION = 'eksguard.io/part';
export const TRUNCATED_ANNOTATION = 'eksguard.io/truncated-results';
/** the name of a report (or the stem of its parts' names) */
export const REPORT_NAME = 'eksguard';
const MAX_PARTS = 256;
const MAX_MESSAGE = 2_000;

export type PolicyResult = 'pass' | 'fail' | 'warn' | 'error' | 'skip';

export interface ReportKinds {
  namespaced: string;
  cluster: string;
  /** plural resource names, for paths */
  namespacedResource: string;
  clusterResource: string;
}

export function kindsOf(api: ReportApi): ReportKinds {
  return api === 'wgpolicyk8s.io/v1alpha2'
    ? { namespaced: 'PolicyReport', cluster: 'ClusterPolicyReport', namespacedResource: 'policyreports', clusterResource: 'clusterpolicyreports' }
    : { namespaced: 'Report', cluster: 'ClusterReport', namespacedResource: 'reports', clusterResource: 'clusterreports' };
}

export interface ReportResultObject {
  source: string;
  policy: string;
  rule: string;
  category: string;
  severity?: Severity;
  result: PolicyResult;
  scored: boolean;
  message: string;
  resources?: Record<string, string>[];
  properties: Record<string, string>;
  timestamp: { seconds: number; nanos: number };
}

/** No `controller` and no `blockOwnerDeletion`: the owner only takes the report with it when it goes (and setting `blockOwnerDeletion` would need more RBAC). */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
}

export interface ReportObject {
  apiVersion: ReportApi;
  kind: string;
  metadata: { name: string; namespace?: string; labels: Record<string, string>; annotations: Record<string, string>; ownerReferences?: OwnerReference[] };
  /** the one resource a per-resource report is about */
  scope?: { apiVersion: string; kind: string; name: string; namespace: string; uid?: string };
  source?: string;
  summary: Record<PolicyResult, number>;
  results: ReportResultObject[];
}

export interface PolicyReportOptions {
  api: ReportApi;
  /** a namespace, or '' for the cluster-wide report */
  scope: string;
  /** the report's name (the stem of its parts' names); `eksguard` unless given */
  name?: string;
  /**
   * The one resource the report is about (a per-resource report): written as the report's
   * `scope` and, when its uid is known, as its owner, so the report goes with the resource.
   */
  subject?: { apiVersion: string; kind: string; name: string; namespace: string; uid?: string };
  findings: readonly Finding[];
  /** data that could not be collected (the cluster-wide report lists each as an `error` result) */
  gaps?: readonly Gap[];
  /** failures at or below this severity are reported `warn` (not scored); `none` keeps every failure `fail` */
  warnAt: Severity | 'none';
  /** largest serialized object; larger reports are split into parts */
  maxBytes: number;
  /** how many parts the report had last time: the split only shrinks when the results fit easily */
  previousParts?: number;
  /** the uid of a Kubernetes object, when the watch knows it */
  uidOf?: (ref: KubeResourceRef) => string | undefined;
  /** when a result (by its resultID) was first seen; defaults to `now` */
  firstSeen?: (resultId: string) => Date;
  now: Date;
  docsBaseUrl?: string;
}

export interface PolicyReportObjects {
  objects: ReportObject[];
  parts: number;
  /** results left out because even the largest split could not hold them */
  truncated: number;
}

function resultOf(status: Status, severity: Severity, warnAt: Severity | 'none'): PolicyResult {
  switch (status) {
    case 'fail':
      return warnAt !== 'none' && isAtLeast(warnAt, severity) ? 'warn' : 'fail';
    case 'pass':
      return 'pass';
    case 'error':
      return 'error';
    default:
      // not-applicable, skipped (data missing or unknowable), suppressed (accepted by someone): not judged now
      return 'skip';
  }
}

function clean(text: string, limit = MAX_MESSAGE): string {
  const safe = escapeControl(text);
  return safe.length > limit ? `${safe.slice(0, limit - 1)}…` : safe;
}

function resourceKey(finding: Finding): string {
  const ref = finding.resource;
  return 'arn' in ref ? ref.arn : `${ref.apiVersion}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

/** A result's identity across evaluations: check, resource and field path (its message may change). */
export function resultId(finding: Finding): string {
  return createHash('sha256').update(`${finding.checkId}\u0000${resourceKey(finding)}\u0000${finding.path ?? ''}\u0000${finding.status}`).digest('hex').slice(0, 32);
}

const INTERNAL_KINDS = new Set(['DataGap', 'UnknownValue', 'Check']);

/** eksguard's own pseudo-resources (a data gap, a check that failed): no Kubernetes object to name. */
export function isInternalRef(ref: KubeResourceRef): boolean {
  return ref.apiVersion === 'eksguard.io/v1' && INTERNAL_KINDS.has(ref.kind);
}

function isSubject(ref: KubeResourceRef, subject: PolicyReportOptions['subject']): boolean {
  return subject !== undefined && ref.kind === subject.kind && ref.name === subject.name && ref.namespace === subject.namespace && ref.apiVersion === subject.apiVersion;
}

function toResult(finding: Finding, options: PolicyReportOptions): ReportResultObject {
  const id = resultId(finding);
  const seen = options.firstSeen?.(id) ?? options.now;
  const properties: Record<string, string> = { resultID: id, remediation: checkDocsUrl(finding.checkId, options.docsBaseUrl) };
  if (finding.path !== undefined) properties['path'] = clean(finding.path, 500);
  if (finding.standards.length > 0) properties['standards'] = finding.standards.join(', ');
  if (finding.suppression) {
    properties['suppressed'] = clean(finding.suppression.reason, 500);
    properties['suppressedBy'] = finding.suppression.source;
  }
  if (finding.expiredSuppression) properties['expiredSuppression'] = clean(finding.expiredSuppression.reason, 500);
  if (finding.status !== 'fail' && finding.status !== 'pass' && finding.status !== 'error') properties['status'] = finding.status;
  const ref = finding.resource;
  let resources: Record<string, string>[] | undefined;
  if ('arn' in ref) {
    properties['arn'] = clean(ref.arn, 500);
    properties['region'] = clean(ref.region, 64);
    resources = [{ kind: clean(ref.type, 100), name: clean(ref.arn, 500) }];
  } else if (!isInternalRef(ref) && !isSubject(ref, options.subject)) {
    // a result about the report's own subject names no resource: the report's `scope` does (as
    // in Kyverno's per-resource reports; Policy Reporter reads a result's resource from there),
    // which spares the API server a resource reference to validate per result
    const uid = options.uidOf?.(ref);
    resources = [{ apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}), ...(uid ? { uid } : {}) }];
  }
  return {
    source: REPORT_SOURCE,
    policy: finding.checkId,
    rule: clean(finding.title, 300),
    category: finding.area,
    severity: finding.severity,
    result: resultOf(finding.status, finding.severity, options.warnAt),
    scored: !(finding.status === 'fail' && resultOf(finding.status, finding.severity, options.warnAt) === 'warn'),
    message: clean(finding.message),
    ...(resources ? { resources } : {}),
    properties,
    timestamp: { seconds: Math.floor(seen.getTime() / 1000), nanos: 0 },
  };
}

function gapResult(gap: Gap, now: Date): ReportResultObject {
  const id = createHash('sha256').update(`gap\u0000${gap.source}`).digest('hex').slice(0, 32);
  const starves = gap.checks.length > 0 ? ` Checks that need it are skipped: ${gap.checks.join(', ')}.` : '';
  return {
    source: REPORT_SOURCE,
    policy: 'eksguard-data-gap',
    rule: clean(gap.source, 300),
    category: 'data-gap',
    result: 'error',
    scored: true,
    message: clean(`${gap.source} could not be collected: ${gap.reason}.${starves}`),
    properties: { resultID: id, ...(gap.checks.length > 0 ? { checks: gap.checks.join(', ') } : {}) },
    timestamp: { seconds: Math.floor(now.getTime() / 1000), nanos: 0 },
  };
}

const SEVERITY_ORDER: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
const RESULT_ORDER: Record<PolicyResult, number> = { fail: 0, error: 1, warn: 2, skip: 3, pass: 4 };

/** Levels of `urgencyOf`: a failure by its severity (0 critical … 4 info), then error, warn, skip, pass. */
export const URGENCY_LEVELS = 9;

/** How urgent a result is: 0 for a critical failure up to 8 for a pass (a report's is its most urgent result's). */
export function urgencyOf(result: Pick<ReportResultObject, 'result' | 'severity'>): number {
  if (result.result === 'fail') return Math.min(4, SEVERITY_ORDER[result.severity ?? 'high'] ?? 4);
  return 4 + RESULT_ORDER[result.result];
}

/**
 * Stable order, the most urgent first (failures by severity, so a privileged Pod is the first
 * row a reader sees), then by resource, check and path; so the same results always serialize
 * the same.
 */
function compareResults(a: ReportResultObject, b: ReportResultObject): number {
  if (a.result !== b.result) return RESULT_ORDER[a.result] - RESULT_ORDER[b.result];
  const sa = SEVERITY_ORDER[a.severity ?? 'high'] ?? 5;
  const sb = SEVERITY_ORDER[b.severity ?? 'high'] ?? 5;
  if (sa !== sb) return sa - sb;
  const ra = a.resources?.[0];
  const rb = b.resources?.[0];
  const ka = ra ? `${ra['kind']}/${ra['namespace'] ?? ''}/${ra['name']}` : '';
  const kb = rb ? `${rb['kind']}/${rb['namespace'] ?? ''}/${rb['name']}` : '';
  if (ka !== kb) return ka < kb ? -1 : 1;
  if (a.policy !== b.policy) return a.policy < b.policy ? -1 : 1;
  const pa = a.properties['path'] ?? '';
  const pb = b.properties['path'] ?? '';
  if (pa !== pb) return pa < pb ? -1 : 1;
  return a.properties['resultID']! < b.properties['resultID']! ? -1 : a.properties['resultID']! > b.properties['resultID']! ? 1 : 0;
}

/** FNV-1a of the result's resource: all results of one resource land in the same part. */
function bucketHash(result: ReportResultObject): number {
  const ref = result.resources?.[0];
  const text = ref ? `${ref['kind']}/${ref['namespace'] ?? ''}/${ref['name']}` : result.policy;
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function summarizeResults(results: readonly ReportResultObject[]): Record<PolicyResult, number> {
  const summary: Record<PolicyResult, number> = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
  for (const result of results) summary[result.result] += 1;
  return summary;
}

/** What an object without results costs, with room for metadata the API server adds. */
const OBJECT_OVERHEAD = 2_048;

function partSizes(results: readonly ReportResultObject[], sizes: readonly number[], parts: number): number[] {
  const totals = new Array<number>(parts).fill(OBJECT_OVERHEAD);
  results.forEach((result, index) => {
    totals[bucketHash(result) % parts]! += sizes[index]! + 1;
  });
  return totals;
}

/**
 * How many parts: the fewest (a power of two) whose every part fits, starting from last time's
 * count, and shrinking only when half as many parts would be at most 70% full, so a report that
 * hovers at the limit does not flip between one and two objects on every change.
 */
function choosePartCount(results: readonly ReportResultObject[], sizes: readonly number[], maxBytes: number, previous: number): number {
  let parts = Math.min(MAX_PARTS, Math.max(1, 2 ** Math.round(Math.log2(Math.max(1, previous)))));
  while (parts < MAX_PARTS && Math.max(...partSizes(results, sizes, parts)) > maxBytes) parts *= 2;
  while (parts > 1 && Math.max(...partSizes(results, sizes, parts / 2)) <= maxBytes * 0.7) parts /= 2;
  return parts;
}

function digestOf(object: ReportObject): string {
  // timestamps say when a result was first seen; a restart that forgets them changes no content
  const results = object.results.map(({ timestamp: _t, ...rest }) => rest);
  return createHash('sha256').update(JSON.stringify({ ...object, metadata: { ...object.metadata, annotations: {} }, results })).digest('hex');
}

/** The name of part `index` (0-based) of `parts`. */
export function partName(index: number, parts: number, stem = REPORT_NAME): string {
  return parts === 1 ? stem : `${stem}-${index + 1}-of-${parts}`;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
/** room left in a 253-character name for a part suffix (`-256-of-256`) */
const MAX_STEM = 253 - 12;

/**
 * The name of one resource's report: `eksguard-<kind>-<name>` for the core API group (as
 * trivy-operator names its per-resource reports) and `eksguard-<kind>.<group>-<name>` for the
 * others (`eksguard-deployment.apps-web`), so two kinds of one name in different groups never
 * share a report. The kind runs to the first `-` or `.`, and the group to the next `-`, so a
 * plain name tells its resource; a name that would not be a valid object name (RBAC objects may
 * hold capitals and colons), a group with a `-` in it, or a name too long, is made one with a
 * hash of the group, kind and name, so two such names never meet.
 */
export function resourceReportName(apiVersion: string, kind: string, name: string): string {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const plain = `${REPORT_NAME}-${kind.toLowerCase()}${group ? `.${group}` : ''}-${name}`;
  if (plain.length <= MAX_STEM && DNS_SUBDOMAIN.test(plain) && !group.includes('-') && /^[A-Za-z0-9]+$/.test(kind)) return plain;
  const hash = createHash('sha256').update(`${group}\u0000${kind}\u0000${name}`).digest('hex').slice(0, 10);
  const slug = plain
    .toLowerCase()
    .replace(/[^-a-z0-9.]+/g, '-')
    .slice(0, MAX_STEM - hash.length - 1)
    .replace(/[^a-z0-9]+$/, '');
  return `${slug}-${hash}`;
}

/** Builds the report objects of one scope: pure, deterministic for the same findings. */
export function buildPolicyReports(options: PolicyReportOptions): PolicyReportObjects {
  const kinds = kindsOf(options.api);
  const subject = options.subject;
  const results = options.findings.map((finding) => toResult(finding, options));
  if (options.scope === '') for (const gap of options.gaps ?? []) results.push(gapResult(gap, options.now));
  results.sort(compareResults);
  const sizes = results.map((result) => Buffer.byteLength(JSON.stringify(result)));
  const parts = choosePartCount(results, sizes, options.maxBytes, options.previousParts ?? 1);
  const buckets: ReportResultObject[][] = Array.from({ length: parts }, () => []);
  const bucketBytes = new Array<number>(parts).fill(OBJECT_OVERHEAD);
  let truncated = 0;
  // most severe first, so what no split can hold is the least severe
  const bySeverity = results.map((result, index) => ({ result, size: sizes[index]! })).sort((a, b) => (SEVERITY_ORDER[a.result.severity ?? 'info'] ?? 5) - (SEVERITY_ORDER[b.result.severity ?? 'info'] ?? 5));
  const kept = new Set<ReportResultObject>();
  for (const { result, size } of bySeverity) {
    const bucket = bucketHash(result) % parts;
    if (bucketBytes[bucket]! + size + 1 > options.maxBytes) {
      truncated += 1;
      continue;
    }
    bucketBytes[bucket]! += size + 1;
    kept.add(result);
  }
  for (const result of results) if (kept.has(result)) buckets[bucketHash(result) % parts]!.push(result);
  const objects = buckets.map((bucket, index) => {
    const object: ReportObject = {
      apiVersion: options.api,
      kind: options.scope === '' ? kinds.cluster : kinds.namespaced,
      metadata: {
        name: partName(index, parts, options.name),
        ...(options.scope === '' ? {} : { namespace: options.scope }),
        labels: { [MANAGED_BY_LABEL]: REPORT_SOURCE },
        annotations: { [PART_ANNOTATION]: `${index + 1}/${parts}`, ...(truncated > 0 ? { [TRUNCATED_ANNOTATION]: String(truncated) } : {}) },
        ...(subject?.uid ? { ownerReferences: [{ apiVersion: subject.apiVersion, kind: subject.kind, name: subject.name, uid: subject.uid }] } : {}),
      },
      ...(subject ? { scope: { apiVersion: subject.apiVersion, kind: subject.kind, name: subject.name, namespace: subject.namespace, ...(subject.uid ? { uid: subject.uid } : {}) } } : {}),
      ...(options.api === 'openreports.io/v1alpha1' ? { source: REPORT_SOURCE } : {}),
      summary: summarizeResults(bucket),
      results: bucket,
    };
    object.metadata.annotations[DIGEST_ANNOTATION] = digestOf(object);
    return object;
  });
  return { objects, parts, truncated };
}
