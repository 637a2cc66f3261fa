import { analyzeUserData, USER_DATA_FACTS_KEY } from '../../aws/user-data/facts.js';
import {
  GetEbsEncryptionByDefaultCommand,
  paginateDescribeFlowLogs,
  paginateDescribeInstances,
  paginateDescribeLaunchTemplateVersions,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
} from '@aws-sdk/client-ec2';
import { record, records, str, strings } from '../../aws/json.js';
import { SNAPSHOT_PATHS } from '../aws-snapshot/layout.js';
import type { RegionClients } from './clients.js';
import type { ClusterFacts } from './collect-eks.js';
import { mapLimit } from '../concurrency.js';
import { allPages, plainJson, type CollectionRun } from './run.js';

/** EC2 filters take at most 200 values. */
function chunks<T>(items: readonly T[], size = 200): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size));
  return out;
}

/** Subnets, route tables, security groups and flow logs of the cluster VPCs; launch templates, instances and EBS defaults of the node groups. */
export async function collectEc2(run: CollectionRun, clients: RegionClients, clusters: readonly ClusterFacts[]): Promise<void> {
  if (clusters.length === 0) return;
  const region = clients.region;
  const ec2 = clients.ec2;
  const subnetIds = new Set<string>();
  const vpcIds = new Set<string>();
  for (const facts of clusters) {
    const vpc = record(facts.cluster['resourcesVpcConfig']);
    for (const id of strings(vpc['subnetIds'])) subnetIds.add(id);
    const vpcId = str(vpc['vpcId']);
    if (vpcId) vpcIds.add(vpcId);
    for (const item of [...facts.nodegroups, ...facts.fargateProfiles]) for (const id of strings(item['subnets'])) subnetIds.add(id);
  }
  // filters, unlike SubnetIds, do not fail the whole call on one deleted subnet
  for (const ids of chunks([...subnetIds])) {
    const subnets = await run.call('ec2:DescribeSubnets', region, () =>
      allPages(paginateDescribeSubnets({ client: ec2 }, { Filters: [{ Name: 'subnet-id', Values: ids }] }), ['Subnets']),
    );
    if (!subnets) continue;
    run.record(SNAPSHOT_PATHS.ec2(region, 'describe-subnets'), subnets, ['Subnets']);
    for (const subnet of records(subnets['Subnets'])) {
      const vpcId = str(subnet['VpcId']);
      if (vpcId) vpcIds.add(vpcId);
    }
  }
  const vpcFilter = [...vpcIds];
  if (vpcFilter.length > 0) {
    await Promise.all([
      run.call('ec2:DescribeSecurityGroups', region, async () => {
        const groups = await allPages(paginateDescribeSecurityGroups({ client: ec2 }, { Filters: [{ Name: 'vpc-id', Values: vpcFilter }] }), ['SecurityGroups']);
        run.record(SNAPSHOT_PATHS.ec2(region, 'describe-security-groups'), groups, ['SecurityGroups']);
      }),
      run.call('ec2:DescribeRouteTables', region, async () => {
        const tables = await allPages(paginateDescribeRouteTables({ client: ec2 }, { Filters: [{ Name: 'vpc-id', Values: vpcFilter }] }), ['RouteTables']);
        run.record(SNAPSHOT_PATHS.ec2(region, 'describe-route-tables'), tables, ['RouteTables']);
      }),
      run.call('ec2:DescribeFlowLogs', region, async () => {
        const logs = await allPages(paginateDescribeFlowLogs({ client: ec2 }, { Filter: [{ Name: 'resource-id', Values: vpcFilter }] }), ['FlowLogs']);
        run.record(SNAPSHOT_PATHS.ec2(region, 'describe-flow-logs'), logs, ['FlowLogs']);
      }),
    ]);
  }
  const nodegroups = clusters.flatMap((facts) => facts.nodegroups);
  await collectNodeData(run, clients, nodegroups);
}

async function collectNodeData(run: CollectionRun, clients: RegionClients, nodegroups: readonly Record<string, unknown>[]): Promise<void> {
  if (nodegroups.length === 0) return;
  const region = clients.region;
  const ec2 = clients.ec2;
  const templates = new Map<string, { id?: string; name?: string; version: string }>();
  for (const nodegroup of nodegroups) {
    const template = record(nodegroup['launchTemplate']);
    const id = str(template['id']);
    const name = str(template['name']);
    if (!id && !name) continue;
    const version = str(template['version']) ?? '$Default';
    templates.set(`${id ?? name}|${version}`, { ...(id ? { id } : {}), ...(name ? { name } : {}), version });
  }
  await mapLimit([...templates.values()], run.concurrency, async (template) => {
    const response = await run.call('ec2:DescribeLaunchTemplateVersions', `${region}/${template.id ?? template.name}:${template.version}`, () =>
      allPages(
        paginateDescribeLaunchTemplateVersions(
          { client: ec2 },
          { ...(template.id ? { LaunchTemplateId: template.id } : { LaunchTemplateName: template.name! }), Versions: [template.version] },
        ),
        ['LaunchTemplateVersions'],
      ),
    );
    if (!response) return;
    // user data often carries bootstrap tokens or keys: scan it in memory, keep only what was found (never a value)
    for (const version of records(response['LaunchTemplateVersions'])) {
      const data = record(version['LaunchTemplateData']);
      const userData = data['UserData'];
      delete data['UserData'];
      if (typeof userData === 'string' && userData.trim() !== '') data[USER_DATA_FACTS_KEY] = analyzeUserData(userData, { base64: true });
    }
    run.record(SNAPSHOT_PATHS.launchTemplateVersion(region, template.id ?? template.name!, template.version), response);
  });
  const groups = nodegroups.flatMap((nodegroup) => records(record(nodegroup['resources'])['autoScalingGroups']).map((group) => str(group['name']))).filter((name): name is string => !!name);
  for (const names of chunks([...new Set(groups)])) {
    const instances = await run.call('ec2:DescribeInstances', region, () =>
      allPages(paginateDescribeInstances({ client: ec2 }, { Filters: [{ Name: 'tag:aws:autoscaling:groupName', Values: names }] }), ['Reservations']),
    );
    if (instances) run.record(SNAPSHOT_PATHS.ec2(region, 'describe-instances'), instances, ['Reservations']);
  }
  const ebs = await run.call('ec2:GetEbsEncryptionByDefault', region, async () => plainJson(await ec2.send(new GetEbsEncryptionByDefaultCommand({}))));
  if (ebs) run.record(SNAPSHOT_PATHS.ec2(region, 'get-ebs-encryption-by-default'), ebs);
}
