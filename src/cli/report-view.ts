import type { Report } from '../core/report.js';
import { isAtLeast, type Severity } from '../core/types.js';
import { inputsLine, renderQuiet, summaryLine } from '../reporters/table.js';
import type { TableOptions } from '../reporters/table.js';
import type { Grouping } from '../reporters/table-views.js';
import { escapeControl } from '../reporters/text-safety.js';
import type { OutputTarget } from './output-target.js';

/** What is shown, not what is judged: `--severity`, `--group-by`, `--show-fix`, `-q`. */
export interface ReportView {
  /** `--severity`: list only findings at or above it, in every format (the summary still counts everything) */
  severity?: Severity;
  /** `--group-by` for the table */
  grouping?: Grouping;
  /** `--show-fix`: the remediation under each failure in the table */
  showFix?: boolean;
  /** `-q`: the table is the summary line alone; input errors go to stderr; no progress line */
  quiet?: boolean;
}

/** The report as shown: findings below `--severity` left out, the summary untouched. */
export function shownReport(report: Report, severity: Severity | undefined): { report: Report; hidden: number } {
  if (!severity) return { report, hidden: 0 };
  const findings = report.findings.filter((finding) => isAtLeast(finding.severity, severity));
  return { report: { ...report, findings }, hidden: report.findings.length - findings.length };
}

/** The table's layout options for a view. */
export function tableOptionsOf(view: ReportView, hidden: number): Omit<TableOptions, 'color'> {
  return {
    ...(view.grouping ? { grouping: view.grouping } : {}),
    showFix: view.showFix ?? false,
    ...(view.severity ? { hidden: { count: hidden, below: view.severity } } : {}),
  };
}

/** `-q` in place of the table: what was read and the summary line. */
export function quietTable(report: Report): string {
  return renderQuiet(report);
}

/**
 * What goes to stderr after the reports: with -q, the input errors the table would have shown;
 * with every report in a file, what was read and the summary, so a terminal or CI log still has
 * the verdict.
 */
export function stderrAfterReports(report: Report, outputs: readonly OutputTarget[], view: ReportView): string {
  const lines: string[] = [];
  if (view.quiet) {
    for (const error of report.errors) {
      const where = error.location ? `${error.location.file}${error.location.line ? `:${error.location.line}` : ''}: ` : '';
      lines.push(`eksguard: error: ${escapeControl(where + error.message)}`);
    }
  }
  if (outputs.length > 0 && outputs.every((output) => output.file && output.file !== '-')) {
    lines.push(...[inputsLine(report), summaryLine(report)].filter((line): line is string => line !== undefined).map(escapeControl));
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
