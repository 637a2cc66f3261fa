/**
 * What a file of an AWS snapshot holds is told by its content (the top-level key
 * of the JSON the AWS CLI prints); the directory adds only what the response does
 * not say: the region (first segment), and for a few calls the role, key or
 * detector it belongs to. See docs/aws-snapshot.md.
 */
import { asRecord } from '../../core/inventory.js';

export type ResponseKind =
  | 'eks:ListClusters'
  | 'eks:DescribeCluster'
  | 'eks:ListNodegroups'
  | 'eks:DescribeNodegroup'
  | 'eks:ListFargateProfiles'
  | 'eks:DescribeFargateProfile'
  | 'eks:ListAddons'
  | 'eks:DescribeAddon'
  | 'eks:DescribeAddonVersions'
  | 'eks:ListAccessEntries'
  | 'eks:DescribeAccessEntry'
  | 'eks:ListAssociatedAccessPolicies'
  | 'eks:ListPodIdentityAssociations'
  | 'eks:DescribePodIdentityAssociation'
  | 'eks:DescribeClusterVersions'
  | 'ec2:DescribeSecurityGroups'
  | 'ec2:DescribeSubnets'
  | 'ec2:DescribeRouteTables'
  | 'ec2:DescribeFlowLogs'
  | 'ec2:DescribeLaunchTemplateVersions'
  | 'ec2:DescribeInstances'
  | 'ec2:GetEbsEncryptionByDefault'
  | 'iam:ListRoles'
  | 'iam:GetRole'
  | 'iam:ListAttachedRolePolicies'
  | 'iam:ListRolePolicies'
  | 'iam:GetRolePolicy'
  | 'iam:GetPolicy'
  | 'iam:GetPolicyVersion'
  | 'iam:ListOpenIDConnectProviders'
  | 'iam:GetOpenIDConnectProvider'
  | 'kms:DescribeKey'
  | 'kms:GetKeyRotationStatus'
  | 'logs:DescribeLogGroups'
  | 'ssm:GetParameters'
  | 'guardduty:ListDetectors'
  | 'guardduty:GetDetector'
  | 'ecr:DescribeRepositories'
  | 'ecr:GetRegistryScanningConfiguration'
  | 'ecr:GetRepositoryPolicy'
  | 'ecr:GetRegistryPolicy'
  | 'ecr:DescribeImages'
  | 'ecr:DescribeImageScanFindings'
  | 'cloudtrail:DescribeTrails'
  | 'cloudtrail:GetTrailStatus'
  | 'cloudtrail:GetEventSelectors'
  | 'logs:DescribeMetricFilters'
  | 'cloudwatch:DescribeAlarms';

type Json = Record<string, unknown>;

const has = (body: Json, key: string) => body[key] !== undefined && body[key] !== null;
const stringArray = (value: unknown) => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** Ordered: the first matching rule names the response. */
const RULES: readonly [ResponseKind, (body: Json) => boolean][] = [
  ['eks:DescribeCluster', (b) => asRecord(b['cluster']) !== undefined],
  ['eks:ListClusters', (b) => stringArray(b['clusters'])],
  ['eks:DescribeNodegroup', (b) => asRecord(b['nodegroup']) !== undefined],
  ['eks:ListNodegroups', (b) => stringArray(b['nodegroups'])],
  ['eks:DescribeFargateProfile', (b) => asRecord(b['fargateProfile']) !== undefined],
  ['eks:ListFargateProfiles', (b) => stringArray(b['fargateProfileNames'])],
  ['eks:DescribeAddon', (b) => asRecord(b['addon']) !== undefined],
  ['eks:ListAddons', (b) => stringArray(b['addons'])],
  ['eks:DescribeAddonVersions', (b) => Array.isArray(b['addons'])],
  ['eks:DescribeAccessEntry', (b) => asRecord(b['accessEntry']) !== undefined],
  ['eks:ListAccessEntries', (b) => stringArray(b['accessEntries'])],
  ['eks:ListAssociatedAccessPolicies', (b) => Array.isArray(b['associatedAccessPolicies'])],
  ['eks:DescribePodIdentityAssociation', (b) => asRecord(b['association']) !== undefined],
  ['eks:ListPodIdentityAssociations', (b) => Array.isArray(b['associations'])],
  ['eks:DescribeClusterVersions', (b) => Array.isArray(b['clusterVersions'])],
  ['ec2:DescribeSecurityGroups', (b) => Array.isArray(b['SecurityGroups'])],
  ['ec2:DescribeSubnets', (b) => Array.isArray(b['Subnets'])],
  ['ec2:DescribeRouteTables', (b) => Array.isArray(b['RouteTables'])],
  ['ec2:DescribeFlowLogs', (b) => Array.isArray(b['FlowLogs'])],
  ['ec2:DescribeLaunchTemplateVersions', (b) => Array.isArray(b['LaunchTemplateVersions'])],
  ['ec2:DescribeInstances', (b) => Array.isArray(b['Reservations'])],
  ['ec2:GetEbsEncryptionByDefault', (b) => typeof b['EbsEncryptionByDefault'] === 'boolean'],
  ['iam:ListRoles', (b) => Array.isArray(b['Roles'])],
  ['iam:GetRole', (b) => asRecord(b['Role']) !== undefined],
  ['iam:ListAttachedRolePolicies', (b) => Array.isArray(b['AttachedPolicies'])],
  ['iam:ListRolePolicies', (b) => stringArray(b['PolicyNames'])],
  ['iam:GetRolePolicy', (b) => has(b, 'PolicyDocument') && typeof b['RoleName'] === 'string'],
  ['iam:GetPolicy', (b) => typeof asRecord(b['Policy'])?.['Arn'] === 'string'],
  ['iam:GetPolicyVersion', (b) => asRecord(b['PolicyVersion']) !== undefined],
  ['iam:ListOpenIDConnectProviders', (b) => Array.isArray(b['OpenIDConnectProviderList'])],
  ['iam:GetOpenIDConnectProvider', (b) => typeof b['Url'] === 'string'],
  ['kms:DescribeKey', (b) => asRecord(b['KeyMetadata']) !== undefined],
  ['kms:GetKeyRotationStatus', (b) => typeof b['KeyRotationEnabled'] === 'boolean'],
  ['logs:DescribeLogGroups', (b) => Array.isArray(b['logGroups'])],
  ['ssm:GetParameters', (b) => Array.isArray(b['Parameters']) || asRecord(b['Parameter']) !== undefined],
  ['guardduty:ListDetectors', (b) => Array.isArray(b['DetectorIds'])],
  ['guardduty:GetDetector', (b) => typeof b['Status'] === 'string' && (has(b, 'Features') || has(b, 'DataSources') || has(b, 'ServiceRole'))],
  ['ecr:DescribeRepositories', (b) => Array.isArray(b['repositories'])],
  ['ecr:GetRegistryScanningConfiguration', (b) => asRecord(b['scanningConfiguration']) !== undefined],
  // `policyText: null` is what the collector writes for a repository or registry without a policy
  ['ecr:GetRepositoryPolicy', (b) => typeof b['repositoryName'] === 'string' && 'policyText' in b],
  ['ecr:GetRegistryPolicy', (b) => typeof b['registryId'] === 'string' && 'policyText' in b],
  ['ecr:DescribeImages', (b) => Array.isArray(b['imageDetails'])],
  ['cloudtrail:DescribeTrails', (b) => Array.isArray(b['trailList'])],
  ['cloudtrail:GetTrailStatus', (b) => typeof b['IsLogging'] === 'boolean'],
  ['cloudtrail:GetEventSelectors', (b) => typeof b['TrailARN'] === 'string' && (Array.isArray(b['EventSelectors']) || Array.isArray(b['AdvancedEventSelectors']))],
  ['logs:DescribeMetricFilters', (b) => Array.isArray(b['metricFilters'])],
  ['cloudwatch:DescribeAlarms', (b) => Array.isArray(b['MetricAlarms'])],
  ['ecr:DescribeImageScanFindings', (b) => asRecord(b['imageScanFindings']) !== undefined || (typeof b['repositoryName'] === 'string' && asRecord(b['imageScanStatus']) !== undefined)],
];

export function classifyResponse(body: unknown, relativePath = ''): ResponseKind | undefined {
  const json = asRecord(body);
  if (!json) return undefined;
  // `{"addons": []}` is both an empty ListAddons and an empty DescribeAddonVersions: the directory decides
  if (Array.isArray(json['addons']) && json['addons'].length === 0 && relativePath.includes('addon-versions/')) return 'eks:DescribeAddonVersions';
  return RULES.find(([, matches]) => matches(json))?.[0];
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export interface PathHints {
  region?: string;
  cluster?: string;
  role?: string;
  /** the directory of a managed policy's files (its ARN, percent-encoded, as collect writes it) */
  policy?: string;
  key?: string;
  detector?: string;
  /** the directory of a trail's status and selector files (its name or ARN, percent-encoded) */
  trail?: string;
}

/** Region, cluster, role, KMS key and GuardDuty detector named by the directories of a snapshot file. */
export function pathHints(relativePath: string): PathHints {
  const segments = relativePath.split('/').filter(Boolean);
  const hints: PathHints = {};
  if (segments[0] && REGION.test(segments[0])) hints.region = segments[0];
  const after = (name: string) => {
    const index = segments.indexOf(name);
    // the segment after the marker must be a directory, not the file itself
    const segment = index >= 0 && index + 2 < segments.length ? segments[index + 1] : undefined;
    return segment === undefined ? undefined : decodeSegment(segment);
  };
  const cluster = after('clusters');
  const role = after('roles');
  const policy = after('policies');
  const key = after('kms');
  const detector = after('detectors');
  const trail = after('trails');
  if (cluster) hints.cluster = cluster;
  if (role) hints.role = role;
  if (policy) hints.policy = policy;
  if (key) hints.key = key;
  if (detector) hints.detector = detector;
  if (trail) hints.trail = trail;
  return hints;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Where `eksguard collect aws` writes each response (parameters that need escaping go through encodeURIComponent). */
export const SNAPSHOT_PATHS = {
  meta: 'snapshot.json',
  listClusters: (region: string) => `${region}/eks/list-clusters.json`,
  clusterVersions: (region: string) => `${region}/eks/describe-cluster-versions.json`,
  addonVersions: (region: string, addon: string, version: string) => `${region}/eks/addon-versions/${safe(addon)}-${safe(version)}.json`,
  cluster: (region: string, cluster: string) => `${region}/eks/clusters/${safe(cluster)}/describe-cluster.json`,
  clusterFile: (region: string, cluster: string, file: string) => `${region}/eks/clusters/${safe(cluster)}/${file}`,
  ec2: (region: string, call: string) => `${region}/ec2/${call}.json`,
  launchTemplateVersion: (region: string, template: string, version: string) => `${region}/ec2/launch-template-versions/${safe(template)}-${safe(version)}.json`,
  ssm: (region: string, index: number) => `${region}/ssm/get-parameters-${index}.json`,
  kms: (region: string, keyId: string, call: string) => `${region}/kms/${safe(keyId)}/${call}.json`,
  logs: (region: string) => `${region}/logs/describe-log-groups.json`,
  metricFilters: (region: string) => `${region}/logs/describe-metric-filters.json`,
  alarms: (region: string) => `${region}/cloudwatch/describe-alarms.json`,
  guardDutyList: (region: string) => `${region}/guardduty/list-detectors.json`,
  guardDuty: (region: string, detector: string) => `${region}/guardduty/detectors/${safe(detector)}/get-detector.json`,
  ecr: (region: string, call: string) => `${region}/ecr/${call}.json`,
  ecrRepositoryPolicy: (region: string, repository: string) => `${region}/ecr/repository-policies/${safe(repository)}.json`,
  trails: (region: string) => `${region}/cloudtrail/describe-trails.json`,
  trail: (region: string, trail: string, call: string) => `${region}/cloudtrail/trails/${safe(trail)}/${call}.json`,
  ecrImages: (region: string, repository: string) => `${region}/ecr/images/${safe(repository)}.json`,
  ecrImageFindings: (region: string, repository: string, digest: string) => `${region}/ecr/image-scan-findings/${safe(repository)}/${safe(digest)}.json`,
  iam: (call: string) => `iam/${call}.json`,
  oidcProvider: (index: number) => `iam/oidc-providers/provider-${index}.json`,
  role: (role: string, call: string) => `iam/roles/${safe(role)}/${call}.json`,
  policy: (arn: string, call: string) => `iam/policies/${safe(arn)}/${call}.json`,
};

/** Keeps file names portable: names of AWS resources are already safe; anything else is percent-encoded. */
export function safe(name: string): string {
  return /^[A-Za-z0-9._-]+$/.test(name) && name !== '.' && name !== '..' ? name : encodeURIComponent(name).replace(/\./g, '%2E');
}
