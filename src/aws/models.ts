import type { UserDataFacts } from './user-data/facts.js';
/**
 * Pure AWS domain models the EKS-* checks read. They are built from the JSON the
 * AWS APIs return (the same JSON the AWS CLI prints) by ./normalize/, never from
 * SDK types, so the live source and an offline snapshot give identical models.
 * A list that the API omitted is an empty array; a scalar it omitted is undefined.
 */

/** CloudFormation-style type names of the records in `Inventory.aws`. */
export const AWS_TYPES = {
  cluster: 'AWS::EKS::Cluster',
  nodegroup: 'AWS::EKS::Nodegroup',
  fargateProfile: 'AWS::EKS::FargateProfile',
  addon: 'AWS::EKS::Addon',
  addonVersions: 'AWS::EKS::AddonVersions',
  accessEntry: 'AWS::EKS::AccessEntry',
  podIdentity: 'AWS::EKS::PodIdentityAssociation',
  clusterVersion: 'AWS::EKS::ClusterVersion',
  securityGroup: 'AWS::EC2::SecurityGroup',
  subnet: 'AWS::EC2::Subnet',
  routeTable: 'AWS::EC2::RouteTable',
  flowLog: 'AWS::EC2::FlowLog',
  launchTemplateVersion: 'AWS::EC2::LaunchTemplateVersion',
  instance: 'AWS::EC2::Instance',
  ebsDefault: 'AWS::EC2::EbsEncryptionByDefault',
  role: 'AWS::IAM::Role',
  managedPolicy: 'AWS::IAM::ManagedPolicy',
  oidcProvider: 'AWS::IAM::OIDCProvider',
  kmsKey: 'AWS::KMS::Key',
  logGroup: 'AWS::Logs::LogGroup',
  ssmParameter: 'AWS::SSM::Parameter',
  guardDuty: 'AWS::GuardDuty::Detector',
  ecrRepository: 'AWS::ECR::Repository',
  ecrScanning: 'AWS::ECR::RegistryScanningConfiguration',
  ecrRepositoryPolicy: 'AWS::ECR::RepositoryPolicy',
  ecrRegistryPolicy: 'AWS::ECR::RegistryPolicy',
  ecrImage: 'AWS::ECR::Image',
  trail: 'AWS::CloudTrail::Trail',
  metricFilter: 'AWS::Logs::MetricFilter',
  alarm: 'AWS::CloudWatch::Alarm',
} as const;

export interface HealthIssue {
  code: string;
  message: string;
}

export interface ClusterModel {
  name: string;
  arn: string;
  region: string;
  accountId?: string;
  version?: string;
  platformVersion?: string;
  status?: string;
  roleArn?: string;
  endpointPublicAccess?: boolean;
  endpointPrivateAccess?: boolean;
  publicAccessCidrs: string[];
  clusterSecurityGroupId?: string;
  /** the "additional" security groups on the control-plane ENIs */
  securityGroupIds: string[];
  subnetIds: string[];
  vpcId?: string;
  /** undefined when the response had no `logging` at all */
  enabledLogTypes?: string[];
  oidcIssuer?: string;
  encryption: { resources: string[]; keyArn?: string }[];
  /** undefined on platform versions that predate access entries (and in moto) */
  accessConfig?: { authenticationMode?: string; bootstrapClusterCreatorAdminPermissions?: boolean };
  upgradeSupportType?: string;
  healthIssues: HealthIssue[];
  /** undefined when the response predates the field (DescribeCluster added it in 2025) */
  deletionProtection?: boolean;
  /** EKS Auto Mode: AWS manages node AMIs, patching and IMDS */
  autoMode: boolean;
  tags: Record<string, string>;
}

export interface NodegroupModel {
  name: string;
  arn: string;
  clusterName: string;
  region: string;
  version?: string;
  releaseVersion?: string;
  amiType?: string;
  status?: string;
  nodeRole?: string;
  subnets: string[];
  remoteAccess?: { ec2SshKey?: string; sourceSecurityGroups: string[] };
  remoteAccessSecurityGroup?: string;
  autoScalingGroups: string[];
  launchTemplate?: { id?: string; name?: string; version?: string };
  healthIssues: HealthIssue[];
}

export interface FargateProfileModel {
  name: string;
  arn: string;
  clusterName: string;
  region: string;
  podExecutionRoleArn?: string;
  subnets: string[];
  selectors: { namespace?: string; labels: Record<string, string> }[];
}

export interface AddonModel {
  name: string;
  arn: string;
  clusterName: string;
  region: string;
  version?: string;
  status?: string;
  healthIssues: HealthIssue[];
  serviceAccountRoleArn?: string;
  podIdentityAssociations: string[];
  /** `configurationValues` parsed from its JSON or YAML string; undefined when absent or unparsable */
  configuration?: Record<string, unknown>;
  configurationUnparsable: boolean;
}

/** DescribeAddonVersions: for one add-on, the default build per cluster version and every known build. */
export interface AddonVersionsModel {
  addonName: string;
  region: string;
  /** cluster version → the build marked `defaultVersion: true` */
  defaultByClusterVersion: Record<string, string>;
  versions: string[];
}

export interface AccessPolicyAssociation {
  policyArn: string;
  scopeType?: string;
  namespaces: string[];
}

export interface AccessEntryModel {
  principalArn: string;
  clusterName: string;
  region: string;
  arn: string;
  type?: string;
  username?: string;
  kubernetesGroups: string[];
  /** undefined when ListAssociatedAccessPolicies was not collected for this entry */
  policies?: AccessPolicyAssociation[];
}

export interface PodIdentityAssociationModel {
  id: string;
  arn: string;
  clusterName: string;
  region: string;
  namespace?: string;
  serviceAccount?: string;
  roleArn?: string;
  targetRoleArn?: string;
  ownerArn?: string;
}

export interface ClusterVersionModel {
  version: string;
  region: string;
  versionStatus?: string;
  endOfStandardSupport?: string;
  endOfExtendedSupport?: string;
  defaultPlatformVersion?: string;
}

export interface PortRange {
  /** `-1` (all), `tcp`, `udp`, `icmp`, `icmpv6` or a protocol number, lower-cased */
  protocol: string;
  from?: number;
  to?: number;
}

export interface SecurityGroupRule extends PortRange {
  cidrs: string[];
  groupIds: string[];
  prefixListIds: string[];
}

export interface SecurityGroupModel {
  id: string;
  name?: string;
  vpcId?: string;
  region: string;
  arn: string;
  ingress: SecurityGroupRule[];
  egress: SecurityGroupRule[];
  tags: Record<string, string>;
}

export interface SubnetModel {
  id: string;
  vpcId?: string;
  region: string;
  mapPublicIpOnLaunch: boolean;
}

export interface RouteTableModel {
  id: string;
  vpcId?: string;
  region: string;
  main: boolean;
  subnetIds: string[];
  /** routes whose target is an internet gateway */
  internetRoutes: string[];
}

export interface FlowLogModel {
  id: string;
  region: string;
  resourceId?: string;
  status?: string;
}

export interface MetadataOptions {
  httpTokens?: string;
  httpEndpoint?: string;
  hopLimit?: number;
}

export interface LaunchTemplateVersionModel {
  id?: string;
  name?: string;
  version: string;
  region: string;
  isDefault: boolean;
  keyName?: string;
  imageId?: string;
  securityGroupIds: string[];
  associatePublicIp?: boolean;
  metadata?: MetadataOptions;
  volumes: { device?: string; encrypted?: boolean; kmsKeyId?: string }[];
  /** what eksguard learnt from the user data (never the user data itself); absent when the template has none */
  userData?: UserDataFacts;
}

export interface InstanceModel {
  id: string;
  region: string;
  metadata?: MetadataOptions;
  publicIp?: string;
  subnetId?: string;
  securityGroupIds: string[];
  autoScalingGroup?: string;
  instanceProfileArn?: string;
}

export interface EbsDefaultModel {
  region: string;
  enabled: boolean;
}

export interface PolicyStatement {
  effect: string;
  actions: string[];
  notActions: string[];
  resources: string[];
  /** `NotResource`: the statement applies to every resource but these (absent in trust policies) */
  notResources?: string[];
  /** principal type (`AWS`, `Service`, `Federated`, or `*`) → values */
  principals: Record<string, string[]>;
  /** operator → key → values, for example `StringEquals` → `oidc…:sub` → [`system:serviceaccount:a:b`] */
  conditions: Record<string, Record<string, string[]>>;
}

export interface RoleModel {
  name: string;
  arn: string;
  trust: PolicyStatement[];
  /** false when the trust policy could not be decoded */
  trustReadable: boolean;
  /** undefined when not collected for this role */
  attachedPolicyArns?: string[];
  inlinePolicyNames?: string[];
  /** inline policy name → statements, for the policies that were read */
  inlinePolicies: Record<string, PolicyStatement[]>;
  /**
   * The permissions boundary: `{ arn }` when the role has one, `{}` when it has none, undefined
   * when it was not read (ListRoles leaves it out; GetRole and infrastructure code give it).
   */
  permissionsBoundary?: { arn?: string };
}

/** A managed policy's default version (customer managed or AWS managed), as GetPolicy and GetPolicyVersion give it. */
export interface ManagedPolicyModel {
  arn: string;
  name: string;
  versionId?: string;
  statements: PolicyStatement[];
  /** false when the document could not be decoded */
  readable: boolean;
}

export interface OidcProviderModel {
  arn: string;
  /** issuer URL without scheme, for example `oidc.eks.us-east-1.amazonaws.com/id/ABC` */
  url: string;
  clientIds: string[];
}

export interface KmsKeyModel {
  arn: string;
  keyId: string;
  region: string;
  state?: string;
  enabled?: boolean;
  manager?: string;
  rotationEnabled?: boolean;
}

export interface LogGroupModel {
  name: string;
  region: string;
  arn: string;
  retentionInDays?: number;
}

export interface SsmParameterModel {
  /** the public parameter name without the configured prefix, for example `/aws/service/eks/...` */
  name: string;
  region: string;
  value: string;
  lastModified?: string;
}

export interface GuardDutyModel {
  region: string;
  detectorId: string;
  arn: string;
  status?: string;
  /** feature name → status (`ENABLED`/`DISABLED`), including additional configuration such as `EKS_ADDON_MANAGEMENT` */
  features: Record<string, string>;
}

export interface EcrRepositoryModel {
  name: string;
  arn: string;
  uri?: string;
  registryId?: string;
  region: string;
  scanOnPush?: boolean;
  tagMutability?: string;
}

export interface EcrScanningModel {
  region: string;
  registryId?: string;
  scanType?: string;
  rules: { frequency?: string; filters: string[] }[];
}

/** A resource policy of ECR (a repository's, or the registry's); `present: false` when the resource has none. */
export interface EcrPolicyModel {
  region: string;
  registryId?: string;
  /** undefined for the registry policy */
  repositoryName?: string;
  present: boolean;
  statements: PolicyStatement[];
  /** false when the policy text could not be decoded */
  readable: boolean;
}

/** One vulnerability finding of an image scan, as far as the checks name it. */
export interface ImageFinding {
  /** the CVE (or other advisory) ID */
  id: string;
  /** upper-case ECR severity: CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL, UNDEFINED, UNTRIAGED */
  severity: string;
}

/** An image of an ECR repository (DescribeImages), with its scan result (DescribeImageScanFindings) where collected. */
export interface EcrImageModel {
  region: string;
  registryId?: string;
  repositoryName: string;
  digest: string;
  tags: string[];
  pushedAt?: string;
  /** COMPLETE, ACTIVE, FAILED, UNSUPPORTED_IMAGE, FINDINGS_UNAVAILABLE …; undefined when never scanned */
  scanStatus?: string;
  /** severity → count, from the scan findings when collected, else from the DescribeImages summary */
  severityCounts: Record<string, number>;
  /** the critical and high findings (at most MAX_KEPT_FINDINGS), undefined when the findings were not collected */
  findings?: ImageFinding[];
  /** `enhanced` when the findings came from Amazon Inspector (enhanced scanning) */
  scanner?: 'basic' | 'enhanced';
}

/** A CloudTrail trail as one region lists it (its own trails, and multi-region trails of other home regions). */
export interface TrailModel {
  /** the region whose DescribeTrails listed it */
  region: string;
  name: string;
  arn: string;
  homeRegion?: string;
  multiRegion: boolean;
  organization: boolean;
  /** GetTrailStatus `IsLogging`; undefined when not collected */
  logging?: boolean;
  /** whether its event selectors record management write events; undefined when not collected */
  managementEvents?: boolean;
}
