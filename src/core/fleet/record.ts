import { createHash } from 'node:crypto';

/**
 * What a fleet report records about the run that made it, so that shard reports can be merged
 * (`eksguard merge`) and fleet reports compared (`eksguard diff`) only when they are alike.
 * The report JSON only grows: this is the optional `fleet` member.
 */
export interface FleetRecord {
  /** everything that shapes the findings apart from which targets were scanned */
  settings: FleetSettings;
  /** sha256 of `settings` in canonical JSON, for a quick comparison */
  settingsDigest: string;
  /** which share of the fleet this report holds; absent for an unsharded or merged report */
  shard?: ShardSpec;
  /** how many shards the fleet was cut into (1 when unsharded) */
  shardCount: number;
  /** keys of the targets scanned (sorted): `aws:ACCOUNT:REGION:CLUSTER` or `kube:CONTEXT` */
  targets: string[];
  /** when the scan started (the earliest shard's, after a merge): shards of different runs are not merged */
  startedAt?: string;
}

/** Values are plain JSON; secrets (an external ID) appear only as digests. */
export type FleetSettings = Readonly<Record<string, string | number | boolean | null | readonly string[]>>;

export interface ShardSpec {
  /** counts from 0, like a Kubernetes Indexed Job's JOB_COMPLETION_INDEX */
  index: number;
  count: number;
}

/** JSON with object keys sorted, so that equal settings always give the same text and digest. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function digestOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** Settings that differ between two records, named for an error message. */
export function differingSettings(a: FleetSettings, b: FleetSettings): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((key) => canonicalJson(a[key] ?? null) !== canonicalJson(b[key] ?? null));
}

export function awsTargetKey(account: string, region: string, cluster: string): string {
  return `aws:${account}:${region}:${cluster}`;
}

export function kubeTargetKey(context: string): string {
  return `kube:${context}`;
}

/** Code-unit order: the same in every locale and runtime, so every shard sorts alike. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
