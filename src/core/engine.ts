import type { Check, CheckContext, CheckSettings, Subject, Verdict } from './check.js';
import type { Inventory } from './inventory.js';
import { applySuppression, findSuppression, type SuppressionOutcome, type SuppressionRule } from './suppression.js';
import type { Finding, Gap, Location, Severity, Status } from './types.js';

type RunVerdict = Omit<Verdict, 'status'> & { status: Status };

export interface CheckOverride {
  enabled?: boolean;
  severity?: Severity;
}

export interface EngineOptions {
  checks: readonly Check[];
  inventory: Inventory;
  settings: CheckSettings;
  now: Date;
  reference?: Readonly<Record<string, unknown>>;
  overrides?: Readonly<Record<string, CheckOverride>>;
  suppressions?: readonly SuppressionRule[];
}

export function isCheckEnabled(check: Check, overrides: EngineOptions['overrides']): boolean {
  return overrides?.[check.id]?.enabled ?? check.enabledByDefault ?? true;
}

export function createContext(options: Pick<EngineOptions, 'inventory' | 'settings' | 'now' | 'reference'>): CheckContext {
  const cache = new Map<string, unknown>();
  return {
    now: options.now,
    settings: options.settings,
    inventory: options.inventory,
    reference: options.reference ?? {},
    memo<T>(key: string, build: () => T): T {
      if (!cache.has(key)) cache.set(key, build());
      return cache.get(key) as T;
    },
  };
}

function joinPath(prefix: string | undefined, path: string | undefined, absolute: boolean | undefined): string | undefined {
  if (path === undefined) return undefined;
  if (absolute || !prefix) return path;
  if (path === '') return prefix;
  return path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;
}

function starvingGap(check: Check, inventory: Inventory): Gap | undefined {
  for (const need of check.needs) {
    const gap = inventory.missing.get(need);
    if (gap) return gap;
  }
  return undefined;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

function isVerdictList(result: RunVerdict | readonly RunVerdict[]): result is readonly RunVerdict[] {
  return Array.isArray(result);
}

export type Tally = Record<Status, number>;

export interface Evaluation {
  /** the results `retain` kept, in check order */
  findings: Finding[];
  /** every result, counted by status, kept or not */
  tally: Tally;
}

export interface EvaluateOptions extends EngineOptions {
  /** which results to keep as findings (all by default); the others are only counted */
  retain?: (status: Status) => boolean;
}

function emptyTally(): Tally {
  return { fail: 0, pass: 0, 'not-applicable': 0, skipped: 0, suppressed: 0, error: 0 };
}

interface PendingLocation {
  finding: Finding;
  path: string;
}

/** Resolves field lines once per located object, after all checks ran, so each object's text is read once. */
function resolveLocations(pending: Map<(path: string) => Location | undefined, PendingLocation[]>): void {
  for (const [locate, entries] of pending) {
    for (const entry of entries) {
      const location = locate(entry.path);
      if (location) entry.finding.location = location;
    }
  }
}

/** Runs every enabled check over its subjects; one result per verdict. Never throws for a check's fault. */
export function evaluateChecks(options: EvaluateOptions): Evaluation {
  const ctx = createContext(options);
  const rules = options.suppressions ?? [];
  const retain = options.retain ?? (() => true);
  const findings: Finding[] = [];
  const tally = emptyTally();
  const pending = new Map<(path: string) => Location | undefined, PendingLocation[]>();
  for (const check of options.checks) {
    if (!isCheckEnabled(check, options.overrides)) continue;
    const override = options.overrides?.[check.id]?.severity;
    const severity = override ?? check.severity;
    const standards = [...check.standards];
    const gap = starvingGap(check, options.inventory);
    if (gap) {
      tally.skipped += 1;
      if (retain('skipped')) {
        findings.push({
          checkId: check.id,
          status: 'skipped',
          severity,
          area: check.area,
          title: check.title,
          message: `skipped: ${gap.source} could not be collected (${gap.reason})`,
          resource: { apiVersion: 'eksguard.io/v1', kind: 'DataGap', name: gap.source },
          standards,
          remediation: check.remediation,
        });
      }
      continue;
    }
    let subjects: readonly Subject<unknown>[];
    try {
      subjects = ctx.memo(`target:${check.target.id}`, () => check.target.select(options.inventory, ctx)) as readonly Subject<unknown>[];
    } catch (error) {
      // a target (or a shared view it builds) that fails is that check's error, not the run's
      tally.error += 1;
      findings.push({
        checkId: check.id,
        status: 'error',
        severity,
        area: check.area,
        title: check.title,
        message: `check failed to select its subjects: ${describeError(error)}`,
        resource: { apiVersion: 'eksguard.io/v1', kind: 'Check', name: check.id },
        standards,
        remediation: check.remediation,
      });
      continue;
    }
    const record = (subject: Subject<unknown>, verdict: RunVerdict): void => {
      let status: Status = verdict.status;
      let suppression: SuppressionOutcome | undefined;
      if (status === 'fail') {
        suppression = findSuppression({ checkId: check.id, ref: subject.ref, annotations: subject.annotations, rules, now: options.now });
        if (suppression.active) status = 'suppressed';
      }
      tally[status] += 1;
      if (!retain(status)) return;
      const path = joinPath(subject.pathPrefix, verdict.path, verdict.absolutePath);
      let finding: Finding = {
        checkId: check.id,
        status: verdict.status,
        severity: verdict.severity && !override ? verdict.severity : severity,
        area: check.area,
        title: check.title,
        message: verdict.message,
        resource: subject.ref,
        standards,
        remediation: check.remediation,
      };
      if (subject.location) finding.location = subject.location;
      if (path !== undefined) finding.path = path;
      if (suppression) finding = applySuppression(finding, suppression);
      if (path !== undefined && subject.locate && (status === 'fail' || status === 'suppressed')) {
        const entries = pending.get(subject.locate);
        if (entries) entries.push({ finding, path });
        else pending.set(subject.locate, [{ finding, path }]);
      }
      findings.push(finding);
    };
    for (const subject of subjects) {
      let result: RunVerdict | readonly RunVerdict[];
      try {
        result = check.evaluate(subject.value, ctx, subject);
      } catch (error) {
        result = { status: 'error', message: `check failed to run: ${describeError(error)}` };
      }
      if (isVerdictList(result)) for (const verdict of result) record(subject, verdict);
      else record(subject, result);
    }
  }
  resolveLocations(pending);
  return { findings, tally };
}

/** Every result of every enabled check, as findings. */
export function runChecks(options: EngineOptions): Finding[] {
  return evaluateChecks(options).findings;
}
