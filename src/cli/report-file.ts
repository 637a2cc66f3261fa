import type { Report } from '../core/report.js';
import { SEVERITIES, STATUSES } from '../core/types.js';
import { UsageError } from './errors.js';
import { readReportText } from './report-output.js';

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** What is wrong with a parsed report, naming the first bad field; undefined when it has the shape of schemaVersion 1. */
export function reportProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'it is not a JSON object';
  if (value['schemaVersion'] !== 1) return `schemaVersion is ${JSON.stringify(value['schemaVersion'] ?? null)}, not 1 (write it with --format json)`;
  const tool = value['tool'];
  if (!isRecord(tool) || tool['name'] !== 'eksguard' || typeof tool['version'] !== 'string') return 'tool is not { "name": "eksguard", "version": … }';
  if (!isRecord(value['summary'])) return 'summary is missing';
  for (const key of ['findings', 'errors', 'gaps'] as const) if (!Array.isArray(value[key])) return `${key} is not a list`;
  for (const [index, finding] of (value['findings'] as unknown[]).entries()) {
    if (!isRecord(finding)) return `findings[${index}] is not an object`;
    if (typeof finding['checkId'] !== 'string') return `findings[${index}].checkId is not a string`;
    if (!(STATUSES as readonly unknown[]).includes(finding['status'])) return `findings[${index}].status is not a result status`;
    if (!(SEVERITIES as readonly unknown[]).includes(finding['severity'])) return `findings[${index}].severity is not a severity`;
    const resource = finding['resource'];
    if (!isRecord(resource) || (typeof resource['arn'] !== 'string' && (typeof resource['kind'] !== 'string' || typeof resource['name'] !== 'string'))) {
      return `findings[${index}].resource names neither an ARN nor a kind and name`;
    }
    if (!Array.isArray(finding['standards'])) return `findings[${index}].standards is not a list`;
  }
  for (const [index, gap] of (value['gaps'] as unknown[]).entries()) {
    if (!isRecord(gap) || typeof gap['source'] !== 'string' || typeof gap['reason'] !== 'string' || !Array.isArray(gap['checks'])) return `gaps[${index}] is not { source, reason, checks }`;
  }
  const fleet = value['fleet'];
  if (fleet !== undefined && (!isRecord(fleet) || typeof fleet['settingsDigest'] !== 'string' || !Array.isArray(fleet['targets']) || !isRecord(fleet['settings']) || typeof fleet['shardCount'] !== 'number')) {
    return 'fleet is not a fleet record (settings, settingsDigest, shardCount, targets)';
  }
  return undefined;
}

/** Reads a JSON report (a file or s3://bucket/key) written by `scan --format json` or `merge`. */
export async function readReport(source: string): Promise<Report> {
  const text = await readReportText(source);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not JSON: ${(error as Error).message.slice(0, 120)}`, 'give a report written with --format json');
  }
  const problem = reportProblem(value);
  if (problem) throw new UsageError(`${source} is not an eksguard report: ${problem}`, 'give a report written with --format json');
  return value as Report;
}
