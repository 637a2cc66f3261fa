import type { Report } from '../core/report.js';
import { renderJson } from './json.js';
import { renderTable } from './table.js';

export const FORMATS = ['table', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export interface ReporterOptions {
  color: boolean;
}

export type Reporter = (report: Report, options: ReporterOptions) => string;

export const reporters: Record<Format, Reporter> = {
  table: (report, options) => renderTable(report, options),
  json: (report) => renderJson(report),
};

export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}
