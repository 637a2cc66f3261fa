import { diffReports, hasNewAtLeast } from '../core/fleet/diff.js';
import type { ExitCode } from '../core/report.js';
import type { Severity } from '../core/types.js';
import { DIFF_FORMATS, renderDiff, type DiffFormat } from '../reporters/diff.js';
import { UsageError } from './errors.js';
import { readReport } from './report-file.js';
import { writeReport } from './report-output.js';

export interface DiffCommandOptions {
  older: string;
  newer: string;
  format: string;
  output?: string;
  /** exit 1 when a new failure is at or above this severity */
  failOnNew?: Severity;
}

export function parseDiffFormat(value: string): DiffFormat {
  if ((DIFF_FORMATS as readonly string[]).includes(value)) return value as DiffFormat;
  throw new UsageError(`invalid --format "${value}"`, `use one of: ${DIFF_FORMATS.join(', ')}`);
}

/** `eksguard diff OLD NEW`: new, fixed and unchanged failures between two reports. */
export async function runDiff(options: DiffCommandOptions): Promise<ExitCode> {
  const format = parseDiffFormat(options.format);
  const diff = diffReports(await readReport(options.older), await readReport(options.newer));
  await writeReport([renderDiff(diff, format)], options.output, format === 'table' ? 'text' : format);
  if (diff.newer.errors > 0) {
    process.stderr.write(`eksguard: error: ${options.newer} records ${diff.newer.errors} input error${diff.newer.errors === 1 ? '' : 's'}: its failures are not complete\n`);
    return 2;
  }
  return options.failOnNew && hasNewAtLeast(diff, options.failOnNew) ? 1 : 0;
}
