import type { Severity } from '../core/types.js';
import { buildPolicyReports, resourceReportName, resultId, type ReportApi } from '../reporters/policy-report.js';
import type { PolicyReportSink } from '../sinks/policy-reports.js';
import { uidOf } from '../sources/kube/owners.js';
import type { IncrementalEvaluator } from './evaluator.js';
import { CLUSTER_SCOPE, parseScope, type Scope } from './results.js';
import { objectKey, type ClusterStore } from './store.js';

/** First-seen times are swept of results that went once there are more than this. */
const FIRST_SEEN_SWEEP = 50_000;

export interface ReportBuilderOptions {
  evaluator: IncrementalEvaluator;
  store: ClusterStore;
  sink: PolicyReportSink;
  apis: readonly ReportApi[];
  warnAt: Severity | 'none';
  maxReportBytes: number;
  warn(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Builds the policy reports of the scopes a flush touched from the evaluator's results and hands
 * them to the writer. It keeps what must hold from one build to the next: when each result was
 * first seen (a result's timestamp), how many parts a split report had (so a shrinking report
 * deletes its extra parts) and which namespaces had a report.
 */
export class ReportBuilder {
  private readonly firstSeen = new Map<string, Date>();
  private firstSeenLimit = FIRST_SEEN_SWEEP;
  private readonly partCounts = new Map<string, number>();
  /** the namespaces that had a report at the last build: one that went takes its namespace report with it */
  private namespacesWritten = new Set<string>();

  private readonly options: ReportBuilderOptions;

  constructor(options: ReportBuilderOptions) {
    this.options = options;
  }

  /**
   * Builds and hands to the writer the reports of `touched`. Only `sweep` (the first reports, and
   * after reading what an earlier writer left) compares every report the writer holds with every
   * live scope; a change touches only its own scopes and the namespaces that went.
   */
  build(touched: ReadonlySet<Scope>, now: Date, how: { sweep: boolean }): void {
    const { evaluator, sink, apis } = this.options;
    const namespaces = new Set(evaluator.namespaceScopes());
    const scopes = new Set(touched);
    for (const namespace of this.namespacesWritten) if (!namespaces.has(namespace)) scopes.add(namespace);
    this.namespacesWritten = namespaces;
    const live = (scope: Scope): boolean => scope === CLUSTER_SCOPE || namespaces.has(scope) || evaluator.hasResults(scope);
    for (const scope of scopes) {
      const findings = live(scope) ? evaluator.findingsIn(scope) : [];
      for (const finding of findings) {
        const id = resultId(finding);
        if (!this.firstSeen.has(id)) this.firstSeen.set(id, now);
      }
      const { namespace, resource } = parseScope(scope);
      const uid = resource ? this.storedUid(resource.kind, resource.namespace, resource.name, resource.apiVersion) : undefined;
      for (const api of apis) {
        const key = `${api}|${scope}`;
        if (!live(scope)) {
          sink.setScope(api, scope, []);
          this.partCounts.delete(key);
          continue;
        }
        const built = buildPolicyReports({
          api,
          scope: namespace,
          ...(resource ? { name: resourceReportName(resource.apiVersion, resource.kind, resource.name), subject: { ...resource, ...(uid ? { uid } : {}) } } : {}),
          findings,
          ...(scope === CLUSTER_SCOPE ? { gaps: evaluator.gaps() } : {}),
          warnAt: this.options.warnAt,
          maxBytes: this.options.maxReportBytes,
          previousParts: this.partCounts.get(key) ?? 1,
          firstSeen: (id) => this.firstSeen.get(id) ?? now,
          // Policy Reporter keys its resource views by the reference's uid
          uidOf: (ref) => this.storedUid(ref.kind, ref.namespace, ref.name, ref.apiVersion),
          now,
        });
        if (built.parts > 1) this.partCounts.set(key, built.parts);
        else this.partCounts.delete(key);
        if (built.truncated > 0) this.options.warn('report too large even split: least severe results left out', { scope, truncated: built.truncated });
        sink.setScope(api, scope, built.objects);
      }
    }
    if (how.sweep) {
      const all = new Set(evaluator.scopes());
      for (const api of apis) sink.retainScopes(api, all);
    }
    this.forgetGoneResults();
  }

  private storedUid(kind: string, namespace: string | undefined, name: string, apiVersion: string | undefined): string | undefined {
    const object = this.options.store.get(objectKey(kind, namespace, name, apiVersion));
    return object ? uidOf(object) : undefined;
  }

  /**
   * First-seen times of results that are gone are forgotten (bounded by the current results). A
   * sweep reads every result: the next waits until the map has doubled, so a cluster with more
   * results than the threshold does not sweep on every change.
   */
  private forgetGoneResults(): void {
    if (this.firstSeen.size <= this.firstSeenLimit) return;
    const current = new Set<string>();
    for (const finding of this.options.evaluator.allFindings()) current.add(resultId(finding));
    for (const id of this.firstSeen.keys()) if (!current.has(id)) this.firstSeen.delete(id);
    this.firstSeenLimit = Math.max(FIRST_SEEN_SWEEP, 2 * this.firstSeen.size);
  }
}
