import type { KubeObject } from '../core/inventory.js';
import type { InputError } from '../core/types.js';
import type { ManifestFixResult } from '../fix/manifest-fix.js';
import type { ObjectPlan, PlannedSuggestion } from '../fix/plan.js';
import { LineIndex } from '../fix/text-edits.js';
import { unifiedDiff } from '../fix/unified-diff.js';
import { escapeControl } from '../reporters/text-safety.js';

/** What one `eksguard fix` run did, for the diff, the summary and the JSON. */
export interface FixRun {
  readonly dryRun: boolean;
  readonly manifests: ManifestFixResult;
  /** suggestions for objects no file holds as written (rendered, live) */
  readonly otherSuggestions: readonly (PlannedSuggestion & { object: KubeObject })[];
  readonly rendered: { plan: ObjectPlan; source: string; text: string; exposed: boolean }[];
  readonly kubectl: { plan: ObjectPlan; patch: Record<string, unknown>; command: string }[];
  readonly inputErrors: readonly InputError[];
  readonly written: string[];
  readonly writeErrors: string[];
}

/**
 * Every diff line made safe for a terminal: controls, bidirectional overrides and the like become
 * visible escapes, while tabs and line ends (a CRLF file's too) stay, so the diff still applies.
 */
function safeDiff(diff: string): string {
  return diff.replace(/[^\n]*(\n|$)/g, (line) => {
    const crlf = line.endsWith('\r\n');
    const body = line.slice(0, line.length - (crlf ? 2 : line.endsWith('\n') ? 1 : 0));
    return `${body.split('\t').map(escapeControl).join('\t')}${crlf ? '\r\n' : line.endsWith('\n') ? '\n' : ''}`;
  });
}

export function renderFixDiff(run: FixRun): string {
  const diffs = run.manifests.files.map((file) => safeDiff(unifiedDiff(file.file, file.before, file.edits)));
  const commands = run.kubectl.map((entry) => `${entry.command}\n`);
  return diffs.join('') + commands.join('');
}

function objectName(object: KubeObject): string {
  const where = object.provenance.location ? ` (${object.provenance.location.file}:${object.provenance.location.line ?? 1})` : '';
  return escapeControl(`${object.kind}/${object.namespace ? `${object.namespace}/` : ''}${object.name}${where}`);
}

/** The human summary on stderr: what was fixed, what was not and why, and what a person should do. */
export function renderFixSummary(run: FixRun): string {
  const lines: string[] = [];
  const applied = run.manifests.fixes.filter((fix) => fix.applied);
  const refused = run.manifests.fixes.filter((fix) => !fix.applied);
  const verb = run.dryRun ? 'would fix' : 'fixed';
  for (const fix of applied) lines.push(`${verb}: ${fix.checkId} ${objectName(fix.object)}: ${escapeControl(fix.description)}`);
  for (const fix of refused) lines.push(`not fixed: ${fix.checkId} ${objectName(fix.object)}: ${escapeControl(fix.reason ?? 'not proved')}`);
  for (const suggestion of [...run.manifests.suggestions, ...run.otherSuggestions]) {
    lines.push(`suggestion: ${suggestion.checkId} ${objectName(suggestion.object)}: ${escapeControl(suggestion.message)}`);
  }
  for (const advice of run.rendered) lines.push(escapeControl(advice.text).replaceAll('\\n', '\n'));
  if (run.kubectl.length > 0) lines.push(`${run.kubectl.length} kubectl patch ${run.kubectl.length === 1 ? 'command' : 'commands'} printed for review; eksguard never applies them`);
  for (const error of run.inputErrors) lines.push(`input error: ${escapeControl(`${error.location?.file ?? ''}${error.location?.line ? `:${error.location.line}` : ''} ${error.message}`.trim())}`);
  const files = run.manifests.files.length;
  if (files === 0 && applied.length === 0) {
    if (run.rendered.length === 0 && run.kubectl.length === 0) lines.push('nothing to fix mechanically');
  }
  else if (run.dryRun) lines.push(`dry run: ${files} ${files === 1 ? 'file' : 'files'} would change (re-scanned: the fixed checks pass, no new failure)`);
  else lines.push(`${run.written.length} of ${files} ${files === 1 ? 'file' : 'files'} written (re-scanned: the fixed checks pass, no new failure)`);
  return `${lines.join('\n')}\n`;
}

function objectRef(object: KubeObject): Record<string, unknown> {
  const location = object.provenance.location;
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.name,
    ...(object.namespace !== undefined ? { namespace: object.namespace } : {}),
    ...(location ? { file: location.file, ...(location.line !== undefined ? { line: location.line } : {}) } : {}),
  };
}

/** The machine-readable run: versioned; it only grows. */
export function renderFixJson(run: FixRun): string {
  const files = run.manifests.files.map((file) => {
    const lines = new LineIndex(file.before);
    return {
      file: file.file,
      written: run.written.includes(file.file),
      edits: file.edits.map((edit) => ({ line: lines.lineOf(edit.start) + 1, start: edit.start, end: edit.end, text: edit.text })),
      diff: unifiedDiff(file.file, file.before, file.edits),
    };
  });
  const body = {
    schemaVersion: 1,
    dryRun: run.dryRun,
    files,
    fixes: run.manifests.fixes.map((fix) => ({
      checkId: fix.checkId,
      severity: fix.finding.severity,
      object: objectRef(fix.object),
      description: fix.description,
      applied: fix.applied,
      ...(fix.reason !== undefined ? { reason: fix.reason } : {}),
      ops: fix.ops,
    })),
    suggestions: [...run.manifests.suggestions, ...run.otherSuggestions].map((suggestion) => ({ checkId: suggestion.checkId, object: objectRef(suggestion.object), message: suggestion.message })),
    rendered: run.rendered.map((advice) => ({
      source: advice.source,
      object: objectRef(advice.plan.object),
      checks: advice.plan.fixes.map((fix) => fix.checkId),
      exposedByValues: advice.exposed,
      advice: advice.text,
    })),
    kubectl: run.kubectl.map((entry) => ({ object: objectRef(entry.plan.object), checks: entry.plan.fixes.map((fix) => fix.checkId), patch: entry.patch, command: entry.command })),
    errors: [...run.writeErrors],
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
