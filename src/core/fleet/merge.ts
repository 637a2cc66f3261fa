import type { Report, Summary } from '../report.js';
import { resourceKey } from '../suppression.js';
import { AREAS, SEVERITIES, STATUSES, isAwsRef, type Finding, type Gap, type InputError } from '../types.js';
import { canonicalJson, compareText, differingSettings, type FleetRecord } from './record.js';

/** Why reports cannot be combined; the CLI prints it as it is. */
export class MergeError extends Error {}

function findingOrder(finding: Finding): string[] {
  const ref = finding.resource;
  const where = isAwsRef(ref) ? ['aws', ref.arn] : ['kube', ref.context ?? '', resourceKey(ref)];
  return [finding.target ?? '', ...where, finding.checkId, finding.path ?? '', finding.status, finding.location?.file ?? '', String(finding.location?.line ?? 0).padStart(10, '0'), finding.message];
}

function compareTuples(a: readonly string[], b: readonly string[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index += 1) {
    const order = compareText(a[index]!, b[index]!);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

/** One order for the findings of a fleet, whatever order the targets were scanned or merged in. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .map((finding) => ({ finding, order: [...findingOrder(finding), canonicalJson(finding)] }))
    .sort((a, b) => compareTuples(a.order, b.order))
    .map((entry) => entry.finding);
}

function sortGaps(gaps: readonly Gap[]): Gap[] {
  return [...gaps].sort((a, b) => compareTuples([a.source, a.reason, a.checks.join(',')], [b.source, b.reason, b.checks.join(',')]));
}

function sortErrors(errors: readonly InputError[]): InputError[] {
  return [...errors].sort((a, b) => compareTuples([a.source, a.message, canonicalJson(a.location ?? null)], [b.source, b.message, canonicalJson(b.location ?? null)]));
}

function emptySummary(): Summary {
  return {
    ...(Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<(typeof STATUSES)[number], number>),
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Summary['bySeverity'],
    byArea: Object.fromEntries(AREAS.map((a) => [a, 0])) as Summary['byArea'],
  };
}

/** Targets are disjoint, so every count of the whole is the sum of the parts' counts. */
export function addSummaries(summaries: readonly Summary[]): Summary {
  const total = emptySummary();
  for (const summary of summaries) {
    for (const status of STATUSES) total[status] += summary[status] ?? 0;
    for (const severity of SEVERITIES) total.bySeverity[severity] += summary.bySeverity?.[severity] ?? 0;
    for (const area of AREAS) total.byArea[area] += summary.byArea?.[area] ?? 0;
  }
  return total;
}

/** The report of a set of disjoint targets: the parts' findings, errors and gaps in canonical order, summaries added. */
export function combineReports(parts: readonly Report[], options: { version: string; fleet: FleetRecord; extraGaps?: readonly Gap[]; extraErrors?: readonly InputError[] }): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'eksguard', version: options.version },
    summary: addSummaries(parts.map((part) => part.summary)),
    findings: sortFindings(parts.flatMap((part) => part.findings)),
    errors: sortErrors([...parts.flatMap((part) => part.errors), ...(options.extraErrors ?? [])]),
    gaps: sortGaps([...parts.flatMap((part) => part.gaps), ...(options.extraGaps ?? [])]),
    fleet: { ...options.fleet, targets: [...options.fleet.targets].sort(compareText) },
  };
}

export interface NamedReport {
  /** the file it came from, for error messages */
  name: string;
  report: Report;
}

export interface MergeOptions {
  /** accept a set of shards with some missing: each missing shard becomes a gap */
  allowMissingShards?: boolean;
  /** shards that started further apart than this belong to different runs (default 12 hours) */
  maxSpreadMs?: number;
}

export const DEFAULT_MAX_SPREAD_MS = 12 * 3600_000;

/** A shard left over from an earlier run (a report path reused every day) must not be merged into today's. */
function checkSpread(inputs: readonly NamedReport[], maxSpreadMs: number): string | undefined {
  const dated = inputs
    .map((input) => ({ name: input.name, at: Date.parse(input.report.fleet?.startedAt ?? '') }))
    .filter((entry) => !Number.isNaN(entry.at))
    .sort((a, b) => a.at - b.at);
  if (dated.length < 2) return undefined;
  const first = dated[0]!;
  const last = dated[dated.length - 1]!;
  if (last.at - first.at <= maxSpreadMs) return undefined;
  const hours = ((last.at - first.at) / 3600_000).toFixed(1);
  return `${last.name} was scanned ${hours} h after ${first.name}: they are not shards of one run (raise --max-spread if they are)`;
}

function fleetOf(input: NamedReport): FleetRecord {
  const fleet = input.report.fleet;
  if (!fleet || typeof fleet.settingsDigest !== 'string' || !Array.isArray(fleet.targets)) {
    throw new MergeError(`${input.name} is not a fleet report: only reports of scans with --shard, --org, --accounts, several --context or --all-contexts can be merged`);
  }
  if (input.report.baseline) throw new MergeError(`${input.name} was written with --baseline: merge the reports of scans without it`);
  return fleet;
}

/**
 * Shard reports → the report the unsharded scan would have written: the same findings, summary
 * and gaps. Refuses reports of other eksguard versions or settings, a shard given twice, targets
 * scanned twice, and (unless allowed) missing shards.
 */
export function mergeReports(inputs: readonly NamedReport[], options: MergeOptions = {}): Report {
  if (inputs.length === 0) throw new MergeError('no report to merge');
  const first = inputs[0]!;
  const firstFleet = fleetOf(first);
  const seenShards = new Map<number, string>();
  const seenTargets = new Map<string, string>();
  for (const input of inputs) {
    const fleet = fleetOf(input);
    if (input.report.tool?.version !== first.report.tool.version) {
      throw new MergeError(`${input.name} was written by eksguard ${String(input.report.tool?.version)}, ${first.name} by ${first.report.tool.version}: merge reports of one version`);
    }
    if (fleet.settingsDigest !== firstFleet.settingsDigest) {
      const names = differingSettings(firstFleet.settings, fleet.settings);
      throw new MergeError(`${input.name} and ${first.name} were scanned with different settings (${names.length > 0 ? names.join(', ') : 'digest'}): merge shards of one scan`);
    }
    if (fleet.shardCount !== firstFleet.shardCount) throw new MergeError(`${input.name} is one of ${fleet.shardCount} shards, ${first.name} one of ${firstFleet.shardCount}`);
    const indexes = fleet.shard ? [fleet.shard.index] : Array.from({ length: fleet.shardCount }, (_, index) => index);
    for (const index of indexes) {
      const other = seenShards.get(index);
      if (other !== undefined) throw new MergeError(`shard ${index}/${fleet.shardCount} is given twice (${other} and ${input.name})`);
      seenShards.set(index, input.name);
    }
    for (const target of fleet.targets) {
      const other = seenTargets.get(target);
      if (other !== undefined) throw new MergeError(`target ${target} is in both ${other} and ${input.name}`);
      seenTargets.set(target, input.name);
    }
  }
  const spread = checkSpread(inputs, options.maxSpreadMs ?? DEFAULT_MAX_SPREAD_MS);
  if (spread) throw new MergeError(spread);
  const missing = Array.from({ length: firstFleet.shardCount }, (_, index) => index).filter((index) => !seenShards.has(index));
  if (missing.length > 0 && !options.allowMissingShards) {
    throw new MergeError(`shard${missing.length === 1 ? '' : 's'} ${missing.map((index) => `${index}/${firstFleet.shardCount}`).join(', ')} missing: the merged report would not cover the fleet (pass --allow-missing-shards to merge what there is)`);
  }
  const { shard: _shard, ...record } = firstFleet;
  const started = inputs.map((input) => input.report.fleet?.startedAt).filter((at): at is string => typeof at === 'string' && !Number.isNaN(Date.parse(at))).sort();
  return combineReports(
    inputs.map((input) => input.report),
    {
      version: first.report.tool.version,
      fleet: { ...record, targets: [...seenTargets.keys()], ...(started[0] ? { startedAt: started[0] } : {}) },
      extraGaps: missing.map((index) => ({ source: 'eksguard merge', reason: `shard ${index}/${firstFleet.shardCount} is missing: its targets were not scanned`, checks: [] })),
    },
  );
}
