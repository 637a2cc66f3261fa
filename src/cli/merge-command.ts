import { mergeReports, MergeError } from '../core/fleet/merge.js';
import { exitCodeFor, type ExitCode } from '../core/report.js';
import type { Severity } from '../core/types.js';
import type { RuleMeta } from '../reporters/rules.js';
import { UsageError } from './errors.js';
import type { OutputTarget } from './output-target.js';
import { readReport } from './report-file.js';
import { writeReports } from './report-output.js';

export interface MergeCommandOptions {
  reports: string[];
  outputs: OutputTarget[];
  failOn: Severity | 'none';
  allowMissingShards: boolean;
  maxSpreadMs?: number;
  checks: readonly RuleMeta[];
}

/** `eksguard merge REPORT…`: shard reports → the report of the whole fleet, in any format, with the scan's exit codes. */
export async function runMerge(options: MergeCommandOptions): Promise<ExitCode> {
  if (options.reports.length === 0) throw new UsageError('no report to merge', 'eksguard merge shard-0.json shard-1.json … -f json -o fleet.json');
  const inputs = [];
  // one at a time: each may be large, and a bad one is named before the next is read
  for (const name of options.reports) inputs.push({ name, report: await readReport(name) });
  let merged;
  try {
    merged = mergeReports(inputs, { allowMissingShards: options.allowMissingShards, ...(options.maxSpreadMs !== undefined ? { maxSpreadMs: options.maxSpreadMs } : {}) });
  } catch (error) {
    if (error instanceof MergeError) throw new UsageError(error.message);
    throw error;
  }
  await writeReports(merged, options.outputs, { checks: options.checks });
  return exitCodeFor(merged, options.failOn);
}
