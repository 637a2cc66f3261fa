import { load } from 'js-yaml';
import { asRecord } from '../../core/inventory.js';
import { accountOf, bool, isoDate, record, records, str, stringMap, strings, tagMap } from '../json.js';
import type {
  AccessEntryModel,
  AccessPolicyAssociation,
  AddonModel,
  AddonVersionsModel,
  ClusterModel,
  ClusterVersionModel,
  FargateProfileModel,
  HealthIssue,
  NodegroupModel,
  PodIdentityAssociationModel,
} from '../models.js';

function healthIssues(value: unknown): HealthIssue[] {
  return records(record(value)['issues']).map((issue) => ({ code: str(issue['code']) ?? 'Other', message: str(issue['message']) ?? '' }));
}

/** `aws eks describe-cluster` → its `cluster` member. */
export function clusterFrom(cluster: Record<string, unknown>, region: string): ClusterModel | undefined {
  const name = str(cluster['name']);
  if (!name) return undefined;
  const vpc = record(cluster['resourcesVpcConfig']);
  const logging = asRecord(cluster['logging']);
  const enabledLogTypes = logging
    ? records(logging['clusterLogging']).filter((entry) => entry['enabled'] === true).flatMap((entry) => strings(entry['types']))
    : undefined;
  const access = asRecord(cluster['accessConfig']);
  const arn = str(cluster['arn']) ?? `arn:aws:eks:${region}::cluster/${name}`;
  const computeConfig = record(cluster['computeConfig']);
  const accountId = accountOf(arn);
  const clusterSecurityGroupId = str(vpc['clusterSecurityGroupId']);
  const vpcId = str(vpc['vpcId']);
  const version = str(cluster['version']);
  const platformVersion = str(cluster['platformVersion']);
  const status = str(cluster['status']);
  const roleArn = str(cluster['roleArn']);
  const oidcIssuer = str(record(record(cluster['identity'])['oidc'])['issuer']);
  const upgradeSupportType = str(record(cluster['upgradePolicy'])['supportType']);
  return {
    name,
    arn,
    region,
    ...(accountId ? { accountId } : {}),
    ...(version ? { version } : {}),
    ...(platformVersion ? { platformVersion } : {}),
    ...(status ? { status } : {}),
    ...(roleArn ? { roleArn } : {}),
    ...optionalBool('endpointPublicAccess', vpc['endpointPublicAccess']),
    ...optionalBool('endpointPrivateAccess', vpc['endpointPrivateAccess']),
    publicAccessCidrs: strings(vpc['publicAccessCidrs']),
    ...(clusterSecurityGroupId ? { clusterSecurityGroupId } : {}),
    securityGroupIds: strings(vpc['securityGroupIds']),
    subnetIds: strings(vpc['subnetIds']),
    ...(vpcId ? { vpcId } : {}),
    ...(enabledLogTypes ? { enabledLogTypes } : {}),
    ...(oidcIssuer ? { oidcIssuer } : {}),
    encryption: records(cluster['encryptionConfig']).map((entry) => {
      const keyArn = str(record(entry['provider'])['keyArn']);
      return { resources: strings(entry['resources']), ...(keyArn ? { keyArn } : {}) };
    }),
    ...(access
      ? {
          accessConfig: {
            ...(str(access['authenticationMode']) ? { authenticationMode: str(access['authenticationMode']) } : {}),
            ...optionalBool('bootstrapClusterCreatorAdminPermissions', access['bootstrapClusterCreatorAdminPermissions']),
          },
        }
      : {}),
    ...(upgradeSupportType ? { upgradeSupportType } : {}),
    ...optionalBool('deletionProtection', cluster['deletionProtection']),
    healthIssues: healthIssues(cluster['health']),
    autoMode: computeConfig['enabled'] === true,
    tags: tagMap(cluster['tags']),
  };
}

function optionalBool<K extends string>(key: K, value: unknown): { [P in K]?: boolean } {
  const parsed = bool(value);
  return (parsed === undefined ? {} : { [key]: parsed }) as { [P in K]?: boolean };
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined || value === '' ? {} : { [key]: value }) as { [P in K]?: string };
}

/** `aws eks describe-nodegroup` → its `nodegroup` member. */
export function nodegroupFrom(nodegroup: Record<string, unknown>, region: string, clusterHint?: string): NodegroupModel | undefined {
  const name = str(nodegroup['nodegroupName']);
  const clusterName = str(nodegroup['clusterName']) ?? clusterHint;
  if (!name || !clusterName) return undefined;
  const remote = asRecord(nodegroup['remoteAccess']);
  const resources = record(nodegroup['resources']);
  const template = asRecord(nodegroup['launchTemplate']);
  return {
    name,
    clusterName,
    region,
    arn: str(nodegroup['nodegroupArn']) ?? `arn:aws:eks:${region}::nodegroup/${clusterName}/${name}`,
    ...optional('version', str(nodegroup['version'])),
    ...optional('releaseVersion', str(nodegroup['releaseVersion'])),
    ...optional('amiType', str(nodegroup['amiType'])),
    ...optional('status', str(nodegroup['status'])),
    ...optional('nodeRole', str(nodegroup['nodeRole'])),
    subnets: strings(nodegroup['subnets']),
    ...(remote
      ? { remoteAccess: { ...optional('ec2SshKey', str(remote['ec2SshKey'])), sourceSecurityGroups: strings(remote['sourceSecurityGroups']) } }
      : {}),
    ...optional('remoteAccessSecurityGroup', str(resources['remoteAccessSecurityGroup'])),
    autoScalingGroups: records(resources['autoScalingGroups']).map((group) => str(group['name'])).filter((n): n is string => !!n),
    ...(template
      ? {
          launchTemplate: {
            ...optional('id', str(template['id'])),
            ...optional('name', str(template['name'])),
            ...optional('version', str(template['version']) ?? numberText(template['version'])),
          },
        }
      : {}),
    healthIssues: healthIssues(nodegroup['health']),
  };
}

function numberText(value: unknown): string | undefined {
  return typeof value === 'number' ? String(value) : undefined;
}

export function fargateProfileFrom(profile: Record<string, unknown>, region: string, clusterHint?: string): FargateProfileModel | undefined {
  const name = str(profile['fargateProfileName']);
  const clusterName = str(profile['clusterName']) ?? clusterHint;
  if (!name || !clusterName) return undefined;
  return {
    name,
    clusterName,
    region,
    arn: str(profile['fargateProfileArn']) ?? `arn:aws:eks:${region}::fargateprofile/${clusterName}/${name}`,
    ...optional('podExecutionRoleArn', str(profile['podExecutionRoleArn'])),
    subnets: strings(profile['subnets']),
    selectors: records(profile['selectors']).map((selector) => ({
      ...optional('namespace', str(selector['namespace'])),
      labels: stringMap(selector['labels']),
    })),
  };
}

/** `configurationValues` is a JSON or YAML string; js-yaml reads both (JSON is YAML), with the safe default schema. */
function parseConfiguration(text: string | undefined): { configuration?: Record<string, unknown>; unparsable: boolean } {
  if (text === undefined || text.trim() === '') return { unparsable: false };
  try {
    const parsed = asRecord(load(text, { json: true }));
    return parsed ? { configuration: parsed, unparsable: false } : { unparsable: true };
  } catch {
    return { unparsable: true };
  }
}

export function addonFrom(addon: Record<string, unknown>, region: string, clusterHint?: string): AddonModel | undefined {
  const name = str(addon['addonName']);
  const clusterName = str(addon['clusterName']) ?? clusterHint;
  if (!name || !clusterName) return undefined;
  const config = parseConfiguration(str(addon['configurationValues']));
  return {
    name,
    clusterName,
    region,
    arn: str(addon['addonArn']) ?? `arn:aws:eks:${region}::addon/${clusterName}/${name}`,
    ...optional('version', str(addon['addonVersion'])),
    ...optional('status', str(addon['status'])),
    healthIssues: healthIssues(addon['health']),
    ...optional('serviceAccountRoleArn', str(addon['serviceAccountRoleArn'])),
    podIdentityAssociations: strings(addon['podIdentityAssociations']),
    ...(config.configuration ? { configuration: config.configuration } : {}),
    configurationUnparsable: config.unparsable,
  };
}

/** `aws eks describe-addon-versions` → one model per add-on in the response. */
export function addonVersionsFrom(response: Record<string, unknown>, region: string): AddonVersionsModel[] {
  return records(response['addons']).flatMap((addon) => {
    const addonName = str(addon['addonName']);
    if (!addonName) return [];
    const defaultByClusterVersion: Record<string, string> = {};
    const versions: string[] = [];
    for (const build of records(addon['addonVersions'])) {
      const version = str(build['addonVersion']);
      if (!version) continue;
      versions.push(version);
      for (const compatibility of records(build['compatibilities'])) {
        const clusterVersion = str(compatibility['clusterVersion']);
        if (clusterVersion && compatibility['defaultVersion'] === true) defaultByClusterVersion[clusterVersion] = version;
      }
    }
    return [{ addonName, region, defaultByClusterVersion, versions }];
  });
}

export function accessEntryFrom(entry: Record<string, unknown>, region: string, clusterHint?: string): AccessEntryModel | undefined {
  const principalArn = str(entry['principalArn']);
  const clusterName = str(entry['clusterName']) ?? clusterHint;
  if (!principalArn || !clusterName) return undefined;
  return {
    principalArn,
    clusterName,
    region,
    arn: str(entry['accessEntryArn']) ?? principalArn,
    ...optional('type', str(entry['type'])),
    ...optional('username', str(entry['username'])),
    kubernetesGroups: strings(entry['kubernetesGroups']),
  };
}

/** `aws eks list-associated-access-policies` → the policies of one principal. */
export function accessPoliciesFrom(response: Record<string, unknown>): { principalArn?: string; clusterName?: string; policies: AccessPolicyAssociation[] } {
  const principalArn = str(response['principalArn']);
  const clusterName = str(response['clusterName']);
  return {
    ...(principalArn ? { principalArn } : {}),
    ...(clusterName ? { clusterName } : {}),
    policies: records(response['associatedAccessPolicies'])
      .map((policy) => {
        const scope = record(policy['accessScope']);
        return { policyArn: str(policy['policyArn']) ?? '', ...optional('scopeType', str(scope['type'])), namespaces: strings(scope['namespaces']) };
      })
      .filter((policy) => policy.policyArn !== ''),
  };
}

export function podIdentityFrom(association: Record<string, unknown>, region: string, clusterHint?: string): PodIdentityAssociationModel | undefined {
  const id = str(association['associationId']);
  const clusterName = str(association['clusterName']) ?? clusterHint;
  if (!id || !clusterName) return undefined;
  return {
    id,
    clusterName,
    region,
    arn: str(association['associationArn']) ?? `arn:aws:eks:${region}::podidentityassociation/${clusterName}/${id}`,
    ...optional('namespace', str(association['namespace'])),
    ...optional('serviceAccount', str(association['serviceAccount'])),
    ...optional('roleArn', str(association['roleArn'])),
    ...optional('targetRoleArn', str(association['targetRoleArn'])),
    ...optional('ownerArn', str(association['ownerArn'])),
  };
}

export function clusterVersionsFrom(response: Record<string, unknown>, region: string): ClusterVersionModel[] {
  return records(response['clusterVersions']).flatMap((entry) => {
    const version = str(entry['clusterVersion']);
    if (!version) return [];
    const status = str(entry['versionStatus']) ?? legacyStatus(str(entry['status']));
    return [
      {
        version,
        region,
        ...optional('versionStatus', status),
        ...optional('endOfStandardSupport', isoDate(entry['endOfStandardSupportDate'])),
        ...optional('endOfExtendedSupport', isoDate(entry['endOfExtendedSupportDate'])),
        ...optional('defaultPlatformVersion', str(entry['defaultPlatformVersion'])),
      },
    ];
  });
}

/** The deprecated `status` field (`standard-support`) spelled as `versionStatus` (`STANDARD_SUPPORT`). */
function legacyStatus(status: string | undefined): string | undefined {
  return status ? status.toUpperCase().replace(/-/g, '_') : undefined;
}
