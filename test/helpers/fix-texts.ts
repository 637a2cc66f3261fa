import type { Check, CheckSettings } from '../../src/core/check.js';
import { createContext, evaluateChecks } from '../../src/core/engine.js';
import { createInventory, type Inventory } from '../../src/core/inventory.js';
import { listedStatus } from '../../src/core/report.js';
import type { Finding, Severity } from '../../src/core/types.js';
import { allChecks } from '../../src/checks/index.js';
import { fixManifests, type ManifestFixResult } from '../../src/fix/manifest-fix.js';
import { MANIFEST_LIMITS, parseManifestText } from '../../src/sources/manifests/index.js';
import { DEFAULT_SETTINGS, FIXED_NOW } from './run-check.js';

export interface FixTextsOptions {
  checks?: readonly Check[];
  only?: readonly string[];
  severity?: Severity;
  unsafe?: boolean;
  settings?: Partial<CheckSettings>;
}

export interface FixTextsResult extends ManifestFixResult {
  /** every failing (check, object) before the fix */
  readonly before: readonly Finding[];
  /** the new text of every file (unchanged ones too) */
  readonly texts: Record<string, string>;
}

function parse(file: string, text: string) {
  return parseManifestText({ text, file, limits: MANIFEST_LIMITS, apiChecks: false }).objects;
}

/** Runs `eksguard fix`'s pipeline in process over files given as texts: the scan, the plan, the edit and the proving re-scan. */
export function fixTexts(files: Record<string, string>, options: FixTextsOptions = {}): FixTextsResult {
  const checks = options.checks ?? allChecks;
  const settings: CheckSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  const inventory = createInventory({ kube: Object.entries(files).flatMap(([file, text]) => parse(file, text)) });
  const evaluate = (next: Inventory): Finding[] => evaluateChecks({ inventory: next, checks, settings, now: FIXED_NOW, retain: listedStatus(false) }).findings;
  const findings = evaluate(inventory);
  const result = fixManifests({
    inventory,
    findings,
    checks,
    selection: { checks: new Set(options.only ?? []), ...(options.severity ? { severity: options.severity } : {}), options: { unsafe: options.unsafe ?? false } },
    ctx: createContext({ inventory, settings, now: FIXED_NOW }),
    evaluate,
    texts: new Map(Object.entries(files)),
    unreadable: new Map(),
    reparse: parse,
    limits: MANIFEST_LIMITS,
  });
  const texts = { ...files };
  for (const file of result.files) texts[file.file] = file.after;
  return { ...result, before: findings, texts };
}

/** Verdicts (check, object) → status of a scan of the texts, for before/after comparisons. */
export function verdicts(files: Record<string, string>, options: { checks?: readonly Check[]; settings?: Partial<CheckSettings> } = {}): Map<string, string> {
  const checks = options.checks ?? allChecks;
  const inventory = createInventory({ kube: Object.entries(files).flatMap(([file, text]) => parse(file, text)) });
  const { findings } = evaluateChecks({ inventory, checks, settings: { ...DEFAULT_SETTINGS, ...options.settings }, now: FIXED_NOW, retain: () => true });
  const out = new Map<string, string>();
  for (const finding of findings) {
    const key = `${finding.checkId} ${JSON.stringify(finding.resource)}`;
    // several verdicts for one pair: the worst counts
    if (out.get(key) !== 'fail') out.set(key, finding.status);
  }
  return out;
}

/** The lines of `before` must appear in `after` in order, except `replaced` of them (scalar replacements). */
export function untouchedLinesKept(before: string, after: string): { missing: string[] } {
  const old = before.split('\n');
  const next = after.split('\n');
  const missing: string[] = [];
  let at = 0;
  for (const line of old) {
    const found = next.indexOf(line, at);
    if (found === -1) missing.push(line);
    else at = found + 1;
  }
  return { missing };
}
