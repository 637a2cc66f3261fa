import { CHECK_CATALOGUE } from '../checks/catalogue.js';
import type { Inventory } from '../core/inventory.js';
import { readAwsSnapshot, type AwsNothing } from '../sources/aws-snapshot/index.js';
import type { AwsCollectOptions } from '../sources/aws/index.js';
import { terminalProgress } from '../sources/kube/progress.js';
import { UsageError } from './errors.js';

// The AWS SDK takes seconds to load: only AWS runs pay for it.
const loadAwsSource = () => import('../sources/aws/index.js');

/** `scan --aws …` / `scan --aws-snapshot DIR` / `collect aws …`, as parsed from the command line. */
export interface AwsScanOptions {
  live?: LiveAwsOptions;
  snapshot?: string;
}

export interface LiveAwsOptions {
  regions: string[];
  clusters: string[];
  profile?: string;
  ssmParameterPrefix?: string;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]*$/;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

export function parseLiveAwsOptions(options: Record<string, unknown>): LiveAwsOptions {
  const regions = strings(options['region']);
  for (const region of regions) if (!REGION.test(region)) throw new UsageError(`invalid --region "${region}"`, 'use an AWS region name, for example us-east-1');
  const clusters = strings(options['cluster']);
  for (const name of clusters) if (!CLUSTER_NAME.test(name) || name.length > 100) throw new UsageError(`invalid --cluster "${name}"`, 'use an EKS cluster name');
  const prefix = options['amiParameterPrefix'];
  if (prefix !== undefined && !/^(\/[A-Za-z0-9_.-]+)+$/.test(String(prefix))) throw new UsageError(`invalid --ami-parameter-prefix "${String(prefix)}"`, 'use an SSM path such as /mirror');
  return {
    regions,
    clusters,
    ...(options['profile'] !== undefined ? { profile: String(options['profile']) } : {}),
    ...(prefix !== undefined ? { ssmParameterPrefix: String(prefix) } : {}),
  };
}

export function parseAwsScanOptions(options: Record<string, unknown>): AwsScanOptions | undefined {
  const live = options['aws'] === true;
  const snapshot = options['awsSnapshot'] === undefined ? undefined : String(options['awsSnapshot']);
  const liveOnly = ['region', 'cluster'].filter((key) => strings(options[key]).length > 0);
  if (!live && (liveOnly.length > 0 || options['profile'] !== undefined)) throw new UsageError('--region, --cluster and --profile need --aws', 'for example: eksguard scan --aws --region us-east-1');
  if (!live && !snapshot) return undefined;
  return { ...(live ? { live: parseLiveAwsOptions(options) } : {}), ...(snapshot ? { snapshot } : {}) };
}

/** The region list: --region, else the SDK's own resolution (AWS_REGION, the profile's region). */
export async function resolveRegions(live: LiveAwsOptions): Promise<string[]> {
  if (live.regions.length > 0) return live.regions;
  const { EKSClient } = await import('@aws-sdk/client-eks');
  const probe = new EKSClient({ ...(live.profile ? { profile: live.profile } : {}) });
  try {
    const region = await probe.config.region();
    if (region) return [region];
  } catch {
    // no region configured anywhere: the usage error below says what to do
  } finally {
    probe.destroy();
  }
  throw new UsageError('no AWS region', 'pass --region (repeatable) or set AWS_REGION or a region in the profile');
}

/** The checks a gap on this data key skips (the generated catalogue names their needs: no check module is loaded). */
export function starvedChecks(key: string): string[] {
  return CHECK_CATALOGUE.filter((check) => check.needs.includes(key)).map((check) => check.id);
}

export async function liveCollectOptions(live: LiveAwsOptions): Promise<AwsCollectOptions> {
  return {
    regions: await resolveRegions(live),
    clusters: live.clusters,
    ...(live.profile ? { clientOptions: { profile: live.profile } } : {}),
    ...(live.ssmParameterPrefix ? { ssmParameterPrefix: live.ssmParameterPrefix } : {}),
  };
}

/** One AWS source's inventory, and why it holds nothing when it does. */
export interface AwsPart {
  source: 'aws' | 'aws-snapshot';
  inventory: Inventory;
  nothing?: AwsNothing;
}

/** With `progress` (not -q), a live collection shows how far it has come on stderr, when stderr is a terminal. */
export async function collectAwsInventories(options: AwsScanOptions, { progress = true }: { progress?: boolean } = {}): Promise<AwsPart[]> {
  const parts: AwsPart[] = [];
  if (options.live) {
    const { collectAws } = await loadAwsSource();
    const sink = progress ? terminalProgress(process.stderr) : undefined;
    const inventory = await collectAws({ ...(await liveCollectOptions(options.live)), starvedChecks, ...(sink ? { progress: sink } : {}) });
    parts.push({ source: 'aws', inventory, ...(inventory.nothing ? { nothing: inventory.nothing } : {}) });
  }
  if (options.snapshot) {
    const inventory = await readAwsSnapshot({ directory: options.snapshot, starvedChecks });
    parts.push({ source: 'aws-snapshot', inventory, ...(inventory.nothing ? { nothing: inventory.nothing } : {}) });
  }
  return parts;
}
