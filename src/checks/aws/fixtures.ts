/**
 * Response fixtures for the examples of the EKS-* checks: a well-configured
 * cluster in us-east-1 that each example bends in one place. Shapes follow the
 * AWS CLI output (docs/aws-snapshot.md).
 */
import { merge } from './example.js';

export const REGION = 'us-east-1';
export const ACCOUNT = '111122223333';
export const CLUSTER = 'prod';
export const ISSUER_HOST = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
export const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const NODE_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/eks-node-role`;
export const CLUSTER_SG = 'sg-0c1a5e7000000000a';
export const NODE_SG = 'sg-0e0de00000000000b';

const base = `${REGION}/eks/clusters/${CLUSTER}`;
export const PATHS = {
  cluster: `${base}/describe-cluster.json`,
  nodegroup: (name = 'general') => `${base}/nodegroups/${name}.json`,
  fargate: (name = 'batch') => `${base}/fargate-profiles/${name}.json`,
  addon: (name: string) => `${base}/addons/${name}.json`,
  accessEntry: (name: string) => `${base}/access-entries/${name}.json`,
  accessPolicies: (name: string) => `${base}/access-entries/${name}-policies.json`,
  podIdentity: (name: string) => `${base}/pod-identity-associations/${name}.json`,
  listPodIdentity: `${base}/list-pod-identity-associations.json`,
  listAccessEntries: `${base}/list-access-entries.json`,
  listAddons: `${base}/list-addons.json`,
  clusterVersions: `${REGION}/eks/describe-cluster-versions.json`,
  addonVersions: (name: string) => `${REGION}/eks/addon-versions/${name}.json`,
  securityGroups: `${REGION}/ec2/describe-security-groups.json`,
  subnets: `${REGION}/ec2/describe-subnets.json`,
  routeTables: `${REGION}/ec2/describe-route-tables.json`,
  flowLogs: `${REGION}/ec2/describe-flow-logs.json`,
  instances: `${REGION}/ec2/describe-instances.json`,
  ebsDefault: `${REGION}/ec2/get-ebs-encryption-by-default.json`,
  launchTemplate: (name = 'nodes') => `${REGION}/ec2/launch-template-versions/${name}.json`,
  ssm: `${REGION}/ssm/get-parameters.json`,
  kmsKey: `${REGION}/kms/1234abcd-12ab-34cd-56ef-1234567890ab/describe-key.json`,
  kmsRotation: `${REGION}/kms/1234abcd-12ab-34cd-56ef-1234567890ab/get-key-rotation-status.json`,
  logGroups: `${REGION}/logs/describe-log-groups.json`,
  guardDuty: `${REGION}/guardduty/detectors/d0e1f2/get-detector.json`,
  ecrRepositories: `${REGION}/ecr/describe-repositories.json`,
  ecrScanning: `${REGION}/ecr/get-registry-scanning-configuration.json`,
  roles: 'iam/list-roles.json',
  oidcProviders: 'iam/list-open-id-connect-providers.json',
  oidcProvider: 'iam/oidc-providers/cluster.json',
  attachedPolicies: (role: string) => `iam/roles/${role}/list-attached-role-policies.json`,
  rolePolicies: (role: string) => `iam/roles/${role}/list-role-policies.json`,
};

export const ALL_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

const goodCluster = {
  name: CLUSTER,
  arn: `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`,
  version: '1.35',
  platformVersion: 'eks.5',
  status: 'ACTIVE',
  roleArn: `arn:aws:iam::${ACCOUNT}:role/eks-cluster-role`,
  resourcesVpcConfig: {
    subnetIds: ['subnet-0a000000000000001'],
    securityGroupIds: [],
    clusterSecurityGroupId: CLUSTER_SG,
    vpcId: 'vpc-0fedcba9876543210',
    endpointPublicAccess: false,
    endpointPrivateAccess: true,
    publicAccessCidrs: ['0.0.0.0/0'],
  },
  logging: { clusterLogging: [{ types: ALL_LOG_TYPES, enabled: true }] },
  identity: { oidc: { issuer: `https://${ISSUER_HOST}` } },
  encryptionConfig: [{ resources: ['secrets'], provider: { keyArn: KEY_ARN } }],
  accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
  upgradePolicy: { supportType: 'STANDARD' },
  health: { issues: [] },
};

/** `aws eks describe-cluster` of the well-configured cluster, with a patch merged in. */
export function clusterResponse(patch: unknown = {}): unknown {
  return { cluster: merge(goodCluster, patch) };
}

const goodNodegroup = {
  nodegroupName: 'general',
  nodegroupArn: `arn:aws:eks:${REGION}:${ACCOUNT}:nodegroup/${CLUSTER}/general/0ac1d2e3`,
  clusterName: CLUSTER,
  version: '1.35',
  releaseVersion: '1.35.2-20261101',
  amiType: 'AL2023_x86_64_STANDARD',
  status: 'ACTIVE',
  nodeRole: NODE_ROLE_ARN,
  subnets: ['subnet-0a000000000000001'],
  resources: { autoScalingGroups: [{ name: 'eks-general-0ac1d2e3' }] },
  launchTemplate: { id: 'lt-0abc1234def567890', name: 'nodes', version: '3' },
  health: { issues: [] },
};

export function nodegroupResponse(patch: unknown = {}): unknown {
  return { nodegroup: merge(goodNodegroup, patch) };
}

const goodTemplateData = {
  ImageId: 'ami-0123456789abcdef0',
  BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeSize: 80, VolumeType: 'gp3' } }],
  MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1, HttpEndpoint: 'enabled' },
};

export function launchTemplateResponse(dataPatch: unknown = {}): unknown {
  return {
    LaunchTemplateVersions: [
      { LaunchTemplateId: 'lt-0abc1234def567890', LaunchTemplateName: 'nodes', VersionNumber: 3, DefaultVersion: true, LaunchTemplateData: merge(goodTemplateData, dataPatch) },
    ],
  };
}

export function securityGroup(id: string, ingress: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    GroupId: id,
    GroupName: id,
    VpcId: 'vpc-0fedcba9876543210',
    OwnerId: ACCOUNT,
    IpPermissions: ingress,
    IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    ...extra,
  };
}

export const selfReference = (id: string) => ({ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: id, UserId: ACCOUNT }] });
export const fromInternet = (protocol: string, from?: number, to?: number) => ({
  IpProtocol: protocol,
  ...(from !== undefined ? { FromPort: from, ToPort: to ?? from } : {}),
  IpRanges: [{ CidrIp: '0.0.0.0/0' }],
});

export function securityGroupsResponse(groups: unknown[] = [securityGroup(CLUSTER_SG, [selfReference(CLUSTER_SG)])]): unknown {
  return { SecurityGroups: groups };
}

export const privateSubnets = {
  Subnets: [{ SubnetId: 'subnet-0a000000000000001', VpcId: 'vpc-0fedcba9876543210', MapPublicIpOnLaunch: false }],
};

export const privateRoutes = {
  RouteTables: [
    {
      RouteTableId: 'rtb-0private',
      VpcId: 'vpc-0fedcba9876543210',
      Associations: [{ Main: true }],
      Routes: [
        { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
        { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0123', State: 'active' },
      ],
    },
  ],
};

export function roleJson(name: string, trust: unknown): Record<string, unknown> {
  return { RoleName: name, Arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, AssumeRolePolicyDocument: trust };
}

export const ec2Trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

export function irsaTrust(conditions: Record<string, unknown>): unknown {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER_HOST}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: conditions,
      },
    ],
  };
}

export const podIdentityTrust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
};

export const WORKER_POLICIES = [
  'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
  'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
  'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
];

export function attachedPolicies(arns: readonly string[]): unknown {
  return { AttachedPolicies: arns.map((arn) => ({ PolicyName: arn.split('/').pop(), PolicyArn: arn })) };
}
