import type { Finding, KubeResourceRef } from '../core/types.js';
import { isInternalRef, type ReportObject } from '../reporters/policy-report.js';

/**
 * The report a result belongs to: '' for the cluster-wide report, a namespace's name for that
 * namespace's own report, or a namespaced resource (see `resourceScope`) for that resource's
 * report.
 */
export type Scope = string;

export const CLUSTER_SCOPE: Scope = '';

const SEPARATOR = '\u0000';

/** The resource a per-resource report is about. */
export interface ScopedResource {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
}

/** The scope of one namespaced resource's report; NUL cannot occur in any of the parts. */
export function resourceScope(resource: ScopedResource): Scope {
  return [resource.namespace, resource.apiVersion, resource.kind, resource.name].join(SEPARATOR);
}

/** The namespace a scope's report lives in ('' for the cluster-wide report) and, for a resource's report, the resource. */
export function parseScope(scope: Scope): { namespace: string; resource?: ScopedResource } {
  if (!scope.includes(SEPARATOR)) return { namespace: scope };
  const [namespace, apiVersion, kind, name] = scope.split(SEPARATOR) as [string, string, string, string];
  return { namespace, resource: { apiVersion, kind, name, namespace } };
}

/**
 * Where a result is reported: a namespaced resource's results in that resource's own report (the
 * PolicyReport layout of Kyverno and trivy-operator, so a change of one workload rewrites one
 * small object); a Namespace's results (a namespace without NetworkPolicies) and namespaced
 * results about no one resource in the namespace's report; everything else (cluster-scoped
 * objects, AWS resources, data gaps) in the cluster-wide report.
 */
export function scopeOf(finding: Finding): Scope {
  const ref = finding.resource;
  if ('arn' in ref) return CLUSTER_SCOPE;
  if (ref.namespace) return isInternalRef(ref) ? ref.namespace : resourceScope(ref as KubeResourceRef & { namespace: string });
  if (ref.kind === 'Namespace' && ref.apiVersion === 'v1') return ref.name;
  return CLUSTER_SCOPE;
}

/** The scope of a report found in the cluster: its `scope` resource, else its namespace ('' cluster-wide). */
export function scopeOfReport(object: ReportObject): Scope {
  const namespace = object.metadata.namespace ?? '';
  const subject = object.scope;
  if (namespace !== '' && subject && typeof subject.kind === 'string' && typeof subject.name === 'string' && typeof subject.apiVersion === 'string') {
    return resourceScope({ namespace, apiVersion: subject.apiVersion, kind: subject.kind, name: subject.name });
  }
  return namespace;
}

/** The namespace a result is about ('' for cluster-scoped and AWS resources). */
export function namespaceOf(finding: Finding): string {
  const ref = finding.resource;
  if ('arn' in ref) return CLUSTER_SCOPE;
  if (ref.namespace) return ref.namespace;
  return ref.kind === 'Namespace' && ref.apiVersion === 'v1' ? ref.name : CLUSTER_SCOPE;
}

/** Two lists of one unit's results in one scope, as the evaluation returned them (its order is deterministic). */
function sameFindings(a: readonly Finding[] | undefined, b: readonly Finding[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index] && JSON.stringify(a[index]) !== JSON.stringify(b[index])) return false;
  return true;
}

/**
 * The current results of every unit of evaluation (an object, a namespace, a cluster-wide
 * check), by the report each result belongs to. Replacing a unit's results names the reports
 * whose results did change: a namespace re-judged for one new Pod names that Pod's report, not
 * the reports of its hundred unchanged neighbours.
 */
export class ResultIndex {
  private readonly units = new Map<string, Map<Scope, Finding[]>>();
  private readonly scopes = new Map<Scope, Set<string>>();

  /** Replaces a unit's results; adds the scopes whose results changed to `touched`. */
  set(unit: string, findings: readonly Finding[], touched: Set<Scope> = new Set()): Set<Scope> {
    const previous = this.units.get(unit);
    const byScope = new Map<Scope, Finding[]>();
    for (const finding of findings) {
      const scope = scopeOf(finding);
      const list = byScope.get(scope);
      if (list) list.push(finding);
      else byScope.set(scope, [finding]);
    }
    if (previous) {
      for (const [scope, list] of previous) {
        if (!sameFindings(list, byScope.get(scope))) touched.add(scope);
        if (!byScope.has(scope)) this.leave(scope, unit);
      }
    }
    if (byScope.size === 0) {
      this.units.delete(unit);
      return touched;
    }
    this.units.set(unit, byScope);
    for (const scope of byScope.keys()) {
      if (!previous?.has(scope)) touched.add(scope);
      let members = this.scopes.get(scope);
      if (!members) this.scopes.set(scope, (members = new Set()));
      members.add(unit);
    }
    return touched;
  }

  delete(unit: string, touched: Set<Scope> = new Set()): Set<Scope> {
    return this.set(unit, [], touched);
  }

  private leave(scope: Scope, unit: string): void {
    const members = this.scopes.get(scope);
    members?.delete(unit);
    if (members && members.size === 0) this.scopes.delete(scope);
  }

  /** Units whose id starts with the prefix (`o:` objects, `c:` cluster-wide checks). */
  unitIds(prefix: string): string[] {
    return [...this.units.keys()].filter((unit) => unit.startsWith(prefix));
  }

  findingsIn(scope: Scope): Finding[] {
    const out: Finding[] = [];
    for (const unit of this.scopes.get(scope) ?? []) for (const finding of this.units.get(unit)?.get(scope) ?? []) out.push(finding);
    return out;
  }

  hasScope(scope: Scope): boolean {
    return this.scopes.has(scope);
  }

  scopesWithResults(): Scope[] {
    return [...this.scopes.keys()];
  }

  /** Every result, for metrics. */
  *all(): Iterable<Finding> {
    for (const byScope of this.units.values()) for (const list of byScope.values()) yield* list;
  }
}
