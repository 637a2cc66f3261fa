import { paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import { GetRegistryScanningConfigurationCommand, paginateDescribeRepositories } from '@aws-sdk/client-ecr';
import { GetDetectorCommand, paginateListDetectors } from '@aws-sdk/client-guardduty';
import {
  GetOpenIDConnectProviderCommand,
  GetRolePolicyCommand,
  ListOpenIDConnectProvidersCommand,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
  paginateListRoles,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { DescribeKeyCommand, GetKeyRotationStatusCommand } from '@aws-sdk/client-kms';
import { GetParametersCommand } from '@aws-sdk/client-ssm';
import { amiReleaseParameter } from '../../aws/ami.js';
import { collectEcrImages, collectEcrPolicies } from './collect-ecr.js';
import { record, records, roleNameOf, str, strings } from '../../aws/json.js';
import { SNAPSHOT_PATHS } from '../aws-snapshot/layout.js';
import type { RegionClients } from './clients.js';
import type { ClusterFacts } from './collect-eks.js';
import { mapLimit } from '../concurrency.js';
import { allPages, plainJson, type CollectionRun } from './run.js';

/** Latest AMI releases (public SSM parameters, under the configured prefix) for the node groups' AMI types and versions. */
export async function collectAmiReleases(run: CollectionRun, clients: RegionClients, clusters: readonly ClusterFacts[]): Promise<void> {
  const names = new Set<string>();
  for (const nodegroup of clusters.flatMap((facts) => facts.nodegroups)) {
    const parameter = amiReleaseParameter(str(nodegroup['amiType']), str(nodegroup['version']));
    if (parameter) names.add(`${run.ssmPrefix}${parameter}`);
  }
  const all = [...names];
  for (let index = 0; index < all.length; index += 10) {
    const batch = all.slice(index, index + 10);
    // unknown names come back in InvalidParameters instead of failing the call
    const response = await run.call('ssm:GetParameters', clients.region, async () => plainJson(await clients.ssm.send(new GetParametersCommand({ Names: batch }))));
    if (response) run.record(SNAPSHOT_PATHS.ssm(clients.region, index / 10), response);
  }
}

export async function collectKeysAndLogs(run: CollectionRun, clients: RegionClients, clusters: readonly ClusterFacts[]): Promise<void> {
  const region = clients.region;
  const keys = new Set<string>();
  for (const facts of clusters) {
    for (const entry of records(facts.cluster['encryptionConfig'])) {
      const keyArn = str(record(entry['provider'])['keyArn']);
      if (keyArn) keys.add(keyArn);
    }
  }
  await mapLimit([...keys], run.concurrency, async (keyArn) => {
    const keyId = keyArn.split('/').pop() ?? keyArn;
    const described = await run.call('kms:DescribeKey', `${region}/${keyId}`, async () => plainJson(await clients.kms.send(new DescribeKeyCommand({ KeyId: keyArn }))));
    if (described) run.record(SNAPSHOT_PATHS.kms(region, keyId, 'describe-key'), described);
    const rotation = await run.call('kms:GetKeyRotationStatus', `${region}/${keyId}`, async () => plainJson(await clients.kms.send(new GetKeyRotationStatusCommand({ KeyId: keyArn }))));
    if (rotation) run.record(SNAPSHOT_PATHS.kms(region, keyId, 'get-key-rotation-status'), rotation);
  });
  await mapLimit([...clusters], run.concurrency, async (facts) => {
    const groups = await run.call('logs:DescribeLogGroups', `${region}/${facts.name}`, () =>
      allPages(paginateDescribeLogGroups({ client: clients.logs }, { logGroupNamePrefix: `/aws/eks/${facts.name}/cluster` }), ['logGroups']),
    );
    if (groups) run.record(SNAPSHOT_PATHS.logs(region), groups, ['logGroups']);
  });
}

export async function collectDetection(run: CollectionRun, clients: RegionClients): Promise<void> {
  const region = clients.region;
  const detectors = await run.call('guardduty:ListDetectors', region, () => allPages(paginateListDetectors({ client: clients.guardduty }, {}), ['DetectorIds']));
  if (detectors) {
    run.record(SNAPSHOT_PATHS.guardDutyList(region), detectors);
    for (const detectorId of strings(detectors['DetectorIds'])) {
      const detector = await run.call('guardduty:GetDetector', `${region}/${detectorId}`, async () => plainJson(await clients.guardduty.send(new GetDetectorCommand({ DetectorId: detectorId }))));
      if (detector) run.record(SNAPSHOT_PATHS.guardDuty(region, detectorId), detector);
    }
  }
  const repositories = await run.call('ecr:DescribeRepositories', region, () => allPages(paginateDescribeRepositories({ client: clients.ecr }, {}), ['repositories']));
  if (repositories) {
    run.record(SNAPSHOT_PATHS.ecr(region, 'describe-repositories'), repositories);
    await collectEcrPolicies(run, clients, repositories);
    await collectEcrImages(run, clients, repositories);
  }
  const scanning = await run.call('ecr:GetRegistryScanningConfiguration', region, async () =>
    plainJson(await clients.ecr.send(new GetRegistryScanningConfigurationCommand({}))),
  );
  if (scanning) run.record(SNAPSHOT_PATHS.ecr(region, 'get-registry-scanning-configuration'), scanning);
}

/** IAM is global: every role (trust policies for IRSA and Pod Identity), OIDC providers, and the policies of node and Fargate roles. */
export async function collectIam(run: CollectionRun, iam: IAMClient, clusters: readonly ClusterFacts[]): Promise<void> {
  const roles = await run.call('iam:ListRoles', 'global', () => allPages(paginateListRoles({ client: iam }, {}), ['Roles']));
  if (roles) run.record(SNAPSHOT_PATHS.iam('list-roles'), roles);
  const providers = await run.call('iam:ListOpenIDConnectProviders', 'global', async () => plainJson(await iam.send(new ListOpenIDConnectProvidersCommand({}))));
  if (providers) {
    run.record(SNAPSHOT_PATHS.iam('list-open-id-connect-providers'), providers);
    const eksProviders = records(providers['OpenIDConnectProviderList'])
      .map((provider) => str(provider['Arn']))
      .filter((arn): arn is string => !!arn && arn.includes('oidc-provider/oidc.eks.'));
    await mapLimit(eksProviders, run.concurrency, async (arn) => {
      const provider = await run.call('iam:GetOpenIDConnectProvider', arn, async () =>
        plainJson(await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))),
      );
      if (provider) run.record(SNAPSHOT_PATHS.oidcProvider(eksProviders.indexOf(arn)), provider);
    });
  }
  const roleNames = new Set<string>();
  for (const facts of clusters) {
    for (const nodegroup of facts.nodegroups) roleNames.add(roleNameOf(str(nodegroup['nodeRole'])) ?? '');
    for (const profile of facts.fargateProfiles) roleNames.add(roleNameOf(str(profile['podExecutionRoleArn'])) ?? '');
  }
  roleNames.delete('');
  await mapLimit([...roleNames], run.concurrency, async (roleName) => {
    const attached = await run.call('iam:ListAttachedRolePolicies', roleName, () => allPages(paginateListAttachedRolePolicies({ client: iam }, { RoleName: roleName }), ['AttachedPolicies']));
    if (attached) run.record(SNAPSHOT_PATHS.role(roleName, 'list-attached-role-policies'), attached);
    const inline = await run.call('iam:ListRolePolicies', roleName, () => allPages(paginateListRolePolicies({ client: iam }, { RoleName: roleName }), ['PolicyNames']));
    if (!inline) return;
    run.record(SNAPSHOT_PATHS.role(roleName, 'list-role-policies'), inline);
    for (const policyName of strings(inline['PolicyNames'])) {
      const policy = await run.call('iam:GetRolePolicy', `${roleName}/${policyName}`, async () => plainJson(await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }))));
      if (policy) run.record(SNAPSHOT_PATHS.role(roleName, `inline-${policyName}`), policy);
    }
  });
}
