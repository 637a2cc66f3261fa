import type { Check, CheckContext, Subject } from '../core/check.js';
import type { KubeObject } from '../core/inventory.js';
import { applyPatch, cloneJson, PatchConflict, type FixOptions, type PatchOp } from '../core/patch.js';
import { isAtLeast, type Finding, type ResourceRef, type Severity } from '../core/types.js';
import { workloads } from '../k8s/targets.js';
import { toWorkload, toWorkloads, type Workload } from '../k8s/workload.js';

/**
 * Which failures to fix, and how: from the failing findings of a scan to the operations on each
 * object. A workload's fixes are computed one check after another (in catalogue order) on the
 * object as the earlier fixes left it, so that they compose: with --unsafe, privileged: false
 * comes first and lets allowPrivilegeEscalation: false follow in the same run.
 */

export interface FixSelection {
  /** `--check ID` (repeatable): only these checks; all checks with a fix when empty */
  readonly checks: ReadonlySet<string>;
  /** `--severity LEVEL`: only failures at or above it */
  readonly severity?: Severity;
  readonly options: FixOptions;
}

export interface PlannedFix {
  readonly checkId: string;
  readonly description: string;
  /** from the object's root */
  readonly ops: readonly PatchOp[];
  readonly finding: Finding;
}

export interface PlannedSuggestion {
  readonly checkId: string;
  readonly message: string;
  readonly finding: Finding;
}

/** What fix does to one object. */
export interface ObjectPlan {
  readonly object: KubeObject;
  readonly workload: Workload;
  readonly fixes: PlannedFix[];
  readonly suggestions: PlannedSuggestion[];
  /** the object's value with every fix applied */
  readonly patched: Record<string, unknown>;
}

/** The checks `eksguard fix` can fix: those with a `fix` that judge workloads. */
export function fixableChecks(checks: readonly Check[]): Check[] {
  return checks.filter((check) => check.fix !== undefined && check.target.id === workloads.id);
}

/** Identifies a finding's subject across two evaluations: its resource and the file it is read from. */
export function subjectKey(resource: ResourceRef, file: string | undefined): string {
  return `${JSON.stringify(resource)}\u0000${file ?? ''}`;
}

function selected(finding: Finding, selection: FixSelection): boolean {
  if (finding.status !== 'fail') return false;
  if (selection.checks.size > 0 && !selection.checks.has(finding.checkId)) return false;
  return selection.severity === undefined || isAtLeast(finding.severity, selection.severity);
}

function failsNow(check: Check, subject: Subject<Workload>, ctx: CheckContext): boolean {
  const result = check.evaluate(subject.value, ctx, subject);
  return (Array.isArray(result) ? result : [result]).some((verdict) => verdict.status === 'fail');
}

export function planFixes(options: { checks: readonly Check[]; findings: readonly Finding[]; ctx: CheckContext; selection: FixSelection }): ObjectPlan[] {
  const { ctx, selection } = options;
  const fixable = fixableChecks(options.checks);
  const byId = new Map(fixable.map((check) => [check.id, check]));
  const wanted = options.findings.filter((finding) => byId.has(finding.checkId) && selected(finding, selection));
  if (wanted.length === 0) return [];
  const subjects = new Map<string, Subject<Workload>[]>();
  // objects a plan does not edit, by key: a custom resource with several pod templates (a
  // RayCluster's groups) or one inside a list, or a pod assembled from several places (an Argo
  // Workflow's template); a plan edits an object's one template at a path of plain names
  const byHand = new Map<string, Subject<Workload>>();
  for (const subject of workloads.select(ctx.inventory, ctx)) {
    const key = subjectKey(subject.ref, subject.value.object.provenance.location?.file);
    if (toWorkloads(subject.value.object).length !== 1 || /[[\]"]/.test(subject.value.specPath) || subject.value.placeOf) {
      if (!byHand.has(key)) byHand.set(key, subject);
      continue;
    }
    const list = subjects.get(key);
    if (list) list.push(subject);
    else subjects.set(key, [subject]);
  }
  // failing checks per subject, in catalogue order
  const failing = new Map<Subject<Workload>, Map<string, Finding>>();
  const handPlans = new Map<Subject<Workload>, PlannedSuggestion[]>();
  for (const finding of wanted) {
    const key = subjectKey(finding.resource, finding.location?.file);
    const candidates = subjects.get(key) ?? [];
    const hand = candidates.length === 0 ? byHand.get(key) : undefined;
    if (hand) {
      const suggestions = handPlans.get(hand) ?? [];
      suggestions.push({ checkId: finding.checkId, message: `the object has several pod templates, or one inside a list, which eksguard fix does not edit: change ${finding.path ?? 'it'} by hand`, finding });
      handPlans.set(hand, suggestions);
      continue;
    }
    const check = byId.get(finding.checkId)!;
    for (const subject of candidates) {
      if (candidates.length > 1 && !failsNow(check, subject, ctx)) continue;
      let checks = failing.get(subject);
      if (!checks) failing.set(subject, (checks = new Map()));
      checks.set(finding.checkId, finding);
    }
  }
  const plans: ObjectPlan[] = [];
  for (const [subject, findings] of failing) plans.push(planObject(subject, findings, fixable, ctx, selection.options));
  for (const [subject, suggestions] of handPlans) {
    const object = subject.value.object;
    plans.push({ object, workload: subject.value, fixes: [], suggestions, patched: cloneJson(object.raw) as Record<string, unknown> });
  }
  return plans;
}

function planObject(subject: Subject<Workload>, findings: ReadonlyMap<string, Finding>, fixable: readonly Check[], ctx: CheckContext, options: FixOptions): ObjectPlan {
  const object = subject.value.object;
  const prefix = subject.value.specPath.split('.');
  const fixes: PlannedFix[] = [];
  const suggestions: PlannedSuggestion[] = [];
  let patched = cloneJson(object.raw) as Record<string, unknown>;
  for (const check of fixable) {
    const finding = findings.get(check.id);
    if (!finding) continue;
    const current = toWorkload({ ...object, raw: patched });
    if (!current) break;
    const outcome = check.fix!(current, ctx, options);
    if (!outcome) continue;
    if ('suggestion' in outcome) {
      suggestions.push({ checkId: check.id, message: outcome.suggestion, finding });
      continue;
    }
    const ops = outcome.fix.ops.map((op): PatchOp => ({ ...op, path: [...prefix, ...op.path] }));
    try {
      applyPatch(patched, ops);
    } catch (error) {
      if (!(error instanceof PatchConflict)) throw error;
      // the operations before the conflict may have changed the value: rebuild it from the fixes kept
      patched = cloneJson(object.raw) as Record<string, unknown>;
      for (const kept of fixes) applyPatch(patched, kept.ops);
      suggestions.push({ checkId: check.id, message: `the fix could not be applied (${error.message}); change it by hand`, finding });
      continue;
    }
    fixes.push({ checkId: check.id, description: outcome.fix.description, ops, finding });
  }
  return { object, workload: subject.value, fixes, suggestions, patched };
}
