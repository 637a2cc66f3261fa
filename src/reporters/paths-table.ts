/**
 * Attack paths in a terminal: `eksguard paths` prints every path of the report's `paths` section
 * ranked, step by step, then the fixes that cut the most paths; `scan`'s table ends with a summary
 * of them. Every string from input goes through escapeTerminal.
 */
import type { AttackPath, PathsSection } from '../core/attack-path.js';
import { escapeTerminal as safe, neutralizeCiCommands, VISIBLE_ESCAPES } from './text-safety.js';

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** `3 failing, 1 suppressed, 2 skipped` */
function counts(section: PathsSection): string {
  const { summary } = section;
  const parts = [`${summary.fail} failing`, ...(summary.suppressed ? [`${summary.suppressed} suppressed`] : []), ...(summary.skipped ? [`${summary.skipped} skipped (data missing)`] : [])];
  return `${plural(summary.total, 'attack path')}: ${parts.join(', ')}${summary.notListed ? ` (${summary.notListed} not listed)` : ''}`;
}

function fixLine(section: PathsSection, index: number): string {
  const fix = section.fixes[index]!;
  const cite = fix.edge.checkId ? ` [${safe(fix.edge.checkId)}]` : '';
  return `${safe(fix.fromLabel)} ${safe(fix.edge.label)} ${safe(fix.toLabel)}${cite}: cuts ${plural(fix.paths, 'path')}`;
}

/** The lines `scan`'s table ends with: how many paths, and the fixes that cut the most. */
export function pathSummaryLines(section: PathsSection | undefined, top = 3): string[] {
  if (!section || section.summary.total === 0) return [];
  const lines = [counts(section)];
  for (let index = 0; index < Math.min(top, section.fixes.length); index++) lines.push(`  fix ${index + 1}: ${fixLine(section, index)}`);
  lines.push('  (eksguard paths, or the HTML report, shows each path step by step)');
  return lines;
}

function pathLines(path: AttackPath, rank: number): string[] {
  const status = path.status === 'fail' ? path.severity.toUpperCase() : path.status.toUpperCase();
  const lines = [`${String(rank).padStart(3)}. ${status.padEnd(10)} ${path.checkId}  ${plural(path.edges.length, 'step')}  ${safe(path.nodes[0]?.label ?? '?')} → ${safe(path.nodes.at(-1)?.label ?? '?')}  [${path.id}]`];
  lines.push(`       ${safe(path.nodes[0]?.label ?? '?')}`);
  path.edges.forEach((edge, index) => {
    const cite = edge.checkId ? ` [${safe(edge.checkId)}]` : '';
    const marks = [path.cut?.edge === index ? 'FIX HERE' : '', edge.conditional ? 'conditional' : '', edge.missing ? 'not collected' : ''].filter(Boolean);
    lines.push(`         ${safe(edge.label)}${cite}${marks.length ? `  <${marks.join(', ')}>` : ''}: ${safe(edge.because)}`);
    lines.push(`       ${safe(path.nodes[index + 1]?.label ?? '?')}`);
  });
  if (path.missing?.length) lines.push(`       cannot be judged: ${safe(path.missing.join('; '))}`);
  if (path.suppression) lines.push(`       suppressed (${safe(path.suppression.source)}): ${safe(path.suppression.reason)}`);
  return lines;
}

/** `eksguard paths` as text. */
export function renderPathsTable(section: PathsSection | undefined): string {
  if (!section || section.paths.length === 0) return 'no attack path found\n';
  const out = [counts(section), ''];
  section.paths.forEach((path, index) => out.push(...pathLines(path, index + 1), ''));
  if (section.fixes.length > 0) {
    out.push('fixes that cut the most paths:');
    section.fixes.forEach((_, index) => out.push(`  ${index + 1}. ${fixLine(section, index)}`));
  }
  return neutralizeCiCommands(`${out.join('\n')}\n`, VISIBLE_ESCAPES);
}
