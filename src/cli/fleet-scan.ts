import { allChecks } from '../checks/index.js';
import type { Check } from '../core/check.js';
import { EMPTY_CONFIG } from '../core/config-model.js';
import { isCheckEnabled } from '../core/engine.js';
import { combineReports } from '../core/fleet/merge.js';
import { ownsFinding, sharedScopeOwners, type AwsClusterTarget } from '../core/fleet/ownership.js';
import { awsTargetKey, compareText, digestOf, kubeTargetKey, type FleetRecord, type FleetSettings } from '../core/fleet/record.js';
import { inShard } from '../core/fleet/shard.js';
import { mergeInventories, type Inventory } from '../core/inventory.js';
import { buildReport, type Report } from '../core/report.js';
import type { Gap } from '../core/types.js';
import type { AwsFleetListing, AwsFleetTarget, ListingGap } from '../sources/aws/fleet/targets.js';
import type { Limiter } from '../sources/aws/limiter.js';
import { terminalProgress } from '../sources/kube/progress.js';
import { mapLimit } from '../sources/concurrency.js';
import { starvedChecks } from './aws-options.js';
import type { FleetOptions } from './fleet-options.js';
import { collectLiveCluster } from './live-cluster.js';
import type { ScanOptions } from './scan-options.js';
import type { SourceFailure } from './source-gate.js';
import { toolVersion } from './version.js';

/** One cluster of the fleet: its AWS side, its kubeconfig context, or both when the context is named by the cluster's ARN. */
interface FleetTarget {
  key: string;
  aws?: AwsFleetTarget;
  context?: string;
}

export interface FleetScanResult {
  report: Report;
  sourceFailures: SourceFailure[];
}

type Evaluate = (inventory: Inventory, options: ScanOptions) => { report: Report };

const EKS_CLUSTER_ARN = /^arn:[^:]+:eks:([a-z0-9-]+):(\d{12}):cluster\/([0-9A-Za-z][A-Za-z0-9\-_]*)$/;
/** Kubernetes clusters scanned at once: each holds its objects in memory until it is evaluated. */
const KUBE_TARGETS_IN_FLIGHT = 2;

/** `aws eks update-kubeconfig` names contexts by the cluster ARN: such a context joins the AWS target of that cluster. */
function keyOfContext(context: string): string {
  const arn = EKS_CLUSTER_ARN.exec(context);
  return arn ? awsTargetKey(arn[2]!, arn[1]!, arn[3]!) : kubeTargetKey(context);
}

function flag(value: readonly string[] | undefined): readonly string[] {
  return [...(value ?? [])].sort(compareText);
}

/** What shapes the findings besides the targets: two shard reports merge only when these are equal. */
export function fleetSettings(options: ScanOptions & { fleet: FleetOptions }, checks: readonly Check[]): FleetSettings {
  const config = options.config ?? EMPTY_CONFIG;
  const { aws, kube } = options.fleet;
  return {
    pssLevel: options.pssLevel ?? config.pss.level ?? 'restricted',
    pssVersion: options.pssVersion ?? config.pss.version ?? 'cluster',
    includePassed: options.includePassed,
    config: digestOf(config),
    checks: digestOf(checks.map((check) => check.id)),
    awsAccounts: aws ? (aws.accounts.kind === 'list' ? flag(aws.accounts.accounts) : aws.accounts.kind) : null,
    awsInclude: flag(aws?.include),
    awsExclude: flag(aws?.exclude),
    awsRoleName: aws?.roleName ?? null,
    // the external ID is shown by digest only
    awsExternalId: aws?.externalId !== undefined ? digestOf(aws.externalId).slice(0, 16) : null,
    awsRegions: aws ? (aws.regions.length > 0 ? flag(aws.regions) : 'enabled') : null,
    awsClusters: flag(aws?.clusters),
    amiParameterPrefix: aws?.ssmParameterPrefix ?? null,
    kubeContexts: kube ? (typeof kube.contexts === 'string' ? kube.contexts : flag(kube.contexts)) : null,
    kubeNamespaces: flag(kube?.namespaces),
  };
}

function homeRegionOf(options: ScanOptions & { fleet: FleetOptions }): string {
  return options.fleet.aws?.regions[0] ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1';
}

/** The status line of a fleet scan on a terminal. */
export function progressLine(state: { accounts: number; listed: number; regions: number; clusters: number; done: number }): string {
  const accounts = state.accounts > 0 ? `accounts ${state.listed}/${state.accounts} · regions ${state.regions} · ` : '';
  return `eksguard fleet: ${accounts}clusters ${state.done}/${state.clusters} done`;
}

function gapOf(listing: ListingGap, checks: readonly string[]): Gap {
  return { source: listing.source, reason: listing.reason, checks: [...checks] };
}

/**
 * `scan` over a fleet: lists the clusters (AWS accounts × regions × clusters, kubeconfig contexts),
 * takes this shard's share, collects and evaluates each cluster on its own (checks join objects of
 * one cluster only), and joins the per-cluster reports. A cluster, account or region that cannot be
 * read is a gap; only a fleet of which nothing at all could be read fails the gate.
 */
export async function scanFleet(options: ScanOptions & { fleet: FleetOptions }, evaluate: Evaluate): Promise<FleetScanResult> {
  const { fleet } = options;
  const started = options.now ?? new Date();
  const checks = options.checks ?? allChecks;
  const enabled = checks.filter((check) => isCheckEnabled(check, options.config?.overrides));
  const awsCheckIds = enabled.filter((check) => check.needs.some((key) => key.startsWith('aws:'))).map((check) => check.id);
  const kubeCheckIds = enabled.filter((check) => check.needs.some((key) => key.startsWith('kube:'))).map((check) => check.id);
  const failures: SourceFailure[] = [];
  // accounts, regions and clusters done, on a terminal; -q turns it off
  const progress = options.view?.quiet ? undefined : terminalProgress(process.stderr);
  const state = { accounts: 0, listed: 0, regions: 0, clusters: 0, done: 0 };
  const show = () => progress?.update(progressLine(state));

  let listing: AwsFleetListing | undefined;
  let aws: typeof import('../sources/aws/index.js') | undefined;
  let limiterModule: typeof import('../sources/aws/limiter.js') | undefined;
  if (fleet.aws) {
    const selection = fleet.aws;
    const targetsModule = await import('../sources/aws/fleet/targets.js');
    const { sessionNameFor } = await import('../sources/aws/fleet/assume.js');
    aws = await import('../sources/aws/index.js');
    limiterModule = await import('../sources/aws/limiter.js');
    try {
      listing = await targetsModule.listAwsFleet({
        accounts: selection.accounts,
        include: selection.include,
        exclude: selection.exclude,
        ...(selection.roleName !== undefined ? { roleName: selection.roleName } : {}),
        ...(selection.externalId !== undefined ? { externalId: selection.externalId } : {}),
        sessionName: sessionNameFor(`${(options.now ?? new Date()).getTime()}`),
        regions: selection.regions,
        clusters: selection.clusters,
        clientOptions: selection.profile ? { profile: selection.profile } : {},
        homeRegion: homeRegionOf(options),
        concurrency: Math.max(1, Math.min(selection.concurrency, 16)),
        onAccountListed: (listed) => {
          Object.assign(state, listed);
          show();
        },
      });
    } catch (error) {
      if (!(error instanceof targetsModule.FleetListingError)) throw error;
      failures.push({ error: { source: 'aws', message: error.message }, hint: error.hint });
    }
  }

  const targets = new Map<string, FleetTarget>();
  for (const target of listing?.targets ?? []) targets.set(target.key, { key: target.key, aws: target });
  if (fleet.kube) {
    let contexts: string[] = [];
    const { KubeSourceError, listContextNames, loadKubeconfig } = await import('../sources/kube/index.js');
    const files = fleet.kube.kubeconfig !== undefined ? { kubeconfig: fleet.kube.kubeconfig } : {};
    try {
      const selected = fleet.kube.contexts;
      contexts = selected === 'all' ? listContextNames(files) : selected === 'current' ? [loadKubeconfig(files).context] : selected;
    } catch (error) {
      if (!(error instanceof KubeSourceError)) throw error;
      failures.push({ error: { source: 'kube', message: error.message }, ...(error.hint ? { hint: error.hint } : {}) });
    }
    for (const context of contexts) {
      const key = keyOfContext(context);
      targets.set(key, { ...(targets.get(key) ?? { key }), context });
    }
  }

  const all = [...targets.values()].sort((a, b) => compareText(a.key, b.key));
  const share = all.filter((target) => inShard(target.key, fleet.shard));
  const listingGaps = (listing?.gaps ?? []).filter((gap) => inShard(gap.unit, fleet.shard)).map((gap) => gapOf(gap, awsCheckIds));
  const owners = sharedScopeOwners(all.flatMap((target): AwsClusterTarget[] => (target.aws ? [target.aws] : [])));
  state.clusters = share.length;
  show();

  const fleetLimiter = limiterModule && fleet.aws ? new limiterModule.Limiter(fleet.aws.concurrency) : undefined;
  const accountLimiters = new Map<string, Limiter>();
  const accountLimiter = (account: string): Limiter => {
    let limiter = accountLimiters.get(account);
    if (!limiter) {
      limiter = new limiterModule!.Limiter(fleet.aws!.accountConcurrency);
      accountLimiters.set(account, limiter);
    }
    return limiter;
  };

  // one IAM client per account, shared by its clusters and closed (its answers dropped) after the last of them
  const iamModule = fleet.aws ? await import('../sources/aws/fleet/account-iam.js') : undefined;
  const accountIam = new Map<string, { client: import('@aws-sdk/client-iam').IAMClient; remaining: number }>();
  for (const target of share) {
    if (!target.aws || !iamModule) continue;
    const entry = accountIam.get(target.aws.account);
    if (entry) entry.remaining += 1;
    else {
      const clientOptions = target.aws.credentials ? { credentials: target.aws.credentials } : fleet.aws?.profile ? { profile: fleet.aws.profile } : {};
      accountIam.set(target.aws.account, { client: iamModule.createAccountIamClient(homeRegionOf(options), clientOptions), remaining: 1 });
    }
  }
  const releaseIam = (account: string) => {
    const entry = accountIam.get(account);
    if (entry && --entry.remaining === 0) {
      entry.client.destroy();
      accountIam.delete(account);
    }
  };

  const scanTarget = async (target: FleetTarget): Promise<{ report: Report; collected: boolean }> => {
    const parts: Inventory[] = [];
    const gaps: Gap[] = [];
    const label = target.aws ? `account ${target.aws.account} region ${target.aws.region} cluster ${target.aws.cluster}` : `context "${target.context}"`;
    if (target.aws && aws && fleet.aws) {
      const selection = fleet.aws;
      const account = target.aws.account;
      const inventory = await aws
        .collectAws({
          iamClient: accountIam.get(account)!.client,
          regions: [target.aws.region],
          clusters: [target.aws.cluster],
          clientOptions: { retryMode: 'adaptive', ...(target.aws.credentials ? { credentials: target.aws.credentials } : selection.profile ? { profile: selection.profile } : {}) },
          limiters: [accountLimiter(account), fleetLimiter!],
          concurrency: selection.accountConcurrency,
          ...(selection.ssmParameterPrefix ? { ssmParameterPrefix: selection.ssmParameterPrefix } : {}),
          starvedChecks,
          ...(options.now ? { now: options.now } : {}),
        })
        .finally(() => releaseIam(account));
      if (inventory.nothing) gaps.push({ source: 'aws', reason: `${label}: ${inventory.nothing.reason}`, checks: awsCheckIds });
      else parts.push(inventory);
    }
    if (target.context !== undefined && fleet.kube) {
      const cluster = await collectLiveCluster(
        { context: target.context, namespaces: fleet.kube.namespaces, ...(fleet.kube.kubeconfig !== undefined ? { kubeconfig: fleet.kube.kubeconfig } : {}), ...(fleet.kube.kubeletConfig ? { kubeletConfig: true } : {}) },
        enabled,
        { quiet: true },
      );
      if ('failure' in cluster) gaps.push({ source: 'kube', reason: `${label}: ${cluster.failure.error.message}`, checks: kubeCheckIds });
      else parts.push(cluster.inventory);
    }
    const merged = mergeInventories(parts);
    // the gaps of one cluster say which cluster; the rest of the inventory is the cluster's own
    const inventory: Inventory = { ...merged, gaps: merged.gaps.map((gap) => ({ ...gap, reason: `${label}: ${gap.reason}` })) };
    const { report } = evaluate(inventory, { ...options, includePassed: true });
    const owned = target.aws ? report.findings.filter((finding) => ownsFinding(finding, target.aws!, owners)) : report.findings;
    const findings = owned.map((finding) => ({ ...finding, target: target.key }));
    state.done += 1;
    show();
    return {
      report: buildReport({ version: toolVersion(), findings, errors: report.errors, gaps: [...report.gaps, ...gaps], includePassed: options.includePassed }),
      collected: parts.some((part) => part.aws.length > 0 || part.kube.length > 0),
    };
  };

  const inFlight = Math.max(1, fleet.aws ? Math.ceil(fleet.aws.concurrency / 4) : KUBE_TARGETS_IN_FLIGHT);
  let results: { report: Report; collected: boolean }[];
  try {
    results = await mapLimit(share, fleet.kube ? Math.min(inFlight, KUBE_TARGETS_IN_FLIGHT) : inFlight, scanTarget);
  } finally {
    progress?.done();
  }

  if (failures.length === 0) {
    const nothing = fleetNothing({ all: all.length, share: share.length, collected: results.filter((result) => result.collected).length, listingGaps: listing?.gaps.length ?? 0, accounts: listing?.accounts.length ?? 0, allowEmpty: options.allowEmpty ?? false });
    if (nothing) failures.push(nothing);
  }
  const record: FleetRecord = {
    settings: fleetSettings(options, checks),
    settingsDigest: '',
    shardCount: fleet.shard?.count ?? 1,
    ...(fleet.shard ? { shard: fleet.shard } : {}),
    // only clusters that were read: one that could not be is a gap, and nothing of it counts as rescanned (diff, publish)
    targets: share.filter((_, index) => results[index]!.collected).map((target) => target.key),
    startedAt: started.toISOString(),
  };
  record.settingsDigest = digestOf(record.settings);
  const report = combineReports(
    results.map((result) => result.report),
    { version: toolVersion(), fleet: record, extraGaps: listingGaps, extraErrors: failures.map((failure) => failure.error) },
  );
  return { report, sourceFailures: failures };
}

/**
 * The gate of a whole fleet: a fleet with no cluster at all, or a share of which no cluster could be
 * read, audited nothing. A shard whose share is empty while the fleet is not did its part.
 */
export function fleetNothing(counts: { all: number; share: number; collected: number; listingGaps: number; accounts: number; allowEmpty: boolean }): SourceFailure | undefined {
  if (counts.all === 0) {
    if (counts.listingGaps > 0) {
      return { error: { source: 'fleet', message: `no cluster could be listed: ${counts.listingGaps} ${counts.listingGaps === 1 ? 'account or region' : 'accounts or regions'} of the fleet could not be read (see the gaps)` }, hint: 'check --role-name, the trust policy of that role and --external-id (see docs/fleet.md)' };
    }
    if (counts.allowEmpty) return undefined;
    return { error: { source: 'fleet', message: `no cluster in the fleet${counts.accounts > 0 ? ` (${counts.accounts} ${counts.accounts === 1 ? 'account' : 'accounts'})` : ''}: there is nothing to audit` }, hint: 'check --region, --cluster, --accounts and the contexts; pass --allow-empty if an empty fleet is expected' };
  }
  if (counts.share > 0 && counts.collected === 0) {
    return { error: { source: 'fleet', message: `none of the ${counts.share} clusters of this run could be read (see the gaps)` }, hint: 'check the credentials of the accounts and contexts (see docs/fleet.md)' };
  }
  return undefined;
}
