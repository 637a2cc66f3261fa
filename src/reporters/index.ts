import type { Report } from '../core/report.js';
import { toAsffFindings, type AsffDefaults } from './asff.js';
import { renderHtml } from './html.js';
import { renderJson, renderJsonChunks, renderSafeJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import type { RuleMeta } from './rules.js';
import { renderSarif } from './sarif.js';
import { renderTable } from './table.js';

export const FORMATS = ['table', 'json', 'sarif', 'junit', 'html', 'markdown', 'asff'] as const;
export type Format = (typeof FORMATS)[number];

export interface ReporterOptions {
  color: boolean;
  /** the check catalogue, for rule metadata (SARIF rules, HTML rationale); reporters never import the registry */
  checks?: readonly RuleMeta[];
  /** when the scan ran (HTML shows it); left out, the output is fully deterministic */
  generatedAt?: Date;
  /** where the generated check pages live; defaults to the project's docs/checks */
  docsBaseUrl?: string;
  /** ASFF: the account and region of findings that name none */
  asff?: AsffDefaults;
}

export type Reporter = (report: Report, options: ReporterOptions) => string;

export const reporters: Record<Format, Reporter> = {
  table: (report, options) => renderTable(report, options),
  json: (report) => renderJson(report),
  sarif: (report, options) => renderSarif(report, { checks: options.checks, docsBaseUrl: options.docsBaseUrl }),
  junit: (report, options) => renderJunit(report, { checks: options.checks }),
  html: (report, options) => renderHtml(report, { checks: options.checks, generatedAt: options.generatedAt, docsBaseUrl: options.docsBaseUrl }),
  markdown: (report, options) => renderMarkdown(report, { docsBaseUrl: options.docsBaseUrl }),
  // the input of `aws securityhub batch-import-findings --cli-input-json` (at most 100 findings a call)
  asff: (report, options) =>
    renderSafeJson({
      Findings: toAsffFindings(report, {
        ...(options.asff ? { defaults: options.asff } : {}),
        ...(options.generatedAt ? { generatedAt: options.generatedAt } : {}),
        ...(options.docsBaseUrl ? { docsBaseUrl: options.docsBaseUrl } : {}),
      }),
    }),
};

/** The report in chunks, for writing: JSON streams finding by finding so a huge report is never one string. */
export function reportChunks(format: Format, report: Report, options: ReporterOptions): Iterable<string> {
  return format === 'json' ? renderJsonChunks(report) : [reporters[format](report, options)];
}

export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}
