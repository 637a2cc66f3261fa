import {
  DescribeAccessEntryCommand,
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeFargateProfileCommand,
  DescribeNodegroupCommand,
  DescribePodIdentityAssociationCommand,
  paginateDescribeAddonVersions,
  paginateDescribeClusterVersions,
  paginateListAccessEntries,
  paginateListAddons,
  paginateListAssociatedAccessPolicies,
  paginateListClusters,
  paginateListFargateProfiles,
  paginateListNodegroups,
  paginateListPodIdentityAssociations,
} from '@aws-sdk/client-eks';
import { record, records, str, strings } from '../../aws/json.js';
import { SNAPSHOT_PATHS } from '../aws-snapshot/layout.js';
import type { RegionClients } from './clients.js';
import { mapLimit } from '../concurrency.js';
import { allPages, plainJson, type CollectionRun } from './run.js';

type Json = Record<string, unknown>;

/** What the later collectors of a region need to know about its clusters. */
export interface ClusterFacts {
  name: string;
  region: string;
  cluster: Json;
  nodegroups: Json[];
  fargateProfiles: Json[];
  addons: Json[];
}

export async function listClusterNames(run: CollectionRun, clients: RegionClients): Promise<string[]> {
  const listed = await run.call('eks:ListClusters', clients.region, () => allPages(paginateListClusters({ client: clients.eks }, {}), ['clusters']));
  if (!listed) return [];
  run.record(SNAPSHOT_PATHS.listClusters(clients.region), listed);
  return strings(listed['clusters']);
}

/** A list call through its paginator, then a describe call per item; both recorded. */
async function listAndDescribe(
  run: CollectionRun,
  options: {
    listAction: string;
    scope: string;
    list: () => AsyncIterable<object>;
    listKey: string;
    listFile: string;
    describeAction: string;
    describe: (name: string) => Promise<object>;
    describeFile: (name: string, index: number) => string;
    member: string;
  },
): Promise<Json[]> {
  const listed = await run.call(options.listAction, options.scope, () => allPages(options.list(), [options.listKey]));
  if (!listed) return [];
  run.record(options.listFile, listed);
  const items = options.listKey === 'associations' ? records(listed[options.listKey]).map((item) => str(item['associationId']) ?? '') : strings(listed[options.listKey]);
  const described = await mapLimit(items.filter(Boolean), run.concurrency, async (name) => {
    const response = await run.call(options.describeAction, `${options.scope}/${name}`, async () => plainJson(await options.describe(name)));
    if (!response) return undefined;
    run.record(options.describeFile(name, items.indexOf(name)), response);
    return record(response[options.member]);
  });
  return described.filter((item): item is Json => item !== undefined);
}

const notFound = (error: unknown) => (error as { name?: string })?.name === 'ResourceNotFoundException';

/**
 * Describes one cluster and everything under it. A cluster named with --cluster is
 * looked for in every region: its absence from one region is expected, not a gap.
 */
export async function collectCluster(run: CollectionRun, clients: RegionClients, name: string, options: { named?: boolean } = {}): Promise<ClusterFacts | undefined> {
  const region = clients.region;
  const scope = `${region}/${name}`;
  const eks = clients.eks;
  const described = await run.call('eks:DescribeCluster', scope, async () => plainJson(await eks.send(new DescribeClusterCommand({ name }))), {
    ...(options.named ? { expected: notFound } : {}),
  });
  if (!described) return undefined;
  run.record(SNAPSHOT_PATHS.cluster(region, name), described);
  const file = (rest: string) => SNAPSHOT_PATHS.clusterFile(region, name, rest);
  const safeName = (text: string, index: number) => (/^[A-Za-z0-9._-]+$/.test(text) ? text : `item-${index}`);

  const [nodegroups, fargateProfiles, addons] = await Promise.all([
    listAndDescribe(run, {
      listAction: 'eks:ListNodegroups', scope, listKey: 'nodegroups', listFile: file('list-nodegroups.json'), member: 'nodegroup',
      list: () => paginateListNodegroups({ client: eks }, { clusterName: name }),
      describeAction: 'eks:DescribeNodegroup',
      describe: (nodegroupName) => eks.send(new DescribeNodegroupCommand({ clusterName: name, nodegroupName })),
      describeFile: (ng, index) => file(`nodegroups/${safeName(ng, index)}.json`),
    }),
    listAndDescribe(run, {
      listAction: 'eks:ListFargateProfiles', scope, listKey: 'fargateProfileNames', listFile: file('list-fargate-profiles.json'), member: 'fargateProfile',
      list: () => paginateListFargateProfiles({ client: eks }, { clusterName: name }),
      describeAction: 'eks:DescribeFargateProfile',
      describe: (fargateProfileName) => eks.send(new DescribeFargateProfileCommand({ clusterName: name, fargateProfileName })),
      describeFile: (fp, index) => file(`fargate-profiles/${safeName(fp, index)}.json`),
    }),
    listAndDescribe(run, {
      listAction: 'eks:ListAddons', scope, listKey: 'addons', listFile: file('list-addons.json'), member: 'addon',
      list: () => paginateListAddons({ client: eks }, { clusterName: name }),
      describeAction: 'eks:DescribeAddon',
      describe: (addonName) => eks.send(new DescribeAddonCommand({ clusterName: name, addonName })),
      describeFile: (addon, index) => file(`addons/${safeName(addon, index)}.json`),
    }),
    listAndDescribe(run, {
      listAction: 'eks:ListPodIdentityAssociations', scope, listKey: 'associations', listFile: file('list-pod-identity-associations.json'), member: 'association',
      list: () => paginateListPodIdentityAssociations({ client: eks }, { clusterName: name }),
      describeAction: 'eks:DescribePodIdentityAssociation',
      describe: (associationId) => eks.send(new DescribePodIdentityAssociationCommand({ clusterName: name, associationId })),
      describeFile: (id, index) => file(`pod-identity-associations/${safeName(id, index)}.json`),
    }),
    collectAccessEntries(run, clients, name),
  ]);
  return { name, region, cluster: record(described['cluster']), nodegroups, fargateProfiles, addons };
}

async function collectAccessEntries(run: CollectionRun, clients: RegionClients, name: string): Promise<void> {
  const scope = `${clients.region}/${name}`;
  const file = (rest: string) => SNAPSHOT_PATHS.clusterFile(clients.region, name, rest);
  const listed = await run.call('eks:ListAccessEntries', scope, () => allPages(paginateListAccessEntries({ client: clients.eks }, { clusterName: name }), ['accessEntries']));
  if (!listed) return;
  run.record(file('list-access-entries.json'), listed);
  const principals = strings(listed['accessEntries']);
  await mapLimit(principals, run.concurrency, async (principalArn) => {
    const index = principals.indexOf(principalArn);
    const entry = await run.call('eks:DescribeAccessEntry', `${scope}/${principalArn}`, async () =>
      plainJson(await clients.eks.send(new DescribeAccessEntryCommand({ clusterName: name, principalArn }))),
    );
    if (entry) run.record(file(`access-entries/entry-${index}.json`), entry);
    // node entries (EC2_LINUX …) cannot carry access policies; asking is harmless and keeps the data complete
    const policies = await run.call('eks:ListAssociatedAccessPolicies', `${scope}/${principalArn}`, () =>
      allPages(paginateListAssociatedAccessPolicies({ client: clients.eks }, { clusterName: name, principalArn }), ['associatedAccessPolicies']),
    );
    if (policies) run.record(file(`access-entries/entry-${index}-policies.json`), { clusterName: name, principalArn, ...policies });
  });
}

/** Version lifecycle and add-on versions of a region; the shipped calendar stands in when these fail. */
export async function collectVersions(run: CollectionRun, clients: RegionClients, clusters: readonly ClusterFacts[]): Promise<void> {
  const region = clients.region;
  const versions = await run.call('eks:DescribeClusterVersions', region, () =>
    allPages(paginateDescribeClusterVersions({ client: clients.eks }, { includeAll: true }), ['clusterVersions']),
  );
  if (versions) run.record(SNAPSHOT_PATHS.clusterVersions(region), versions);
  const wanted = new Map<string, { addonName: string; kubernetesVersion: string }>();
  for (const cluster of clusters) {
    const kubernetesVersion = str(cluster.cluster['version']);
    if (!kubernetesVersion) continue;
    for (const addon of cluster.addons) {
      const addonName = str(addon['addonName']);
      if (addonName) wanted.set(`${addonName}|${kubernetesVersion}`, { addonName, kubernetesVersion });
    }
  }
  await mapLimit([...wanted.values()], run.concurrency, async ({ addonName, kubernetesVersion }) => {
    const response = await run.call('eks:DescribeAddonVersions', `${region}/${addonName}@${kubernetesVersion}`, () =>
      allPages(paginateDescribeAddonVersions({ client: clients.eks }, { addonName, kubernetesVersion }), ['addons']),
    );
    if (response) run.record(SNAPSHOT_PATHS.addonVersions(region, addonName, kubernetesVersion), response);
  });
}
