import type { Finding } from '../core/types.js';

/** The report a result belongs to: a namespace's name, or '' for the cluster-wide report. */
export type Scope = string;

export const CLUSTER_SCOPE: Scope = '';

/**
 * Where a result is reported: an object's own namespace; a Namespace's results (a namespace
 * without NetworkPolicies) in that namespace's report; everything else (cluster-scoped objects,
 * AWS resources, data gaps) in the cluster-wide report.
 */
export function scopeOf(finding: Finding): Scope {
  const ref = finding.resource;
  if ('arn' in ref) return CLUSTER_SCOPE;
  if (ref.namespace) return ref.namespace;
  if (ref.kind === 'Namespace' && ref.apiVersion === 'v1') return ref.name;
  return CLUSTER_SCOPE;
}

/**
 * The current results of every unit of evaluation (an object, a namespace, a cluster-wide
 * check), by the report each result belongs to. Replacing a unit's results names the reports
 * that may have changed.
 */
export class ResultIndex {
  private readonly units = new Map<string, Map<Scope, Finding[]>>();
  private readonly scopes = new Map<Scope, Set<string>>();

  /** Replaces a unit's results; returns the scopes it had or has results in. */
  set(unit: string, findings: readonly Finding[], touched: Set<Scope> = new Set()): Set<Scope> {
    this.delete(unit, touched);
    if (findings.length === 0) return touched;
    const byScope = new Map<Scope, Finding[]>();
    for (const finding of findings) {
      const scope = scopeOf(finding);
      const list = byScope.get(scope);
      if (list) list.push(finding);
      else byScope.set(scope, [finding]);
    }
    this.units.set(unit, byScope);
    for (const scope of byScope.keys()) {
      touched.add(scope);
      let members = this.scopes.get(scope);
      if (!members) this.scopes.set(scope, (members = new Set()));
      members.add(unit);
    }
    return touched;
  }

  delete(unit: string, touched: Set<Scope> = new Set()): Set<Scope> {
    const previous = this.units.get(unit);
    if (!previous) return touched;
    this.units.delete(unit);
    for (const scope of previous.keys()) {
      touched.add(scope);
      const members = this.scopes.get(scope);
      members?.delete(unit);
      if (members && members.size === 0) this.scopes.delete(scope);
    }
    return touched;
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

  scopesWithResults(): Scope[] {
    return [...this.scopes.keys()];
  }

  /** Every result, for metrics. */
  *all(): Iterable<Finding> {
    for (const byScope of this.units.values()) for (const list of byScope.values()) yield* list;
  }
}
