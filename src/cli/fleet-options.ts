import { parseShard } from '../core/fleet/shard.js';
import type { ShardSpec } from '../core/fleet/record.js';
import type { AccountSource } from '../sources/aws/fleet/targets.js';
import { UsageError } from './errors.js';

/** What a fleet scan covers: AWS accounts, kubeconfig contexts, or both, and which share of it this run takes. */
export interface FleetOptions {
  aws?: AwsFleetSelection;
  kube?: KubeFleetSelection;
  shard?: ShardSpec;
}

export interface AwsFleetSelection {
  accounts: AccountSource;
  include: string[];
  exclude: string[];
  roleName?: string;
  externalId?: string;
  /** empty: every region enabled in each account */
  regions: string[];
  clusters: string[];
  profile?: string;
  ssmParameterPrefix?: string;
  /** AWS calls in flight across the fleet */
  concurrency: number;
  /** AWS calls in flight per account */
  accountConcurrency: number;
}

export interface KubeFleetSelection {
  /** the contexts named with --context, every context of the kubeconfig, or its current one */
  contexts: string[] | 'all' | 'current';
  kubeconfig?: string;
  namespaces: string[];
  /** `--kubelet-config`: read each node's /configz in every cluster */
  kubeletConfig?: boolean;
}

const ACCOUNT_ID = /^\d{12}$/;
// an IAM role name, optionally under a path (`team/eksguard-reader`)
const ROLE_NAME = /^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
export const DEFAULT_FLEET_CONCURRENCY = 16;
export const DEFAULT_ACCOUNT_CONCURRENCY = 8;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** `--accounts 1,2 --accounts 3`: repeatable, comma-separated, each a 12-digit ID. */
function accountList(value: unknown, flag: string): string[] {
  const ids = strings(value).flatMap((item) => item.split(',')).map((item) => item.trim()).filter((item) => item !== '');
  for (const id of ids) if (!ACCOUNT_ID.test(id)) throw new UsageError(`invalid ${flag} "${id}"`, 'use 12-digit AWS account IDs, comma-separated or repeated');
  return [...new Set(ids)];
}

function bounded(value: unknown, flag: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > max) throw new UsageError(`invalid ${flag} "${String(value)}"`, `use a whole number from 1 to ${max}`);
  return number;
}

function awsSelection(options: Record<string, unknown>, fleetMode: boolean, env: NodeJS.ProcessEnv): AwsFleetSelection | undefined {
  const org = options['org'] === true;
  const include = accountList(options['accounts'], '--accounts');
  const exclude = accountList(options['excludeAccounts'], '--exclude-accounts');
  const roleName = options['roleName'] === undefined ? undefined : String(options['roleName']);
  // EKSGUARD_EXTERNAL_ID keeps the external ID out of the command line (a Secret in a Job's env), for fleet scans only
  const externalId = options['externalId'] !== undefined ? String(options['externalId']) : roleName !== undefined && env['EKSGUARD_EXTERNAL_ID'] ? env['EKSGUARD_EXTERNAL_ID'] : undefined;
  const live = options['aws'] === true;
  if (!org && include.length === 0 && !(live && fleetMode)) {
    const stray = [exclude.length > 0 && '--exclude-accounts', roleName !== undefined && '--role-name', externalId !== undefined && '--external-id'].filter(Boolean);
    if (stray.length > 0) throw new UsageError(`${stray.join(', ')} only apply to a fleet scan`, 'add --org, or --accounts ID,… with --role-name');
    return undefined;
  }
  if ((org || include.length > 0) && roleName === undefined) {
    throw new UsageError(`${org ? '--org' : '--accounts'} needs --role-name: the role eksguard assumes in each account`, 'for example: --org --role-name eksguard-reader (see docs/fleet.md)');
  }
  if (roleName !== undefined && !ROLE_NAME.test(roleName)) throw new UsageError(`invalid --role-name "${roleName}"`, 'use an IAM role name such as eksguard-reader');
  // an external ID is a shared secret of sorts: never echoed
  if (externalId !== undefined && !EXTERNAL_ID.test(externalId)) throw new UsageError('invalid --external-id', 'use 2 to 1224 characters of letters, digits and +=,.@:/-');
  if (externalId !== undefined && roleName === undefined) throw new UsageError('--external-id needs --role-name');
  const regions = strings(options['region']);
  for (const region of regions) if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new UsageError(`invalid --region "${region}"`, 'use an AWS region name, for example us-east-1');
  const clusters = strings(options['cluster']);
  for (const name of clusters) if (!/^[0-9A-Za-z][A-Za-z0-9\-_]*$/.test(name) || name.length > 100) throw new UsageError(`invalid --cluster "${name}"`, 'use an EKS cluster name');
  const prefix = options['amiParameterPrefix'];
  if (prefix !== undefined && !/^(\/[A-Za-z0-9_.-]+)+$/.test(String(prefix))) throw new UsageError(`invalid --ami-parameter-prefix "${String(prefix)}"`, 'use an SSM path such as /mirror');
  const accounts: AccountSource = org ? { kind: 'organization' } : include.length > 0 ? { kind: 'list', accounts: include } : { kind: 'caller' };
  return {
    accounts,
    include: org ? include : [],
    exclude,
    ...(roleName !== undefined ? { roleName } : {}),
    ...(externalId !== undefined ? { externalId } : {}),
    regions,
    clusters,
    ...(options['profile'] !== undefined ? { profile: String(options['profile']) } : {}),
    ...(prefix !== undefined ? { ssmParameterPrefix: String(prefix) } : {}),
    concurrency: bounded(options['concurrency'], '--concurrency', DEFAULT_FLEET_CONCURRENCY, 256),
    accountConcurrency: bounded(options['accountConcurrency'], '--account-concurrency', DEFAULT_ACCOUNT_CONCURRENCY, 64),
  };
}

function kubeSelection(options: Record<string, unknown>, fleetMode: boolean, sharded: boolean): KubeFleetSelection | undefined {
  const contexts = strings(options['context']);
  const all = options['allContexts'] === true;
  if (all && options['kube'] !== true) throw new UsageError('--all-contexts only applies to a live scan', 'add --kube');
  if (all && contexts.length > 0) throw new UsageError('--all-contexts and --context exclude each other', 'name contexts with --context, or take every one with --all-contexts');
  if (options['kube'] !== true || (!all && contexts.length < 2 && !fleetMode)) return undefined;
  for (const context of contexts) if (context === '') throw new UsageError('--context needs a name');
  return {
    // no context named: a shard of every context, or beside --org the current one, as a plain --kube scan takes
    contexts: all ? 'all' : contexts.length > 0 ? [...new Set(contexts)] : sharded ? 'all' : 'current',
    ...(options['kubeconfig'] !== undefined ? { kubeconfig: String(options['kubeconfig']) } : {}),
    ...(options['kubeletConfig'] === true ? { kubeletConfig: true } : {}),
    namespaces: strings(options['namespace']),
  };
}

/**
 * The fleet part of `scan`: `--org`, `--accounts`, several `--context`, `--all-contexts` or
 * `--shard` make a scan a fleet scan, which scans each cluster on its own and joins the results.
 * Undefined for an ordinary scan.
 */
export function parseFleetOptions(options: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): FleetOptions | undefined {
  const shardText = options['shard'] === undefined ? undefined : String(options['shard']);
  const shard = shardText === undefined ? undefined : parseShard(shardText);
  if (typeof shard === 'string') throw new UsageError(`invalid --shard: ${shard}`, 'for example --shard 0/4 for the first of four shards ($(JOB_COMPLETION_INDEX)/4 in an Indexed Job)');
  const sharded = shard !== undefined;
  // whichever side makes the scan a fleet scan, the other side's flags join it rather than being dropped
  const explicitAws = options['org'] === true || accountList(options['accounts'], '--accounts').length > 0;
  const kube = kubeSelection(options, sharded || explicitAws, sharded);
  const aws = awsSelection(options, sharded || kube !== undefined, env);
  const concurrencyFlags = ['concurrency', 'accountConcurrency'].filter((key) => options[key] !== undefined);
  if (!aws && !kube) {
    if (sharded) throw new UsageError('--shard needs a fleet to split', 'add --org, --accounts, --aws, or --kube with several --context or --all-contexts');
    if (concurrencyFlags.length > 0) throw new UsageError('--concurrency and --account-concurrency only apply to a fleet scan', 'add --org or --accounts');
    return undefined;
  }
  if ((options['paths'] as string[] | undefined)?.length) throw new UsageError('a fleet scan takes no manifest paths', 'scan manifests in a run of their own');
  if (options['awsSnapshot'] !== undefined) throw new UsageError('a fleet scan cannot read --aws-snapshot', 'scan the snapshot in a run of its own');
  if (options['baseline'] !== undefined || options['baselineOut'] !== undefined) {
    throw new UsageError('--baseline and --baseline-out do not apply to a fleet scan', 'compare fleet reports with eksguard diff OLD NEW (see docs/fleet.md)');
  }
  return { ...(aws ? { aws } : {}), ...(kube ? { kube } : {}), ...(shard ? { shard } : {}) };
}
