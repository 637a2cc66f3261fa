/**
 * `aws_eks_*` resources of a plan → the EKS models. Attribute names are those of the AWS
 * provider (registry.terraform.io/providers/hashicorp/aws: aws_eks_cluster, aws_eks_node_group,
 * aws_eks_fargate_profile, aws_eks_addon, aws_eks_access_entry,
 * aws_eks_access_policy_association, aws_eks_pod_identity_association).
 */
import { load } from 'js-yaml';
import { asRecord } from '../../../core/inventory.js';
import type { AccessEntryModel, AccessPolicyAssociation, AddonModel, ClusterModel, FargateProfileModel, NodegroupModel, PodIdentityAssociationModel } from '../../../aws/models.js';
import { records, stringMap } from '../../../aws/json.js';
import { defined, FieldReader, isUnresolved } from '../fields.js';
import type { PlanInstance } from './plan.js';
import type { PlanValues } from './values.js';

/** EKS API defaults for what the configuration leaves to EKS (CreateCluster, CreateAccessConfigRequest). */
const DEFAULT_AUTHENTICATION_MODE = 'CONFIG_MAP';
const DEFAULT_PUBLIC_ACCESS_CIDRS = ['0.0.0.0/0'];

type Get = (...path: (string | number)[]) => unknown;

const getter = (values: PlanValues, instance: PlanInstance): Get => (...path) => values.get(instance, path);

export function clusterOf(values: PlanValues, instance: PlanInstance, f: FieldReader): ClusterModel {
  const get = getter(values, instance);
  const vpc = (name: string) => ['vpc_config', 0, name];
  const version = get('version');
  const accessUnknown = isUnresolved(get('access_config'));
  const access = accessUnknown || records(get('access_config')).length > 0;
  const encryption = get('encryption_config');
  const vpcId = get(...vpc('vpc_id'));
  return defined({
    name: values.identity(instance, ['name']),
    arn: values.identity(instance, ['arn']),
    region: values.region,
    accountId: values.account || undefined,
    version:
      isUnresolved(version) && !values.isSet(instance, ['version'])
        ? f.mark('version', `${instance.address}: version is not set, so EKS picks its default Kubernetes version at create`)
        : f.string('version', version),
    roleArn: f.string('roleArn', get('role_arn')),
    endpointPublicAccess: f.bool('endpointPublicAccess', values.orDefault(instance, vpc('endpoint_public_access'), true)),
    endpointPrivateAccess: f.bool('endpointPrivateAccess', values.orDefault(instance, vpc('endpoint_private_access'), false)),
    publicAccessCidrs: f.strings('publicAccessCidrs', values.orDefault(instance, vpc('public_access_cidrs'), DEFAULT_PUBLIC_ACCESS_CIDRS)),
    clusterSecurityGroupId: values.identity(instance, vpc('cluster_security_group_id')),
    securityGroupIds: f.strings('securityGroupIds', get(...vpc('security_group_ids'))),
    subnetIds: f.strings('subnetIds', get(...vpc('subnet_ids'))),
    // computed by EKS from the subnets: left out, so checks fall back to the subnets' VPC
    vpcId: typeof vpcId === 'string' && vpcId ? vpcId : undefined,
    enabledLogTypes: f.strings('enabledLogTypes', values.orDefault(instance, ['enabled_cluster_log_types'], [])),
    oidcIssuer: values.identity(instance, ['identity', 0, 'oidc', 0, 'issuer']),
    encryption: isUnresolved(encryption)
      ? (f.mark('encryption', encryption.reason), [])
      : records(encryption).map((_, index) =>
          defined({ resources: f.strings('encryption', get('encryption_config', index, 'resources')), keyArn: f.string('encryption', get('encryption_config', index, 'provider', 0, 'key_arn')) }),
        ),
    accessConfig: defined({
      authenticationMode: f.string('accessConfig.authenticationMode', access ? values.orDefault(instance, ['access_config', 0, 'authentication_mode'], DEFAULT_AUTHENTICATION_MODE) : DEFAULT_AUTHENTICATION_MODE),
      bootstrapClusterCreatorAdminPermissions: f.bool(
        'accessConfig.bootstrapClusterCreatorAdminPermissions',
        access ? values.orDefault(instance, ['access_config', 0, 'bootstrap_cluster_creator_admin_permissions'], true) : true,
      ),
    }),
    upgradeSupportType: f.string('upgradeSupportType', get('upgrade_policy', 0, 'support_type')),
    healthIssues: [],
    autoMode: get('compute_config', 0, 'enabled') === true,
    tags: stringMap(get('tags')),
  });
}

export function nodegroupOf(values: PlanValues, instance: PlanInstance, f: FieldReader, clusterVersion: (name: string) => unknown, customAmi: (template: unknown) => boolean): NodegroupModel {
  const get = getter(values, instance);
  const name = values.identity(instance, ['node_group_name']);
  const clusterName = values.identity(instance, ['cluster_name']);
  const remote = records(get('remote_access'));
  const template = records(get('launch_template'));
  const version = get('version');
  const amiType = get('ami_type');
  const templateId = template.length > 0 ? (values.ifSet(instance, ['launch_template', 0, 'id']) ?? values.ifSet(instance, ['launch_template', 0, 'name'])) : undefined;
  return defined({
    name,
    clusterName,
    region: values.region,
    arn: values.identity(instance, ['arn']),
    // EKS gives a node group the cluster's version when none is set (CreateNodegroup)
    version: isUnresolved(version) && !values.isSet(instance, ['version']) ? f.string('version', clusterVersion(clusterName)) : f.string('version', version),
    releaseVersion: isUnresolved(get('release_version')) ? undefined : f.string('releaseVersion', get('release_version')),
    amiType:
      isUnresolved(amiType) && !values.isSet(instance, ['ami_type'])
        ? customAmi(templateId)
          ? 'CUSTOM'
          : f.mark('amiType', `${instance.address}: ami_type is not set, so EKS picks the AMI type at create`)
        : f.string('amiType', amiType),
    nodeRole: f.string('nodeRole', get('node_role_arn')),
    subnets: f.strings('subnets', get('subnet_ids')),
    remoteAccess:
      remote.length > 0 && values.ifSet(instance, ['remote_access']) !== undefined
        ? defined({ ec2SshKey: f.string('remoteAccess.ec2SshKey', get('remote_access', 0, 'ec2_ssh_key')), sourceSecurityGroups: f.strings('remoteAccess.sourceSecurityGroups', get('remote_access', 0, 'source_security_group_ids')) })
        : undefined,
    autoScalingGroups: [],
    launchTemplate:
      template.length > 0
        ? defined({
            id: f.string('launchTemplate.id', values.ifSet(instance, ['launch_template', 0, 'id'])) || undefined,
            name: f.string('launchTemplate.name', values.ifSet(instance, ['launch_template', 0, 'name'])) || undefined,
            version: f.string('launchTemplate.version', values.ifSet(instance, ['launch_template', 0, 'version'])) || undefined,
          })
        : undefined,
    healthIssues: [],
  });
}

export function fargateProfileOf(values: PlanValues, instance: PlanInstance, f: FieldReader): FargateProfileModel {
  const get = getter(values, instance);
  const clusterName = values.identity(instance, ['cluster_name']);
  const name = values.identity(instance, ['fargate_profile_name']);
  return defined({
    name,
    clusterName,
    region: values.region,
    arn: values.identity(instance, ['arn']),
    podExecutionRoleArn: f.string('podExecutionRoleArn', get('pod_execution_role_arn')),
    subnets: f.strings('subnets', get('subnet_ids')),
    selectors: records(get('selector')).map((selector) => defined({ namespace: typeof selector['namespace'] === 'string' ? selector['namespace'] : undefined, labels: stringMap(selector['labels']) })),
  });
}

function parseConfiguration(text: string | undefined): { configuration?: Record<string, unknown>; unparsable: boolean } {
  if (text === undefined || text.trim() === '') return { unparsable: false };
  try {
    const parsed = asRecord(load(text, { json: true }));
    return parsed ? { configuration: parsed, unparsable: false } : { unparsable: true };
  } catch {
    return { unparsable: true };
  }
}

export function addonOf(values: PlanValues, instance: PlanInstance, f: FieldReader): AddonModel {
  const get = getter(values, instance);
  const configuration = values.ifSet(instance, ['configuration_values']);
  const parsed = isUnresolved(configuration) ? (f.mark('configuration', configuration.reason), f.mark('configurationUnparsable', configuration.reason), { unparsable: false }) : parseConfiguration(typeof configuration === 'string' ? configuration : undefined);
  return defined({
    name: values.identity(instance, ['addon_name']),
    arn: values.identity(instance, ['arn']),
    clusterName: values.identity(instance, ['cluster_name']),
    region: values.region,
    version: isUnresolved(get('addon_version')) ? undefined : f.string('version', get('addon_version')),
    healthIssues: [],
    serviceAccountRoleArn: f.string('serviceAccountRoleArn', values.ifSet(instance, ['service_account_role_arn'])) || undefined,
    podIdentityAssociations: records(get('pod_identity_association')).map((_, index) => f.string('podIdentityAssociations', get('pod_identity_association', index, 'role_arn')) ?? ''),
    configuration: parsed.configuration,
    configurationUnparsable: parsed.unparsable,
  });
}

export function accessEntryOf(values: PlanValues, instance: PlanInstance, f: FieldReader, policies: AccessPolicyAssociation[] | undefined): AccessEntryModel {
  const get = getter(values, instance);
  const principalArn = values.identity(instance, ['principal_arn']);
  return defined({
    principalArn,
    clusterName: values.identity(instance, ['cluster_name']),
    region: values.region,
    arn: values.identity(instance, ['access_entry_arn']),
    type: f.string('type', values.orDefault(instance, ['type'], 'STANDARD')),
    username: isUnresolved(get('user_name')) ? undefined : f.string('username', get('user_name')),
    kubernetesGroups: f.strings('kubernetesGroups', values.orDefault(instance, ['kubernetes_groups'], [])),
    policies,
  });
}

export function accessPolicyOf(values: PlanValues, instance: PlanInstance): { cluster: string; principal: string; policy: AccessPolicyAssociation | string } {
  const get = getter(values, instance);
  const policyArn = get('policy_arn');
  const scopeType = get('access_scope', 0, 'type');
  const namespaces = get('access_scope', 0, 'namespaces');
  const unknown = [policyArn, scopeType, namespaces].find(isUnresolved);
  return {
    cluster: values.identity(instance, ['cluster_name']),
    principal: values.identity(instance, ['principal_arn']),
    policy: unknown
      ? unknown.reason
      : defined({
          policyArn: typeof policyArn === 'string' ? policyArn : '',
          scopeType: typeof scopeType === 'string' ? scopeType : undefined,
          namespaces: Array.isArray(namespaces) ? namespaces.filter((item): item is string => typeof item === 'string') : [],
        }),
  };
}

export function podIdentityOf(values: PlanValues, instance: PlanInstance, f: FieldReader): PodIdentityAssociationModel {
  const get = getter(values, instance);
  return defined({
    id: values.identity(instance, ['association_id']),
    arn: values.identity(instance, ['association_arn']),
    clusterName: values.identity(instance, ['cluster_name']),
    region: values.region,
    namespace: f.string('namespace', get('namespace')),
    serviceAccount: f.string('serviceAccount', get('service_account')),
    roleArn: f.string('roleArn', get('role_arn')),
    targetRoleArn: isUnresolved(get('target_role_arn')) ? undefined : f.string('targetRoleArn', get('target_role_arn')) || undefined,
  });
}
