import { isDeepStrictEqual } from 'node:util';
import type { Check, CheckContext } from '../core/check.js';
import { createInventory, type Inventory, type KubeObject } from '../core/inventory.js';
import type { Finding } from '../core/types.js';
import type { ManifestLimits } from '../sources/manifests/limits.js';
import { editManifestText, type ObjectPatch } from './file-edits.js';
import { planFixes, subjectKey, type FixSelection, type ObjectPlan, type PlannedFix, type PlannedSuggestion } from './plan.js';
import type { TextEdit } from './text-edits.js';
import { compareEvaluations, verdictKey } from './verify.js';

/**
 * Fixes of manifest files, proved before anything is written: the planned fixes are applied to
 * each file's text, the new texts are read back into objects exactly as the scan reads files,
 * and the checks run again on the whole inventory with those objects in place of the old ones.
 * A fix whose check still fails, or whose object fails a check it passed before, is left out and
 * the rest is planned and proved again (a few rounds at most).
 */

const MAX_ROUNDS = 4;

export interface FixedFile {
  /** the file as reports name it */
  readonly file: string;
  readonly before: string;
  readonly after: string;
  readonly edits: readonly TextEdit[];
}

export interface FixRecord extends PlannedFix {
  readonly object: KubeObject;
  /** proved and in the new text; otherwise `reason` says why it is left out */
  readonly applied: boolean;
  readonly reason?: string;
}

export interface SuggestionRecord extends PlannedSuggestion {
  readonly object: KubeObject;
}

export interface ManifestFixResult {
  readonly files: readonly FixedFile[];
  readonly fixes: readonly FixRecord[];
  readonly suggestions: readonly SuggestionRecord[];
  /** the findings of the final re-scan (of the new texts) */
  readonly findings: readonly Finding[];
}

export interface ManifestFixInput {
  readonly inventory: Inventory;
  /** the scan's findings (fail, error and suppressed results) */
  readonly findings: readonly Finding[];
  readonly checks: readonly Check[];
  readonly selection: FixSelection;
  readonly ctx: CheckContext;
  /** evaluates the checks on an inventory with the scan's settings */
  evaluate(inventory: Inventory): Finding[];
  /** the text of each file to edit, read just now (files that could not be read are absent, with `unreadable` saying why) */
  readonly texts: ReadonlyMap<string, string>;
  readonly unreadable: ReadonlyMap<string, string>;
  /** reads a file's text into objects as the scan did (undefined when the text has input errors) */
  reparse(file: string, text: string): KubeObject[] | undefined;
  readonly limits: ManifestLimits;
}

/** Objects the scan read from a manifest file as it is (not rendered by Helm or Kustomize, not standard input). */
export function editableFile(object: KubeObject): string | undefined {
  const provenance = object.provenance;
  if (provenance.source !== 'manifest' || provenance.rendered || provenance.documentIndex === undefined) return undefined;
  const file = provenance.location?.file;
  return file !== undefined && provenance.sourceId === file ? file : undefined;
}

function objectsByFile(inventory: Inventory): Map<string, KubeObject[]> {
  const out = new Map<string, KubeObject[]>();
  for (const object of inventory.kube) {
    const file = editableFile(object);
    if (file === undefined) continue;
    const list = out.get(file);
    if (list) list.push(object);
    else out.set(file, [object]);
  }
  return out;
}

function keyOf(object: KubeObject, ref: Finding['resource']): string {
  return subjectKey(ref, object.provenance.location?.file);
}

/** The inventory with each changed file's objects replaced by those read from its new text, in place. */
function replaceFiles(inventory: Inventory, replaced: ReadonlyMap<string, readonly KubeObject[]>): Inventory {
  const kube: KubeObject[] = [];
  const done = new Set<string>();
  for (const object of inventory.kube) {
    const file = editableFile(object);
    const replacement = file === undefined ? undefined : replaced.get(file);
    if (!replacement) {
      kube.push(object);
      continue;
    }
    if (done.has(file!)) continue;
    done.add(file!);
    kube.push(...replacement);
  }
  return createInventory({ kube, aws: [...inventory.aws], facts: inventory.facts, errors: [...inventory.errors], gaps: [...inventory.gaps], missing: new Map(inventory.missing) });
}

function sameObjects(scanned: readonly KubeObject[], read: readonly KubeObject[] | undefined): boolean {
  if (!read || read.length !== scanned.length) return false;
  return scanned.every((object, index) => isDeepStrictEqual(object.raw, read[index]!.raw));
}

/** A fix left out, with the reason: kept apart, since planning again no longer plans it. */
interface Exclusion {
  readonly reason: string;
  readonly fix?: PlannedFix;
  readonly object?: KubeObject;
}

type Exclusions = Map<string, Exclusion>;

export function fixManifests(input: ManifestFixInput): ManifestFixResult {
  const byFile = objectsByFile(input.inventory);
  const excluded: Exclusions = new Map();
  // files that cannot be edited: unreadable, or not what the scan read
  const blockedFiles = new Map<string, string>(input.unreadable);
  for (const [file, text] of input.texts) {
    if (!sameObjects(byFile.get(file) ?? [], input.reparse(file, text))) blockedFiles.set(file, 'the file changed since it was scanned; scan it again');
  }
  let final: { files: FixedFile[]; plans: ObjectPlan[]; findings: Finding[] } = { files: [], plans: [], findings: [...input.findings] };
  let allPlans: ObjectPlan[] = [];
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    allPlans = planFixes({
      checks: input.checks,
      findings: input.findings.filter((finding) => !excluded.has(verdictKey(finding.checkId, subjectKey(finding.resource, finding.location?.file)))),
      ctx: input.ctx,
      selection: input.selection,
    });
    const plans = allPlans.filter((plan) => plan.fixes.length > 0 && editableFile(plan.object) !== undefined && !blockedFiles.has(editableFile(plan.object)!));
    const outcome = applyRound(input, plans, byFile, excluded);
    if (outcome.retry && round + 1 < MAX_ROUNDS) continue;
    // the last round may still have left something out: then nothing of it is kept
    final = outcome.retry ? { files: [], plans: [], findings: [...input.findings] } : { files: outcome.files, plans, findings: outcome.findings };
    if (outcome.retry) for (const plan of plans) excludePlan(excluded, plan, 'no set of fixes held after several rounds of proving');
    break;
  }
  return { files: final.files, ...records(allPlans, final.plans, excluded, blockedFiles), findings: final.findings };
}

function excludePlan(excluded: Exclusions, plan: ObjectPlan, reason: string): void {
  for (const fix of plan.fixes) {
    const key = verdictKey(fix.checkId, keyOf(plan.object, fix.finding.resource));
    if (!excluded.has(key)) excluded.set(key, { reason, fix, object: plan.object });
  }
}

interface RoundResult {
  files: FixedFile[];
  findings: Finding[];
  /** something was left out: plan again without it */
  retry: boolean;
}

function applyRound(input: ManifestFixInput, plans: readonly ObjectPlan[], byFile: ReadonlyMap<string, readonly KubeObject[]>, excluded: Exclusions): RoundResult {
  const plansByFile = new Map<string, ObjectPlan[]>();
  for (const plan of plans) {
    const file = editableFile(plan.object)!;
    const list = plansByFile.get(file);
    if (list) list.push(plan);
    else plansByFile.set(file, [plan]);
  }
  const files: FixedFile[] = [];
  const replaced = new Map<string, KubeObject[]>();
  let retry = false;
  for (const [file, filePlans] of plansByFile) {
    const text = input.texts.get(file);
    if (text === undefined) {
      for (const plan of filePlans) excludePlan(excluded, plan, 'the file could not be read for editing');
      retry = true;
      continue;
    }
    const patches: ObjectPatch[] = filePlans.map((plan, index) => ({
      id: String(index),
      documentIndex: plan.object.provenance.documentIndex!,
      ...(plan.object.provenance.listIndex !== undefined ? { listIndex: plan.object.provenance.listIndex } : {}),
      ops: plan.fixes.flatMap((fix) => fix.ops),
    }));
    const edited = editManifestText(text, patches, input.limits);
    for (const [id, reason] of edited.failures) {
      excludePlan(excluded, filePlans[Number(id)]!, reason);
      retry = true;
    }
    if (edited.edits.length === 0) continue;
    const objects = input.reparse(file, edited.text);
    if (!objects || objects.length !== (byFile.get(file) ?? []).length) {
      for (const plan of filePlans) excludePlan(excluded, plan, 'the edited file would not read back as the same objects');
      retry = true;
      continue;
    }
    replaced.set(file, objects);
    files.push({ file, before: text, after: edited.text, edits: edited.edits });
  }
  if (retry) return { files, findings: [], retry };
  if (files.length === 0) return { files, findings: [...input.findings], retry: false };
  const findings = input.evaluate(replaceFiles(input.inventory, replaced));
  const fixByKey = new Map<string, { plan: ObjectPlan; fix: PlannedFix }>();
  for (const plan of plans) for (const fix of plan.fixes) fixByKey.set(verdictKey(fix.checkId, keyOf(plan.object, fix.finding.resource)), { plan, fix });
  const verification = compareEvaluations(input.findings, findings, fixByKey.keys());
  for (const key of verification.stillFailing) {
    const { plan, fix } = fixByKey.get(key)!;
    excluded.set(key, { reason: 'the check would still fail after the change (eksguard scanned the changed text again)', fix, object: plan.object });
    retry = true;
  }
  const planBySubject = new Map(plans.map((plan) => [keyOf(plan.object, plan.fixes[0]!.finding.resource), plan]));
  for (const failure of verification.newFailures) {
    const plan = planBySubject.get(subjectKey(failure.resource, failure.location?.file));
    const reason = `the change would make ${failure.checkId} fail: ${failure.message}`;
    if (plan) excludePlan(excluded, plan, reason);
    // a new failure of an object no fix touched: no fix of this round can be trusted
    else for (const each of plans) excludePlan(excluded, each, reason);
    retry = true;
  }
  return { files, findings, retry };
}

function records(allPlans: readonly ObjectPlan[], appliedPlans: readonly ObjectPlan[], excluded: Exclusions, blockedFiles: ReadonlyMap<string, string>): Pick<ManifestFixResult, 'fixes' | 'suggestions'> {
  const applied = new Set(appliedPlans);
  const fixes: FixRecord[] = [];
  const suggestions: SuggestionRecord[] = [];
  const recorded = new Set<string>();
  for (const plan of allPlans) {
    const file = editableFile(plan.object);
    if (file === undefined) continue;
    for (const suggestion of plan.suggestions) suggestions.push({ ...suggestion, object: plan.object });
    for (const fix of plan.fixes) {
      recorded.add(verdictKey(fix.checkId, keyOf(plan.object, fix.finding.resource)));
      const blocked = blockedFiles.get(file);
      if (applied.has(plan)) fixes.push({ ...fix, object: plan.object, applied: true });
      else fixes.push({ ...fix, object: plan.object, applied: false, reason: blocked ?? 'not proved' });
    }
  }
  for (const [key, exclusion] of excluded) {
    if (recorded.has(key) || !exclusion.fix || !exclusion.object) continue;
    fixes.push({ ...exclusion.fix, object: exclusion.object, applied: false, reason: exclusion.reason });
  }
  return { fixes, suggestions };
}
