/**
 * Resolved CloudFormation resource properties → the AWS models. Property names are those of the
 * CloudFormation template reference (AWS::EKS::Cluster, AWS::EKS::Nodegroup, …); defaults are the
 * ones it documents for properties left out.
 */
import { load } from 'js-yaml';
import { asRecord } from '../../../core/inventory.js';
import type {
  AccessEntryModel,
  AddonModel,
  ClusterModel,
  EcrRepositoryModel,
  EcrScanningModel,
  FargateProfileModel,
  GuardDutyModel,
  KmsKeyModel,
  LaunchTemplateVersionModel,
  LogGroupModel,
  NodegroupModel,
  OidcProviderModel,
  PodIdentityAssociationModel,
  ManagedPolicyModel,
  RoleModel,
  SecurityGroupRule,
  SubnetModel,
} from '../../../aws/models.js';
import { normaliseProtocol } from '../../../aws/network.js';
import { decodePolicyDocument, policyStatements } from '../../../aws/policy.js';
import { defined, FieldReader, firstUnresolved, isUnresolved, type Unresolved } from '../fields.js';

export type Props = Record<string, unknown>;

export interface Scope {
  name: string;
  region: string;
  account: string;
}

/** A property that is an object, or undefined; an unresolved one marks the field. */
function object(f: FieldReader, field: string, value: unknown): Props | undefined {
  if (isUnresolved(value)) return f.mark(field, value.reason);
  return asRecord(value);
}

function list(f: FieldReader, field: string, value: unknown): Props[] {
  if (isUnresolved(value)) return (f.mark(field, value.reason), []);
  if (!Array.isArray(value)) return [];
  const bad = value.find(isUnresolved) as Unresolved | undefined;
  if (bad) return (f.mark(field, bad.reason), []);
  return value.map((item) => asRecord(item)).filter((item): item is Props => item !== undefined);
}

function tags(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of Array.isArray(value) ? value : []) {
    const entry = asRecord(tag);
    if (entry && typeof entry['Key'] === 'string' && typeof entry['Value'] === 'string') out[entry['Key']] = entry['Value'];
  }
  return out;
}

const orDefault = (value: unknown, fallback: unknown) => (value === undefined || value === null ? fallback : value);

export function cluster(p: Props, s: Scope, f: FieldReader, arn: string, securityGroupId: string, issuer: string): ClusterModel {
  const vpc = object(f, 'subnetIds', p['ResourcesVpcConfig']) ?? {};
  const logging = object(f, 'enabledLogTypes', asRecord(p['Logging'])?.['ClusterLogging']);
  const access = object(f, 'accessConfig', p['AccessConfig']) ?? {};
  return defined({
    name: s.name,
    arn,
    region: s.region,
    accountId: s.account || undefined,
    version: p['Version'] === undefined ? f.mark('version', `${s.name}: Version is not set, so EKS picks its default Kubernetes version at create`) : f.string('version', p['Version']),
    roleArn: f.string('roleArn', p['RoleArn']),
    endpointPublicAccess: f.bool('endpointPublicAccess', orDefault(vpc['EndpointPublicAccess'], true)),
    endpointPrivateAccess: f.bool('endpointPrivateAccess', orDefault(vpc['EndpointPrivateAccess'], false)),
    publicAccessCidrs: f.strings('publicAccessCidrs', orDefault(vpc['PublicAccessCidrs'], ['0.0.0.0/0'])),
    clusterSecurityGroupId: securityGroupId,
    securityGroupIds: f.strings('securityGroupIds', vpc['SecurityGroupIds']),
    subnetIds: f.strings('subnetIds', vpc['SubnetIds']),
    enabledLogTypes: list(f, 'enabledLogTypes', logging?.['EnabledTypes']).map((entry) => f.string('enabledLogTypes', entry['Type'])).filter((type): type is string => !!type),
    oidcIssuer: issuer,
    encryption: list(f, 'encryption', p['EncryptionConfig']).map((entry) =>
      defined({ resources: f.strings('encryption', entry['Resources']), keyArn: f.string('encryption', object(f, 'encryption', entry['Provider'])?.['KeyArn']) }),
    ),
    accessConfig: defined({
      authenticationMode: f.string('accessConfig.authenticationMode', orDefault(access['AuthenticationMode'], 'CONFIG_MAP')),
      bootstrapClusterCreatorAdminPermissions: f.bool('accessConfig.bootstrapClusterCreatorAdminPermissions', orDefault(access['BootstrapClusterCreatorAdminPermissions'], true)),
    }),
    upgradeSupportType: f.string('upgradeSupportType', asRecord(p['UpgradePolicy'])?.['SupportType']),
    healthIssues: [],
    autoMode: asRecord(p['ComputeConfig'])?.['Enabled'] === true,
    tags: tags(p['Tags']),
  });
}

export function nodegroup(p: Props, s: Scope, f: FieldReader, arn: string, clusterName: string, clusterVersion: unknown, customAmi: (template: unknown) => boolean): NodegroupModel {
  const remote = object(f, 'remoteAccess', p['RemoteAccess']);
  const template = object(f, 'launchTemplate', p['LaunchTemplate']);
  const templateId = template?.['Id'] ?? template?.['Name'];
  return defined({
    name: s.name,
    arn,
    clusterName,
    region: s.region,
    version: f.string('version', p['Version'] ?? clusterVersion),
    releaseVersion: isUnresolved(p['ReleaseVersion']) ? undefined : f.string('releaseVersion', p['ReleaseVersion']),
    amiType: p['AmiType'] === undefined ? (customAmi(templateId) ? 'CUSTOM' : f.mark('amiType', `${s.name}: AmiType is not set, so EKS picks the AMI type at create`)) : f.string('amiType', p['AmiType']),
    nodeRole: f.string('nodeRole', p['NodeRole']),
    subnets: f.strings('subnets', p['Subnets']),
    remoteAccess: remote ? defined({ ec2SshKey: f.string('remoteAccess.ec2SshKey', remote['Ec2SshKey']), sourceSecurityGroups: f.strings('remoteAccess.sourceSecurityGroups', remote['SourceSecurityGroups']) }) : undefined,
    autoScalingGroups: [],
    launchTemplate: template
      ? defined({ id: f.string('launchTemplate.id', template['Id']), name: f.string('launchTemplate.name', template['Name']), version: f.string('launchTemplate.version', template['Version']) })
      : undefined,
    healthIssues: [],
  });
}

export function fargateProfile(p: Props, s: Scope, f: FieldReader, arn: string): FargateProfileModel {
  return defined({
    name: s.name,
    arn,
    clusterName: f.string('clusterName', p['ClusterName']) ?? '',
    region: s.region,
    podExecutionRoleArn: f.string('podExecutionRoleArn', p['PodExecutionRoleArn']),
    subnets: f.strings('subnets', p['Subnets']),
    selectors: list(f, 'selectors', p['Selectors']).map((selector) => defined({ namespace: f.string('selectors', selector['Namespace']), labels: tags(selector['Labels']) })),
  });
}

export function addon(p: Props, s: Scope, f: FieldReader, arn: string): AddonModel {
  const text = p['ConfigurationValues'];
  let configuration: Record<string, unknown> | undefined;
  let unparsable = false;
  if (isUnresolved(text)) {
    f.mark('configuration', text.reason);
    f.mark('configurationUnparsable', text.reason);
  } else if (typeof text === 'string' && text.trim() !== '') {
    try {
      configuration = asRecord(load(text, { json: true }));
      unparsable = configuration === undefined;
    } catch {
      unparsable = true;
    }
  }
  return defined({
    name: f.string('name', p['AddonName']) ?? s.name,
    arn,
    clusterName: f.string('clusterName', p['ClusterName']) ?? '',
    region: s.region,
    version: isUnresolved(p['AddonVersion']) ? undefined : f.string('version', p['AddonVersion']),
    healthIssues: [],
    serviceAccountRoleArn: f.string('serviceAccountRoleArn', p['ServiceAccountRoleArn']),
    podIdentityAssociations: list(f, 'podIdentityAssociations', p['PodIdentityAssociations']).map((item) => f.string('podIdentityAssociations', item['RoleArn']) ?? ''),
    configuration,
    configurationUnparsable: unparsable,
  });
}

export function accessEntry(p: Props, s: Scope, f: FieldReader): AccessEntryModel {
  const principalArn = f.string('principalArn', p['PrincipalArn']) ?? s.name;
  return defined({
    principalArn,
    clusterName: f.string('clusterName', p['ClusterName']) ?? '',
    region: s.region,
    arn: s.name,
    type: f.string('type', orDefault(p['Type'], 'STANDARD')),
    username: f.string('username', p['Username']),
    kubernetesGroups: f.strings('kubernetesGroups', p['KubernetesGroups']),
    policies: list(f, 'policies', p['AccessPolicies']).map((policy) => {
      const scope = object(f, 'policies', policy['AccessScope']) ?? {};
      return defined({ policyArn: f.string('policies', policy['PolicyArn']) ?? '', scopeType: f.string('policies', scope['Type']), namespaces: f.strings('policies', scope['Namespaces']) });
    }),
  });
}

export function podIdentity(p: Props, s: Scope, f: FieldReader): PodIdentityAssociationModel {
  return defined({
    id: s.name,
    arn: s.name,
    clusterName: f.string('clusterName', p['ClusterName']) ?? '',
    region: s.region,
    namespace: f.string('namespace', p['Namespace']),
    serviceAccount: f.string('serviceAccount', p['ServiceAccount']),
    roleArn: f.string('roleArn', p['RoleArn']),
    targetRoleArn: f.string('targetRoleArn', p['TargetRoleArn']),
  });
}

/** One entry of SecurityGroupIngress/Egress or an AWS::EC2::SecurityGroupIngress/Egress resource. */
export function rule(p: Props, egress: boolean): SecurityGroupRule | Unresolved {
  const fields = ['IpProtocol', 'FromPort', 'ToPort', 'CidrIp', 'CidrIpv6', egress ? 'DestinationSecurityGroupId' : 'SourceSecurityGroupId', egress ? 'DestinationPrefixListId' : 'SourcePrefixListId'];
  const bad = fields.map((name) => p[name]).find(isUnresolved);
  if (bad) return bad as Unresolved;
  const text = (value: unknown) => (typeof value === 'string' && value ? [value] : []);
  const port = (value: unknown) => (typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : undefined);
  return defined({
    protocol: normaliseProtocol(p['IpProtocol'] === undefined ? undefined : String(p['IpProtocol'])),
    from: port(p['FromPort']),
    to: port(p['ToPort']),
    cidrs: [...text(p['CidrIp']), ...text(p['CidrIpv6'])],
    groupIds: text(p[egress ? 'DestinationSecurityGroupId' : 'SourceSecurityGroupId']),
    prefixListIds: text(p[egress ? 'DestinationPrefixListId' : 'SourcePrefixListId']),
  });
}

export function subnet(p: Props, s: Scope, f: FieldReader): SubnetModel {
  return defined({ id: s.name, vpcId: f.string('vpcId', p['VpcId']), region: s.region, mapPublicIpOnLaunch: f.bool('mapPublicIpOnLaunch', orDefault(p['MapPublicIpOnLaunch'], false)) ?? false });
}

export function launchTemplate(p: Props, s: Scope, f: FieldReader): LaunchTemplateVersionModel {
  const data = object(f, 'securityGroupIds', p['LaunchTemplateData']) ?? {};
  const metadata = object(f, 'metadata', data['MetadataOptions']);
  const interfaces = list(f, 'securityGroupIds', data['NetworkInterfaces']);
  return defined({
    id: s.name,
    name: f.string('name', p['LaunchTemplateName']),
    version: '1',
    region: s.region,
    isDefault: true,
    keyName: f.string('keyName', data['KeyName']),
    imageId: f.string('imageId', data['ImageId']),
    securityGroupIds: [...f.strings('securityGroupIds', data['SecurityGroupIds']), ...interfaces.flatMap((nic) => f.strings('securityGroupIds', nic['Groups']))],
    associatePublicIp: interfaces.map((nic) => f.bool('associatePublicIp', nic['AssociatePublicIpAddress'])).find((value) => value !== undefined),
    metadata: metadata
      ? defined({
          httpTokens: f.string('metadata.httpTokens', metadata['HttpTokens']),
          httpEndpoint: f.string('metadata.httpEndpoint', metadata['HttpEndpoint']),
          hopLimit: f.number('metadata.hopLimit', metadata['HttpPutResponseHopLimit']),
        })
      : undefined,
    volumes: list(f, 'volumes', data['BlockDeviceMappings'])
      .filter((mapping) => asRecord(mapping['Ebs']) !== undefined)
      .map((mapping) => {
        const ebs = asRecord(mapping['Ebs']) ?? {};
        return defined({ device: f.string('volumes', mapping['DeviceName']), encrypted: f.bool('volumes', ebs['Encrypted']), kmsKeyId: f.string('volumes', ebs['KmsKeyId']) });
      }),
  });
}

export function role(p: Props, s: Scope, f: FieldReader, arn: string): RoleModel {
  const trust = p['AssumeRolePolicyDocument'];
  if (isUnresolved(trust)) {
    f.mark('trust', trust.reason);
    f.mark('trustReadable', trust.reason);
  }
  const inline: Record<string, ReturnType<typeof policyStatements>> = {};
  for (const policy of list(f, 'inlinePolicyNames', p['Policies'])) {
    const name = f.string('inlinePolicyNames', policy['PolicyName']);
    const unknown = firstUnresolved(policy['PolicyDocument']);
    if (unknown) f.mark('inlinePolicies', unknown.reason);
    if (name) inline[name] = policyStatements(policy['PolicyDocument']);
  }
  const boundary = p['PermissionsBoundary'];
  return {
    name: s.name,
    arn,
    permissionsBoundary: isUnresolved(boundary) ? f.mark('permissionsBoundary', boundary.reason) : typeof boundary === 'string' && boundary ? { arn: boundary } : {},
    trust: isUnresolved(trust) ? [] : policyStatements(trust),
    trustReadable: !isUnresolved(trust) && decodePolicyDocument(trust) !== undefined,
    attachedPolicyArns: f.strings('attachedPolicyArns', p['ManagedPolicyArns']),
    inlinePolicyNames: Object.keys(inline),
    inlinePolicies: inline,
  };
}

/** AWS::IAM::ManagedPolicy → its document (the version CloudFormation writes is the default one). */
export function managedPolicy(p: Props, f: FieldReader, arn: string): ManagedPolicyModel {
  const document = p['PolicyDocument'];
  const unknown = firstUnresolved(document);
  if (unknown) {
    f.mark('statements', unknown.reason);
    f.mark('readable', unknown.reason);
    return { arn, name: arn.split('/').pop() ?? arn, statements: [], readable: false };
  }
  return { arn, name: arn.split('/').pop() ?? arn, statements: policyStatements(document), readable: decodePolicyDocument(document) !== undefined };
}

export function oidcProvider(p: Props, f: FieldReader, arn: string): OidcProviderModel {
  return { arn, url: (f.string('url', p['Url']) ?? arn).replace(/^https:\/\//, ''), clientIds: f.strings('clientIds', p['ClientIdList']) };
}

export function kmsKey(p: Props, s: Scope, f: FieldReader, arn: string): KmsKeyModel {
  const enabled = f.bool('enabled', orDefault(p['Enabled'], true));
  return defined({
    arn,
    keyId: s.name,
    region: s.region,
    state: enabled === undefined ? f.mark('state', `${s.name}: Enabled is not known`) : enabled ? 'Enabled' : 'Disabled',
    enabled,
    manager: 'CUSTOMER',
    rotationEnabled: f.bool('rotationEnabled', orDefault(p['EnableKeyRotation'], false)),
  });
}

export function logGroup(p: Props, s: Scope, f: FieldReader, arn: string): LogGroupModel {
  return defined({ name: s.name, region: s.region, arn, retentionInDays: f.number('retentionInDays', p['RetentionInDays']) });
}

export function detector(p: Props, s: Scope, f: FieldReader): GuardDutyModel {
  const features: Record<string, string> = {};
  const audit = asRecord(asRecord(asRecord(p['DataSources'])?.['Kubernetes'])?.['AuditLogs'])?.['Enable'];
  if (typeof audit === 'boolean') features['EKS_AUDIT_LOGS'] = audit ? 'ENABLED' : 'DISABLED';
  for (const feature of list(f, 'features', p['Features'])) {
    const name = f.string('features', feature['Name']);
    const status = f.string('features', feature['Status']);
    if (name && status) features[name] = status;
    for (const extra of list(f, 'features', feature['AdditionalConfiguration'])) {
      const extraName = f.string('features', extra['Name']);
      const extraStatus = f.string('features', extra['Status']);
      if (extraName && extraStatus) features[extraName] = extraStatus;
    }
  }
  const enabled = f.bool('status', p['Enable']);
  return defined({ region: s.region, detectorId: s.name, arn: s.name, status: enabled === undefined ? undefined : enabled ? 'ENABLED' : 'DISABLED', features });
}

export function ecrRepository(p: Props, s: Scope, f: FieldReader, arn: string): EcrRepositoryModel {
  return defined({
    name: s.name,
    arn,
    region: s.region,
    registryId: s.account || undefined,
    scanOnPush: f.bool('scanOnPush', orDefault(asRecord(p['ImageScanningConfiguration'])?.['ScanOnPush'], false)),
    tagMutability: f.string('tagMutability', orDefault(p['ImageTagMutability'], 'MUTABLE')),
  });
}

export function ecrScanning(p: Props, s: Scope, f: FieldReader): EcrScanningModel {
  return defined({
    region: s.region,
    registryId: s.account || undefined,
    scanType: f.string('scanType', p['ScanType']),
    rules: list(f, 'rules', p['Rules']).map((entry) =>
      defined({ frequency: f.string('rules', entry['ScanFrequency']), filters: list(f, 'rules', entry['RepositoryFilters']).map((filter) => f.string('rules', filter['Filter']) ?? '').filter(Boolean) }),
    ),
  });
}
