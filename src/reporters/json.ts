import type { Report } from '../core/report.js';

/** JSON.stringify escapes every control character, so attacker text cannot break the document. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
