import { compareSeverity, isAtLeast, type Finding, type KubeResourceRef, type Severity } from '../core/types.js';
import { escapeControl } from '../core/text-safety.js';
import type { ModeThresholds } from './config.js';
import type { Mode, NamespacePolicy } from './policy.js';

/** One failing check on the object, its paths merged: the unit of a denial line, a warning and a metric. */
export interface CheckFailure {
  checkId: string;
  severity: Severity;
  paths: string[];
  message: string;
  remediation: string;
  expiredSuppression: boolean;
}

export interface Decision {
  allowed: boolean;
  /** failing checks per mode they reach */
  byMode: Record<Mode, CheckFailure[]>;
  /** checks that threw (status `error`) */
  erroredChecks: string[];
  /** the denial text, when denied */
  message?: string;
  warnings: string[];
  /** true when enforcement was waived for a bookkeeping-only update */
  enforcementWaived: boolean;
}

export interface DecideOptions {
  findings: readonly Finding[];
  policy: NamespacePolicy;
  resource: KubeResourceRef;
  failurePolicy: 'Fail' | 'Ignore';
  /** an UPDATE that changes only status or bookkeeping metadata: warned and audited, never denied */
  waiveEnforcement: boolean;
}

// kubectl prints each warning on its own line; the API server truncates long ones, and
// Kubernetes asks webhooks to keep them short.
const WARNING_LIMIT = 240;
const MAX_WARNINGS = 12;
const MAX_DENIAL_LINES = 8;
const REMEDIATION_LIMIT = 160;
const MESSAGE_LIMIT = 200;

/** Attacker-controlled text (names, container names) becomes one safe line of bounded length. */
export function oneLine(text: string, limit: number): string {
  const flat = escapeControl(text.trim());
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}

function firstSentence(text: string): string {
  const match = /^(.+?[.!?])(\s|$)/s.exec(text.trim());
  return match ? match[1]! : text.trim();
}

/** Groups failing findings by check, most severe first, keeping the registry order among equals. */
export function checkFailures(findings: readonly Finding[]): CheckFailure[] {
  const byCheck = new Map<string, CheckFailure>();
  for (const finding of findings) {
    if (finding.status !== 'fail') continue;
    let failure = byCheck.get(finding.checkId);
    if (!failure) {
      failure = {
        checkId: finding.checkId,
        severity: finding.severity,
        paths: [],
        message: finding.message,
        remediation: finding.remediation,
        expiredSuppression: false,
      };
      byCheck.set(finding.checkId, failure);
    } else if (isAtLeast(finding.severity, failure.severity) && finding.severity !== failure.severity) {
      failure.severity = finding.severity;
      failure.message = finding.message;
    }
    if (finding.path !== undefined && !failure.paths.includes(finding.path)) failure.paths.push(finding.path);
    if (finding.expiredSuppression) failure.expiredSuppression = true;
  }
  const order = [...byCheck.keys()];
  return [...byCheck.values()].sort(
    (a, b) => compareSeverity(a.severity, b.severity) || order.indexOf(a.checkId) - order.indexOf(b.checkId),
  );
}

function reaching(failures: readonly CheckFailure[], limit: ModeThresholds[Mode]): CheckFailure[] {
  if (limit === 'none') return [];
  return failures.filter((failure) => isAtLeast(failure.severity, limit));
}

function describeObject(ref: KubeResourceRef): string {
  const name = ref.name || '<generated name>';
  return oneLine(ref.namespace ? `${ref.kind} ${ref.namespace}/${name}` : `${ref.kind} ${name}`, 300);
}

function pathsText(paths: readonly string[]): string {
  if (paths.length === 0) return '';
  const shown = paths.slice(0, 3).join(', ');
  return ` at ${shown}${paths.length > 3 ? ` (+${paths.length - 3} more)` : ''}`;
}

function failureLine(failure: CheckFailure, withFix: boolean): string {
  const expired = failure.expiredSuppression ? ' (suppression expired)' : '';
  const head = `${failure.checkId} [${failure.severity}]${expired}${pathsText(failure.paths)}: ${oneLine(failure.message, MESSAGE_LIMIT)}`;
  return withFix ? `${head}. Fix: ${oneLine(firstSentence(failure.remediation), REMEDIATION_LIMIT)}` : head;
}

/** The denial text: one line for the object and the namespace's threshold, then one line per failing check. */
export function denialMessage(resource: KubeResourceRef, failures: readonly CheckFailure[], threshold: Severity): string {
  const shown = failures.slice(0, MAX_DENIAL_LINES).map((failure) => `- ${failureLine(failure, true)}`);
  const more = failures.length > MAX_DENIAL_LINES ? [`- and ${failures.length - MAX_DENIAL_LINES} more: ${failures.slice(MAX_DENIAL_LINES).map((f) => f.checkId).join(', ')}`] : [];
  const noun = failures.length === 1 ? 'check' : 'checks';
  return [`eksguard: ${describeObject(resource)} fails ${failures.length} ${noun} at or above ${threshold} (enforce):`, ...shown, ...more].join('\n');
}

function warningsFor(failures: readonly CheckFailure[], invalidLabels: readonly string[]): string[] {
  const warnings = invalidLabels.map((label) => `eksguard: namespace label ${label} is not a severity or none; using info`);
  for (const failure of failures.slice(0, MAX_WARNINGS)) warnings.push(oneLine(`eksguard: ${failureLine(failure, false)}`, WARNING_LIMIT));
  if (failures.length > MAX_WARNINGS) warnings.push(`eksguard: and ${failures.length - MAX_WARNINGS} more failing checks`);
  return warnings;
}

/** Applies a namespace's modes to the findings of one object. Pure: the caller logs and counts. */
export function decide(options: DecideOptions): Decision {
  const failures = checkFailures(options.findings);
  const { thresholds } = options.policy;
  const byMode: Record<Mode, CheckFailure[]> = {
    enforce: options.waiveEnforcement ? [] : reaching(failures, thresholds.enforce),
    warn: reaching(failures, thresholds.warn),
    audit: reaching(failures, thresholds.audit),
  };
  const erroredChecks = [...new Set(options.findings.filter((f) => f.status === 'error').map((f) => f.checkId))];
  const warnings = warningsFor(byMode.warn, options.policy.invalidLabels);
  // A check that could not run leaves the object unjudged: where the namespace enforces,
  // the documented failurePolicy decides, as it does for any other internal error.
  const enforcing = thresholds.enforce !== 'none' && !options.waiveEnforcement;
  const errorDenies = enforcing && erroredChecks.length > 0 && options.failurePolicy === 'Fail';
  if (erroredChecks.length > 0 && !errorDenies) warnings.push(`eksguard: could not evaluate ${erroredChecks.join(', ')} (internal error); admitted under failurePolicy ${options.failurePolicy}`);

  if (byMode.enforce.length > 0) {
    const message = denialMessage(options.resource, byMode.enforce, thresholds.enforce as Severity);
    return { allowed: false, byMode, erroredChecks, message, warnings, enforcementWaived: false };
  }
  if (errorDenies) {
    const message = `eksguard: could not evaluate ${describeObject(options.resource)}: ${erroredChecks.join(', ')} failed with an internal error; denied under failurePolicy Fail`;
    return { allowed: false, byMode, erroredChecks, message, warnings, enforcementWaived: false };
  }
  return { allowed: true, byMode, erroredChecks, warnings, enforcementWaived: options.waiveEnforcement && reaching(failures, thresholds.enforce).length > 0 };
}
