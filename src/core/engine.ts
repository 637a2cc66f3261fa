import type { Check, CheckContext, CheckSettings, Subject, Verdict } from './check.js';
import type { Inventory } from './inventory.js';
import { applySuppression, findSuppression, type SuppressionRule } from './suppression.js';
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

function locationOf(subject: Subject<unknown>, path: string | undefined, status: Status): { location?: Location } {
  const exact = path !== undefined && status === 'fail' && subject.locate ? subject.locate(path) : undefined;
  const location = exact ?? subject.location;
  return location ? { location } : {};
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

/** Runs every enabled check over its subjects; one finding per verdict. Never throws for a check's fault. */
export function runChecks(options: EngineOptions): Finding[] {
  const ctx = createContext(options);
  const rules = options.suppressions ?? [];
  const findings: Finding[] = [];
  for (const check of options.checks) {
    if (!isCheckEnabled(check, options.overrides)) continue;
    const severity = options.overrides?.[check.id]?.severity ?? check.severity;
    const base = {
      checkId: check.id,
      severity,
      area: check.area,
      title: check.title,
      standards: [...check.standards],
      remediation: check.remediation,
    };
    const gap = starvingGap(check, options.inventory);
    if (gap) {
      findings.push({
        ...base,
        status: 'skipped',
        message: `skipped: ${gap.source} could not be collected (${gap.reason})`,
        resource: { apiVersion: 'eksguard.io/v1', kind: 'DataGap', name: gap.source },
      });
      continue;
    }
    const subjects = ctx.memo(`target:${check.target.id}`, () => check.target.select(options.inventory, ctx)) as readonly Subject<unknown>[];
    for (const subject of subjects) {
      let verdicts: readonly RunVerdict[];
      try {
        const result = check.evaluate(subject.value, ctx, subject);
        verdicts = Array.isArray(result) ? result : [result as Verdict];
      } catch (error) {
        verdicts = [{ status: 'error', message: `check failed to run: ${describeError(error)}` }];
      }
      for (const verdict of verdicts) {
        const path = joinPath(subject.pathPrefix, verdict.path, verdict.absolutePath);
        let finding: Finding = {
          ...base,
          ...(verdict.severity && !options.overrides?.[check.id]?.severity ? { severity: verdict.severity } : {}),
          status: verdict.status,
          message: verdict.message,
          resource: subject.ref,
          ...locationOf(subject, path, verdict.status),
          ...(path !== undefined ? { path } : {}),
        };
        if (finding.status === 'fail') {
          finding = applySuppression(
            finding,
            findSuppression({ checkId: check.id, ref: subject.ref, annotations: subject.annotations, rules, now: options.now }),
          );
        }
        findings.push(finding);
      }
    }
  }
  return findings;
}
