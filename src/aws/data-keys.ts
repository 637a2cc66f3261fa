/**
 * Data keys name what a source collected (`aws:<service>:<Action>`). A check lists
 * the keys it cannot do without in `needs`; a source that could not collect one
 * records it in `Inventory.missing`, and the engine reports the check `skipped`.
 */
export const AWS_KEYS = {
  cluster: 'aws:eks:DescribeCluster',
  nodegroups: 'aws:eks:DescribeNodegroup',
  fargateProfiles: 'aws:eks:DescribeFargateProfile',
  addons: 'aws:eks:DescribeAddon',
  addonVersions: 'aws:eks:DescribeAddonVersions',
  accessEntries: 'aws:eks:ListAccessEntries',
  accessPolicies: 'aws:eks:ListAssociatedAccessPolicies',
  podIdentity: 'aws:eks:ListPodIdentityAssociations',
  clusterVersions: 'aws:eks:DescribeClusterVersions',
  securityGroups: 'aws:ec2:DescribeSecurityGroups',
  subnets: 'aws:ec2:DescribeSubnets',
  routeTables: 'aws:ec2:DescribeRouteTables',
  flowLogs: 'aws:ec2:DescribeFlowLogs',
  launchTemplates: 'aws:ec2:DescribeLaunchTemplateVersions',
  instances: 'aws:ec2:DescribeInstances',
  ebsDefault: 'aws:ec2:GetEbsEncryptionByDefault',
  roles: 'aws:iam:ListRoles',
  roleDetails: 'aws:iam:GetRole',
  attachedPolicies: 'aws:iam:ListAttachedRolePolicies',
  inlinePolicies: 'aws:iam:ListRolePolicies',
  managedPolicies: 'aws:iam:GetPolicyVersion',
  oidcProviders: 'aws:iam:ListOpenIDConnectProviders',
  kmsKeys: 'aws:kms:DescribeKey',
  kmsRotation: 'aws:kms:GetKeyRotationStatus',
  logGroups: 'aws:logs:DescribeLogGroups',
  amiReleases: 'aws:ssm:GetParameters',
  guardDuty: 'aws:guardduty:GetDetector',
  ecrRepositories: 'aws:ecr:DescribeRepositories',
  ecrScanning: 'aws:ecr:GetRegistryScanningConfiguration',
  ecrRepositoryPolicies: 'aws:ecr:GetRepositoryPolicy',
  ecrRegistryPolicy: 'aws:ecr:GetRegistryPolicy',
  ecrImages: 'aws:ecr:DescribeImages',
  ecrImageFindings: 'aws:ecr:DescribeImageScanFindings',
  trails: 'aws:cloudtrail:DescribeTrails',
  trailStatus: 'aws:cloudtrail:GetTrailStatus',
  trailSelectors: 'aws:cloudtrail:GetEventSelectors',
  metricFilters: 'aws:logs:DescribeMetricFilters',
  alarms: 'aws:cloudwatch:DescribeAlarms',
} as const;

export type AwsDataKey = (typeof AWS_KEYS)[keyof typeof AWS_KEYS];

/** Which data key an API action feeds: list calls feed the key of their describe call. */
const ACTION_KEYS: Readonly<Record<string, AwsDataKey>> = {
  'eks:ListClusters': AWS_KEYS.cluster,
  'eks:DescribeCluster': AWS_KEYS.cluster,
  'eks:ListNodegroups': AWS_KEYS.nodegroups,
  'eks:DescribeNodegroup': AWS_KEYS.nodegroups,
  'eks:ListFargateProfiles': AWS_KEYS.fargateProfiles,
  'eks:DescribeFargateProfile': AWS_KEYS.fargateProfiles,
  'eks:ListAddons': AWS_KEYS.addons,
  'eks:DescribeAddon': AWS_KEYS.addons,
  'eks:DescribeAddonVersions': AWS_KEYS.addonVersions,
  'eks:ListAccessEntries': AWS_KEYS.accessEntries,
  'eks:DescribeAccessEntry': AWS_KEYS.accessEntries,
  'eks:ListAssociatedAccessPolicies': AWS_KEYS.accessPolicies,
  'eks:ListPodIdentityAssociations': AWS_KEYS.podIdentity,
  'eks:DescribePodIdentityAssociation': AWS_KEYS.podIdentity,
  'eks:DescribeClusterVersions': AWS_KEYS.clusterVersions,
  'ec2:DescribeSecurityGroups': AWS_KEYS.securityGroups,
  'ec2:DescribeSubnets': AWS_KEYS.subnets,
  'ec2:DescribeRouteTables': AWS_KEYS.routeTables,
  'ec2:DescribeFlowLogs': AWS_KEYS.flowLogs,
  'ec2:DescribeLaunchTemplateVersions': AWS_KEYS.launchTemplates,
  'ec2:DescribeInstances': AWS_KEYS.instances,
  'ec2:GetEbsEncryptionByDefault': AWS_KEYS.ebsDefault,
  'iam:ListRoles': AWS_KEYS.roles,
  'iam:GetRole': AWS_KEYS.roleDetails,
  'iam:GetPolicy': AWS_KEYS.managedPolicies,
  'iam:GetPolicyVersion': AWS_KEYS.managedPolicies,
  'iam:ListAttachedRolePolicies': AWS_KEYS.attachedPolicies,
  'iam:ListRolePolicies': AWS_KEYS.inlinePolicies,
  'iam:GetRolePolicy': AWS_KEYS.inlinePolicies,
  'iam:ListOpenIDConnectProviders': AWS_KEYS.oidcProviders,
  'iam:GetOpenIDConnectProvider': AWS_KEYS.oidcProviders,
  'kms:DescribeKey': AWS_KEYS.kmsKeys,
  'kms:GetKeyRotationStatus': AWS_KEYS.kmsRotation,
  'logs:DescribeLogGroups': AWS_KEYS.logGroups,
  'ssm:GetParameters': AWS_KEYS.amiReleases,
  'guardduty:ListDetectors': AWS_KEYS.guardDuty,
  'guardduty:GetDetector': AWS_KEYS.guardDuty,
  'ecr:DescribeRepositories': AWS_KEYS.ecrRepositories,
  'ecr:GetRegistryScanningConfiguration': AWS_KEYS.ecrScanning,
  'ecr:GetRepositoryPolicy': AWS_KEYS.ecrRepositoryPolicies,
  'ecr:GetRegistryPolicy': AWS_KEYS.ecrRegistryPolicy,
  'ecr:DescribeImages': AWS_KEYS.ecrImages,
  'ecr:DescribeImageScanFindings': AWS_KEYS.ecrImageFindings,
  'cloudtrail:DescribeTrails': AWS_KEYS.trails,
  'cloudtrail:GetTrailStatus': AWS_KEYS.trailStatus,
  'cloudtrail:GetEventSelectors': AWS_KEYS.trailSelectors,
  'logs:DescribeMetricFilters': AWS_KEYS.metricFilters,
  'cloudwatch:DescribeAlarms': AWS_KEYS.alarms,
};

export function dataKeyOf(action: string): AwsDataKey | undefined {
  return ACTION_KEYS[action];
}

/**
 * Responses that also stand for another key's data: a hand-built snapshot may hold `get-role`
 * files instead of `list-roles` (the collector calls GetRole for the boundaries of the roles
 * workloads and nodes use, and ListRoles for every role).
 */
export const ALSO_PROVIDES: Readonly<Record<string, AwsDataKey>> = { 'iam:GetRole': AWS_KEYS.roles };

/**
 * Keys whose absence never skips a check: the shipped version calendar stands in
 * for DescribeClusterVersions. A failed call is still reported as a gap.
 */
export const OPTIONAL_KEYS: ReadonlySet<string> = new Set([AWS_KEYS.clusterVersions]);

/** The IAM actions that feed a data key (the list call and the describe call of one resource). */
export function actionsForKey(key: string): string[] {
  return Object.entries(ACTION_KEYS)
    .filter(([, value]) => value === key)
    .map(([action]) => action)
    .sort();
}

/** The IAM actions behind a check's AWS data, for its documentation. */
export function iamActionsFor(needs: readonly string[]): string[] {
  return [...new Set(needs.flatMap(actionsForKey))].sort();
}
