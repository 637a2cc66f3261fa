import type { ControlEvidence, ControlResult, FrameworkResult } from '../core/framework-report.js';
import { describeResource } from './format-resource.js';

/**
 * The per-control section every report format shows with `--framework`. Each renderer takes the
 * escaper of its format, so attacker-controlled text (finding messages, resource names) stays
 * inert wherever it lands; the framework data itself is ours.
 */
type Escape = (text: string) => string;

export const scoreText = (result: FrameworkResult): string => (result.score === null ? 'no control judged' : `${result.score}%`);

function countsText(result: FrameworkResult): string {
  const { counts } = result;
  return `${counts.pass} pass, ${counts.fail} fail, ${counts.skipped} skipped, ${counts['not-applicable']} not applicable, ${counts.manual} manual, ${counts['not-covered']} not covered`;
}

function evidenceLine(evidence: ControlEvidence): string {
  const where = evidence.location ? ` (${evidence.location.file}${evidence.location.line ? `:${evidence.location.line}` : ''})` : '';
  return `${evidence.status} ${evidence.checkId} ${describeResource(evidence.resource)}${where}: ${evidence.message}`;
}

const more = (control: ControlResult) => (control.moreEvidence ? [`… ${control.moreEvidence} more`] : []);

/** Terminal lines: one per control, with its reason and the failing evidence under it. */
export function frameworkTableLines(results: readonly FrameworkResult[], safe: Escape): string[] {
  const out: string[] = [];
  for (const result of results) {
    out.push(`${result.title} ${result.version} (${result.name}): score ${scoreText(result)}; ${countsText(result)}`);
    for (const control of result.controls) {
      out.push(`  ${control.status.toUpperCase().padEnd(14)} ${control.id.padEnd(8)} ${control.title}`);
      out.push(`  ${''.padEnd(14)} ${''.padEnd(8)} ${safe(control.reason)}`);
      for (const evidence of control.evidence) out.push(`  ${''.padEnd(23)}   ${safe(evidenceLine(evidence))}`);
      for (const line of more(control)) out.push(`  ${''.padEnd(23)}   ${line}`);
    }
    out.push('');
  }
  return out;
}

/** Evidence per control in a Markdown cell: a pull-request comment stays short. */
const MARKDOWN_EVIDENCE = 5;

/** Markdown: a table per framework, evidence in the last cell. */
export function frameworkMarkdownLines(results: readonly FrameworkResult[], esc: Escape, limit: number): string[] {
  const out: string[] = [];
  for (const result of results) {
    out.push('', `**${esc(`${result.title} ${result.version}`)}**: score ${esc(scoreText(result))} (${esc(countsText(result))})`, '');
    out.push('| Control | Status | Title | Why | Evidence |', '|---|---|---|---|---|');
    for (const control of result.controls) {
      const shown = control.evidence.slice(0, Math.min(limit, MARKDOWN_EVIDENCE));
      const hidden = control.evidence.length - shown.length + (control.moreEvidence ?? 0);
      const evidence = [...shown.map((item) => esc(evidenceLine(item))), ...(hidden > 0 ? [`… ${hidden} more`] : [])];
      out.push(`| ${esc(control.id)} | ${control.status} | ${esc(control.title)} | ${esc(control.reason)} | ${evidence.join('<br>')} |`);
    }
  }
  return out;
}

/** HTML: the controls as an auditor reads them, by section, with status, reason and evidence. */
export function frameworkHtml(results: readonly FrameworkResult[], h: Escape): string {
  return results
    .map((result) => {
      let section = '';
      const rows: string[] = [];
      for (const control of result.controls) {
        if (control.section !== section) {
          section = control.section;
          rows.push(`<tr><th colspan="4">${h(section)}</th></tr>`);
        }
        const evidence = control.evidence.length
          ? `<details><summary>${control.evidence.length + (control.moreEvidence ?? 0)} findings</summary><ul>${control.evidence.map((item) => `<li>${h(evidenceLine(item))}</li>`).join('')}${control.moreEvidence ? `<li>… ${control.moreEvidence} more</li>` : ''}</ul></details>`
          : '';
        const note = control.note ? `<div class="area-desc">eksguard: ${h(control.note)}</div>` : '';
        rows.push(
          `<tr data-control-status="${control.status}"><td>${h(control.id)}</td><td><span class="std">${control.status}</span></td><td><span class="area-name">${h(control.title)}</span> <span class="area-desc">(${control.assessment})</span><div class="area-desc">${h(control.reason)}</div>${note}</td><td>${evidence}</td></tr>`,
        );
      }
      return `<h2>${h(`${result.title} ${result.version}`)}: score ${h(scoreText(result))}</h2>
<p class="meta">${h(countsText(result))}. The score is passed controls over judged ones (pass and fail); manual, not covered, skipped and not-applicable controls are left out of it.</p>
<table class="areas framework" id="framework-${h(result.name)}"><thead><tr><th>Control</th><th>Status</th><th>Title and reason</th><th>Evidence</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
    })
    .join('\n');
}
