import type { Tally } from '../core/engine.js';
import { CONTROL_STATUSES, type ControlEvidence, type ControlResult, type ControlStatus, type FrameworkResult } from '../core/framework-report.js';
import type { Finding } from '../core/types.js';
import type { Control, Framework } from './model.js';

/** Findings listed per control: an auditor reads the first ones; the rest are counted. */
export const EVIDENCE_LIMIT = 20;

export interface AssessInput {
  framework: Framework;
  /** each check's results by status, for every check that ran */
  byCheck: Readonly<Record<string, Tally>>;
  /** the findings of the run (for evidence: any status but pass and not-applicable) */
  findings: readonly Finding[];
}

const EVIDENCE_STATUSES = new Set(['fail', 'suppressed', 'error', 'skipped']);
const EVIDENCE_ORDER: Record<string, number> = { fail: 0, error: 1, skipped: 2, suppressed: 3 };

function sumTallies(tallies: readonly Tally[]): ControlResult['results'] {
  const total = { pass: 0, fail: 0, skipped: 0, notApplicable: 0, suppressed: 0, error: 0 };
  for (const tally of tallies) {
    total.pass += tally.pass;
    total.fail += tally.fail;
    total.skipped += tally.skipped;
    total.notApplicable += tally['not-applicable'];
    total.suppressed += tally.suppressed;
    total.error += tally.error;
  }
  return total;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The status of a control decided by checks, and why, from its checks' results. */
function judge(checks: readonly string[], byCheck: AssessInput['byCheck']): { status: ControlStatus; reason: string; results: ControlResult['results'] } {
  const ran = checks.filter((id) => byCheck[id] !== undefined);
  const off = checks.filter((id) => byCheck[id] === undefined);
  const results = sumTallies(ran.map((id) => byCheck[id]!));
  const offNote = off.length > 0 ? `; not run: ${off.join(', ')}` : '';
  if (ran.length === 0) return { status: 'skipped', reason: `its checks did not run (${off.join(', ')}): off, or left out of this scan`, results };
  if (results.fail > 0) return { status: 'fail', reason: `${plural(results.fail, 'failure')} of ${ran.filter((id) => byCheck[id]!.fail > 0).join(', ')}${offNote}`, results };
  if (results.error > 0) return { status: 'skipped', reason: `a check that decides it errored (${ran.filter((id) => byCheck[id]!.error > 0).join(', ')})${offNote}`, results };
  if (results.skipped > 0) return { status: 'skipped', reason: `data it needs was not collected (${ran.filter((id) => byCheck[id]!.skipped > 0).join(', ')})${offNote}`, results };
  const judged = ran.filter((id) => byCheck[id]!.pass + byCheck[id]!.suppressed > 0);
  const empty = ran.filter((id) => { const t = byCheck[id]!; return t.pass + t.suppressed + t['not-applicable'] === 0; });
  const emptyNote = empty.length > 0 ? `; no subject in the scanned sources for ${empty.join(', ')}` : '';
  if (judged.length > 0) {
    const accepted = results.suppressed > 0 ? ` (${plural(results.suppressed, 'suppressed failure')}, with reasons)` : '';
    return { status: 'pass', reason: `${plural(results.pass, 'subject')} passed ${judged.join(', ')}${accepted}${emptyNote}${offNote}`, results };
  }
  if (results.notApplicable > 0) return { status: 'not-applicable', reason: `every subject was out of scope for ${ran.join(', ')}${offNote}`, results };
  return { status: 'skipped', reason: `no subject in the scanned sources for ${ran.join(', ')}${offNote}`, results };
}

function evidenceOf(checks: readonly string[], findings: readonly Finding[]): { evidence: ControlEvidence[]; more: number } {
  const wanted = new Set(checks);
  const relevant = findings.filter((finding) => wanted.has(finding.checkId) && EVIDENCE_STATUSES.has(finding.status));
  relevant.sort((a, b) => EVIDENCE_ORDER[a.status]! - EVIDENCE_ORDER[b.status]!);
  const evidence = relevant.slice(0, EVIDENCE_LIMIT).map((finding) => ({
    checkId: finding.checkId,
    status: finding.status,
    message: finding.message,
    resource: finding.resource,
    ...(finding.location ? { location: finding.location } : {}),
    ...(finding.path !== undefined ? { path: finding.path } : {}),
  }));
  return { evidence, more: relevant.length - evidence.length };
}

const NO_RESULTS: ControlResult['results'] = { pass: 0, fail: 0, skipped: 0, notApplicable: 0, suppressed: 0, error: 0 };

function assessControl(control: Control, input: AssessInput): ControlResult {
  const base = { id: control.id, section: control.section, title: control.title, assessment: control.assessment };
  const coverage = control.coverage;
  if (coverage.kind === 'manual') return { ...base, status: 'manual', reason: `for the auditor: ${coverage.auditor}`, checks: [], results: { ...NO_RESULTS }, evidence: [] };
  if (coverage.kind === 'not-covered') return { ...base, status: 'not-covered', reason: coverage.reason, checks: [], results: { ...NO_RESULTS }, evidence: [] };
  const { status, reason, results } = judge(coverage.checks, input.byCheck);
  const { evidence, more } = evidenceOf(coverage.checks, input.findings);
  return {
    ...base,
    status,
    reason,
    checks: [...coverage.checks],
    results,
    evidence,
    ...(more > 0 ? { moreEvidence: more } : {}),
    ...(coverage.note !== undefined ? { note: coverage.note } : {}),
  };
}

/** Passed controls over judged ones, in percent with one decimal; null when nothing was judged. */
export function frameworkScore(controls: readonly ControlResult[]): number | null {
  const passed = controls.filter((control) => control.status === 'pass').length;
  const judged = passed + controls.filter((control) => control.status === 'fail').length;
  return judged === 0 ? null : Math.round((passed / judged) * 1000) / 10;
}

/** Each control of the framework with its status, reason and evidence, and the framework's score. */
export function assessFramework(input: AssessInput): FrameworkResult {
  const controls = input.framework.controls.map((control) => assessControl(control, input));
  const counts = Object.fromEntries(CONTROL_STATUSES.map((status) => [status, 0])) as Record<ControlStatus, number>;
  for (const control of controls) counts[control.status] += 1;
  return { name: input.framework.name, title: input.framework.title, version: input.framework.version, score: frameworkScore(controls), counts, controls };
}

/** The checks a run limited to these frameworks needs: every check any of their controls names. */
export function frameworkCheckIds(frameworks: readonly Framework[]): Set<string> {
  const ids = new Set<string>();
  for (const framework of frameworks) for (const control of framework.controls) if (control.coverage.kind === 'checks') for (const id of control.coverage.checks) ids.add(id);
  return ids;
}
