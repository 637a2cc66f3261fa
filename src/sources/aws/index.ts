import type { IAMClient } from '@aws-sdk/client-iam';
import type { Inventory } from '../../core/inventory.js';
import { inventoryFromResponses, type AwsNothing, type SnapshotFile, type SnapshotMeta } from '../aws-snapshot/parse.js';
import { createIamClient, createRegionClients, destroyClients, type AwsClientOptions, type RegionClients } from './clients.js';
import { collectAmiReleases, collectDetection, collectIam, collectKeysAndLogs } from './collect-account.js';
import { collectEc2 } from './collect-ec2.js';
import { collectTrails } from './collect-cloudtrail.js';
import { collectAuditAlarms } from './collect-cloudwatch.js';
import { collectRolePolicies } from './collect-iam-policies.js';
import { collectCluster, collectVersions, listClusterNames, type ClusterFacts } from './collect-eks.js';
import { whyNothingCollected } from './nothing-collected.js';
import { mapLimit } from '../concurrency.js';
import type { Limiter } from './limiter.js';
import { CollectionRun } from './run.js';

export { createIamClient, createRegionClients, type AwsClientOptions, type RegionClients } from './clients.js';

/** Where the public EKS AMI parameters live; tests point it at a private copy because emulators refuse writes under /aws. */
export const DEFAULT_SSM_PREFIX = '';

export interface AwsCollectOptions {
  regions: string[];
  /** cluster names; every cluster of each region when empty */
  clusters?: string[];
  clientOptions?: AwsClientOptions;
  /** injected clients (tests, custom transports); made from clientOptions otherwise */
  clientsFor?: (region: string) => RegionClients;
  iamClient?: IAMClient;
  /** AWS calls in flight at most (default 8) */
  concurrency?: number;
  /** limits shared with other collections (a fleet's per-account and overall bounds) */
  limiters?: readonly Limiter[];
  /** prepended to `/aws/service/...` SSM parameter names */
  ssmParameterPrefix?: string;
  now?: Date;
  /** told how far collection has come (regions, clusters), for a status line on a terminal */
  progress?: AwsProgress;
}

/** Where collection reports progress: a terminal status line in the CLI (the kube source's ProgressSink fits). */
export interface AwsProgress {
  update(line: string): void;
  done(): void;
}

export interface AwsCollection {
  files: SnapshotFile[];
  meta: SnapshotMeta;
  /** set when no cluster was collected: why (no credentials, unreachable, denied, none there) */
  nothing?: AwsNothing;
}

/** Reads the AWS account: every response is kept as the AWS CLI would print it, for the inventory and for `collect aws`. */
export async function collectAwsResponses(options: AwsCollectOptions): Promise<AwsCollection> {
  if (options.regions.length === 0) throw new Error('no AWS region: pass --region or set AWS_REGION');
  const run = new CollectionRun({ concurrency: options.concurrency ?? 8, ssmPrefix: options.ssmParameterPrefix ?? DEFAULT_SSM_PREFIX, ...(options.limiters ? { limiters: options.limiters } : {}) });
  const all: ClusterFacts[] = [];
  const named = options.clusters ?? [];
  const regionClients = options.regions.map((region) => options.clientsFor?.(region) ?? createRegionClients(region, options.clientOptions));
  const iam = options.iamClient ?? createIamClient(options.regions[0]!, options.clientOptions);
  const report = (line: string) => options.progress?.update(`AWS ${line}`);
  try {
    for (const [index, clients] of regionClients.entries()) {
      const where = `region ${index + 1}/${regionClients.length} ${options.regions[index]}`;
      report(`${where}: listing clusters`);
      const names = named.length > 0 ? named : await listClusterNames(run, clients);
      let described = 0;
      report(`${where}: 0/${names.length} clusters described`);
      const clusters = (
        await mapLimit(names, run.concurrency, async (name) => {
          const facts = await collectCluster(run, clients, name, { named: named.length > 0 });
          described += 1;
          report(`${where}: ${described}/${names.length} clusters described`);
          return facts;
        })
      ).filter((facts): facts is ClusterFacts => !!facts);
      all.push(...clusters);
      if (clusters.length === 0) continue;
      report(`${where}: ${names.length}/${names.length} clusters described; reading their nodes, network, keys, logs and detection`);
      await collectVersions(run, clients, clusters);
      await collectEc2(run, clients, clusters);
      await collectAmiReleases(run, clients, clusters);
      await collectKeysAndLogs(run, clients, clusters);
      await collectAuditAlarms(run, clients, clusters);
      await collectDetection(run, clients);
      await collectTrails(run, clients);
    }
    for (const name of named) {
      // the other clusters are still audited in full: this gap starves no check
      if (!all.some((facts) => facts.name === name)) run.fail({ action: 'eks:DescribeCluster', scope: name, reason: `ResourceNotFoundException: no cluster named ${name} in ${options.regions.join(', ')}`, keys: [] });
    }
    if (all.length > 0) {
      report(`${regionClients.length}/${regionClients.length} regions done; reading IAM roles and policies`);
      await collectIam(run, iam, all);
      await collectRolePolicies(run, iam, all);
    }
  } finally {
    options.progress?.done();
    // only the clients made here are ours to close; injected ones belong to the caller
    destroyClients(options.clientsFor ? [] : regionClients, options.iamClient ? undefined : iam);
  }
  return {
    files: run.snapshotFiles(),
    ...(all.length === 0 ? { nothing: whyNothingCollected(run, { regions: options.regions, clusters: named }) } : {}),
    meta: run.meta({
      format: 'eksguard-aws-snapshot',
      version: 1,
      collectedAt: (options.now ?? new Date()).toISOString(),
      regions: options.regions,
      ...(run.ssmPrefix ? { ssmParameterPrefix: run.ssmPrefix } : {}),
    }),
  };
}

export interface AwsSourceOptions extends AwsCollectOptions {
  starvedChecks?: (key: string) => string[];
}

/** The live source's inventory; `nothing` says why it holds no cluster at all. */
export type AwsInventory = Inventory & { readonly nothing?: AwsNothing };

/** The live AWS source: collect, then read the responses exactly as an offline snapshot would be read. */
export async function collectAws(options: AwsSourceOptions): Promise<AwsInventory> {
  const collection = await collectAwsResponses(options);
  const inventory = inventoryFromResponses(collection.files, {
    origin: `AWS (${options.regions.join(', ')})`,
    meta: collection.meta,
    ...(options.starvedChecks ? { starvedChecks: options.starvedChecks } : {}),
  });
  return { ...inventory, ...(collection.nothing ? { nothing: collection.nothing } : {}) };
}
