import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient, paginateListClusters } from '@aws-sdk/client-eks';
import { OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { awsTargetKey, compareText } from '../../../core/fleet/record.js';
import type { AwsClientOptions, CredentialProvider } from '../clients.js';
import { Limiter } from '../limiter.js';
import { listEnabledRegions } from '../regions.js';
import { mapLimit } from '../../concurrency.js';
import { describeFailure } from '../run.js';
import { assumeRole } from './assume.js';

/** Where the accounts of a fleet come from. */
export type AccountSource = { kind: 'organization' } | { kind: 'list'; accounts: readonly string[] } | { kind: 'caller' };

export interface AwsFleetOptions {
  accounts: AccountSource;
  /** `--accounts` with `--org`: only these */
  include?: readonly string[];
  /** `--exclude-accounts` */
  exclude?: readonly string[];
  /** the role assumed in every member account (`--role-name`); required unless the source is the caller's own account */
  roleName?: string;
  externalId?: string;
  sessionName: string;
  /** `--region`; empty: every region enabled in each account */
  regions: readonly string[];
  /** `--cluster`: only clusters of these names */
  clusters: readonly string[];
  /** the caller's own client options (profile, retry) */
  clientOptions: AwsClientOptions;
  /** the region for STS, EC2 DescribeRegions and Organizations calls */
  homeRegion: string;
  /** accounts listed at once */
  concurrency: number;
  onAccountListed?: (state: { accounts: number; listed: number; regions: number }) => void;
}

export interface AwsFleetTarget {
  key: string;
  account: string;
  region: string;
  cluster: string;
  /** the member account's credentials; undefined for the caller's own */
  credentials?: CredentialProvider;
}

/** A part of the fleet that could not be listed: an account (`aws:ID`) or one of its regions (`aws:ID:REGION`), sharded like targets. */
export interface ListingGap {
  unit: string;
  source: string;
  reason: string;
}

export interface AwsFleetListing {
  targets: AwsFleetTarget[];
  gaps: ListingGap[];
  /** accounts in the fleet after --accounts/--exclude-accounts */
  accounts: string[];
  callerAccount: string;
  partition: string;
}

/** The fleet listing itself failed (no credentials, Organizations denied): nothing can be audited. */
export class FleetListingError extends Error {
  readonly hint: string;
  constructor(message: string, hint: string) {
    super(message);
    this.hint = hint;
  }
}

const ACCOUNT_ID = /^\d{12}$/;

async function organizationAccounts(options: AwsFleetOptions, credentials: AwsClientOptions): Promise<string[]> {
  const client = new OrganizationsClient({ region: options.homeRegion, retryMode: 'adaptive', maxAttempts: 6, ...(credentials.profile ? { profile: credentials.profile } : {}) });
  try {
    const accounts: string[] = [];
    for await (const page of paginateListAccounts({ client }, {})) {
      for (const account of page.Accounts ?? []) {
        // SUSPENDED and PENDING_CLOSURE accounts refuse every call: skipped, not gaps
        const state = (account as { State?: string }).State ?? account.Status;
        if (account.Id && ACCOUNT_ID.test(account.Id) && state === 'ACTIVE') accounts.push(account.Id);
      }
    }
    return accounts;
  } catch (error) {
    throw new FleetListingError(`cannot list the accounts of the AWS Organization: ${describeFailure(error)}`, 'run with credentials of the management account or a delegated administrator allowed organizations:ListAccounts (see docs/fleet.md)');
  } finally {
    client.destroy();
  }
}

function selectAccounts(all: readonly string[], options: AwsFleetOptions): string[] {
  const include = options.include && options.include.length > 0 ? new Set(options.include) : undefined;
  const exclude = new Set(options.exclude ?? []);
  return [...new Set(all)].filter((id) => (!include || include.has(id)) && !exclude.has(id)).sort(compareText);
}

/** One account: assume its role, find its regions, list its clusters. Failures become gaps of that account or region. */
async function listAccount(
  account: string,
  context: { options: AwsFleetOptions; partition: string; callerAccount: string; regionLimiter: Limiter },
): Promise<{ targets: AwsFleetTarget[]; gaps: ListingGap[]; regions: number }> {
  const { options, partition } = context;
  const gaps: ListingGap[] = [];
  let credentials: CredentialProvider | undefined;
  if (options.roleName !== undefined) {
    const sts = new STSClient({ ...baseOf(options), region: options.homeRegion });
    const roleArn = `arn:${partition}:iam::${account}:role/${options.roleName}`;
    try {
      credentials = await assumeRole({ sts, roleArn, sessionName: options.sessionName, ...(options.externalId !== undefined ? { externalId: options.externalId } : {}) });
    } catch (error) {
      return { targets: [], gaps: [{ unit: `aws:${account}`, source: 'aws sts:AssumeRole', reason: `account ${account}: cannot assume ${roleArn}: ${describeFailure(error)}` }], regions: 0 };
    } finally {
      sts.destroy();
    }
  }
  const clientConfig = (region: string) => ({ ...baseOf(options), region, ...(credentials ? { credentials } : {}) });
  let regions = [...options.regions];
  if (regions.length === 0) {
    const ec2 = new EC2Client(clientConfig(options.homeRegion));
    try {
      regions = await listEnabledRegions(ec2);
    } catch (error) {
      return { targets: [], gaps: [{ unit: `aws:${account}`, source: 'aws ec2:DescribeRegions', reason: `account ${account}: cannot list its enabled regions: ${describeFailure(error)}` }], regions: 0 };
    } finally {
      ec2.destroy();
    }
  }
  const wanted = new Set(options.clusters);
  const perRegion = await mapLimit(regions, context.regionLimiter.limit, (region) =>
    context.regionLimiter.run(async () => {
      const eks = new EKSClient(clientConfig(region));
      try {
        const names: string[] = [];
        for await (const page of paginateListClusters({ client: eks }, {})) names.push(...(page.clusters ?? []));
        return names
          .filter((name) => wanted.size === 0 || wanted.has(name))
          .map((cluster): AwsFleetTarget => ({ key: awsTargetKey(account, region, cluster), account, region, cluster, ...(credentials ? { credentials } : {}) }));
      } catch (error) {
        // an opt-in region the account has not enabled, an SCP that denies a region: a gap for that region only
        gaps.push({ unit: `aws:${account}:${region}`, source: 'aws eks:ListClusters', reason: `account ${account} region ${region}: ${describeFailure(error)}` });
        return [];
      } finally {
        eks.destroy();
      }
    }),
  );
  return { targets: perRegion.flat(), gaps, regions: regions.length };
}

function baseOf(options: AwsFleetOptions) {
  return { retryMode: 'adaptive' as const, maxAttempts: options.clientOptions.maxAttempts ?? 6, ...(options.clientOptions.profile ? { profile: options.clientOptions.profile } : {}) };
}

/**
 * Lists the clusters of a fleet: the accounts (the Organization's active accounts, a list, or the
 * caller's own), each one's regions, and each region's clusters, in key order. An account whose
 * role cannot be assumed or a region that refuses is a gap, never an abort.
 */
export async function listAwsFleet(options: AwsFleetOptions): Promise<AwsFleetListing> {
  const sts = new STSClient({ ...baseOf(options), region: options.homeRegion });
  let callerAccount: string;
  let partition: string;
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    callerAccount = identity.Account ?? '';
    partition = identity.Arn?.split(':')[1] || 'aws';
  } catch (error) {
    throw new FleetListingError(`no usable AWS credentials: ${describeFailure(error)}`, 'check the AWS credentials, region and endpoint (see docs/fleet.md)');
  } finally {
    sts.destroy();
  }
  const source = options.accounts;
  const all = source.kind === 'organization' ? await organizationAccounts(options, options.clientOptions) : source.kind === 'list' ? [...source.accounts] : [callerAccount];
  const accounts = selectAccounts(all, options);
  const regionLimiter = new Limiter(Math.max(1, Math.min(options.concurrency, 8)));
  let listed = 0;
  let regionCount = 0;
  const results = await mapLimit(accounts, options.concurrency, async (account) => {
    const result = await listAccount(account, { options, partition, callerAccount, regionLimiter });
    listed += 1;
    regionCount += result.regions;
    options.onAccountListed?.({ accounts: accounts.length, listed, regions: regionCount });
    return result;
  });
  const targets = results.flatMap((result) => result.targets).sort((a, b) => compareText(a.key, b.key));
  const gaps = results.flatMap((result) => result.gaps).sort((a, b) => compareText(a.unit, b.unit));
  return { targets, gaps, accounts, callerAccount, partition };
}
