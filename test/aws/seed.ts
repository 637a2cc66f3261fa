/**
 * Seeds moto's AWS emulator with two EKS clusters: `hardened` (us-east-1), configured
 * the way the checks want, and `weak` (us-west-2) with the classic weaknesses. The
 * seeding uses mutating calls against the emulator only; eksguard itself never does.
 */
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, CreateLogGroupCommand, PutMetricFilterCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { PATTERNS } from '../../src/checks/aws/alarm-fixtures.js';
import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateFlowLogsCommand,
  CreateInternetGatewayCommand,
  CreateLaunchTemplateCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
  ModifySubnetAttributeCommand,
} from '@aws-sdk/client-ec2';
import { CreateClusterCommand, CreateNodegroupCommand, DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { CreateRepositoryCommand, ECRClient, PutImageCommand, PutRegistryPolicyCommand, SetRepositoryPolicyCommand, StartImageScanCommand } from '@aws-sdk/client-ecr';
import { CreateDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty';
import { AttachRolePolicyCommand, CreateOpenIDConnectProviderCommand, CreatePolicyCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';

export const TEST_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
export const SSM_PREFIX = '/eksguard-test';
export const GOOD_REGION = 'us-east-1';
export const WEAK_REGION = 'us-west-2';
export const K8S_VERSION = '1.35';
export const LATEST_RELEASE = '1.35.2-20261101';
/** planted in a launch template's user data: it must never reach a snapshot or a report */
export const USERDATA_SECRET = 'eksguard-userdata-secret-0042';
export const USERDATA = Buffer.from(`#!/bin/bash\nexport JOIN_TOKEN=${USERDATA_SECRET}\n`).toString('base64');
/** The hardened nodes fetch their secret at boot: user data without a credential (EKS-DATA-003 passes). */
export const CLEAN_USERDATA = Buffer.from('#!/bin/bash\nexport JOIN_TOKEN="$(aws ssm get-parameter --name /nodes/join --with-decryption --query Parameter.Value --output text)"\n').toString('base64');

export function clientConfig(endpoint: string, region: string) {
  return { endpoint, region, credentials: TEST_CREDENTIALS, maxAttempts: 2 };
}

const ec2Trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const eksTrust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const managed = (name: string) => `arn:aws:iam::aws:policy/${name}`;
const WORKER = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly', 'AmazonSSMManagedInstanceCore'];

export interface SeededCluster {
  name: string;
  region: string;
  clusterSecurityGroupId: string;
  vpcId: string;
}

interface Network {
  vpcId: string;
  subnetId: string;
  clusterSg: string;
  nodeSg: string;
}

async function network(ec2: EC2Client, options: { public: boolean; openToInternet: boolean; flowLogs: boolean }): Promise<Network> {
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc!.VpcId!;
  const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.20.1.0/24' }))).Subnet!.SubnetId!;
  if (options.public) {
    const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
    const table = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: table, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: table, SubnetId: subnetId }));
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, MapPublicIpOnLaunch: { Value: true } }));
  }
  const clusterSg = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'eks-cluster-sg', Description: 'cluster', VpcId: vpcId }))).GroupId!;
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: clusterSg, IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: clusterSg }] }] }));
  const nodeSg = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'nodes', Description: 'nodes', VpcId: vpcId }))).GroupId!;
  const nodeRules = [
    { IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: nodeSg }] },
    { IpProtocol: 'tcp', FromPort: 10250, ToPort: 10250, UserIdGroupPairs: [{ GroupId: clusterSg }] },
  ];
  if (options.openToInternet) {
    nodeRules.push({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] } as never);
    nodeRules.push({ IpProtocol: 'tcp', FromPort: 10250, ToPort: 10250, IpRanges: [{ CidrIp: '0.0.0.0/0' }] } as never);
  }
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: nodeSg, IpPermissions: nodeRules }));
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: clusterSg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: nodeSg }] }] }));
  if (options.openToInternet) {
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: clusterSg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
  }
  if (options.flowLogs) {
    await ec2.send(new CreateFlowLogsCommand({ ResourceIds: [vpcId], ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs', LogGroupName: 'vpc-flow', DeliverLogsPermissionArn: 'arn:aws:iam::123456789012:role/flow' }));
  }
  return { vpcId, subnetId, clusterSg, nodeSg };
}

async function role(iam: IAMClient, name: string, trust: string, policies: string[], inline?: string): Promise<string> {
  const arn = (await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }))).Role!.Arn!;
  for (const policy of policies) await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: managed(policy) }));
  if (inline) await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'extra', PolicyDocument: inline }));
  return arn;
}

/**
 * IRSA roles for the attack-path tests (test/aws/paths-moto.test.ts), trusted by the hardened
 * cluster's OIDC provider: payments/api gets AdministratorAccess (a path when it is exposed); the
 * role that reports/api names trusts reports/worker only (no path); billing/api's admin role sits
 * inside a boundary that denies everything but s3:GetObject (no admin path, a data path). Seeded
 * only by that test, so the account of test/aws/moto.test.ts keeps no workload roles.
 */
export const PATH_ROLES = { admin: 'payments-admin', otherServiceAccount: 'reports-reader', bounded: 'billing-bounded' } as const;

export async function seedWorkloadRoles(endpoint: string, cluster: SeededCluster): Promise<void> {
  const described = await new EKSClient(clientConfig(endpoint, cluster.region)).send(new DescribeClusterCommand({ name: cluster.name }));
  const issuer = described.cluster?.identity?.oidc?.issuer;
  if (!issuer) throw new Error(`moto gave cluster ${cluster.name} no OIDC issuer`);
  const iam = new IAMClient(clientConfig(endpoint, GOOD_REGION));
  const host = issuer.replace(/^https:\/\//, '');
  const trust = (subject: string) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${host}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${host}:sub`]: subject, [`${host}:aud`]: 'sts.amazonaws.com' } },
        },
      ],
    });
  await role(iam, PATH_ROLES.admin, trust('system:serviceaccount:payments:api'), ['AdministratorAccess']);
  await role(iam, PATH_ROLES.otherServiceAccount, trust('system:serviceaccount:reports:worker'), ['AdministratorAccess']);
  const boundary = await iam.send(
    new CreatePolicyCommand({
      PolicyName: 'workload-boundary',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', NotAction: ['s3:GetObject'], Resource: '*' }] }),
    }),
  );
  await iam.send(new CreateRoleCommand({ RoleName: PATH_ROLES.bounded, AssumeRolePolicyDocument: trust('system:serviceaccount:billing:api'), PermissionsBoundary: boundary.Policy!.Arn! }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: PATH_ROLES.bounded, PolicyArn: managed('AdministratorAccess') }));
}

/** A foreign account the weak registry trusts for replication (EKS-ECR-002 fails it). */
export const FOREIGN_ACCOUNT = '444455556666';

const ecrPolicy = (statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** hardened: a repository only its own account may push to, no registry policy; weak: a public repository and a foreign replication grant. */
async function seedEcr(good: ReturnType<typeof clientConfig>, weak: ReturnType<typeof clientConfig>): Promise<void> {
  const goodEcr = new ECRClient(good);
  const weakEcr = new ECRClient(weak);
  try {
    await goodEcr.send(new CreateRepositoryCommand({ repositoryName: 'hardened/api', imageTagMutability: 'IMMUTABLE' }));
    await goodEcr.send(
      new SetRepositoryPolicyCommand({
        repositoryName: 'hardened/api',
        policyText: ecrPolicy([{ Sid: 'ci', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/ci' }, Action: ['ecr:PutImage', 'ecr:InitiateLayerUpload'] }]),
      }),
    );
    await goodEcr.send(new CreateRepositoryCommand({ repositoryName: 'hardened/no-policy' }));
    await weakEcr.send(new CreateRepositoryCommand({ repositoryName: 'weak/api' }));
    await weakEcr.send(
      new SetRepositoryPolicyCommand({ repositoryName: 'weak/api', policyText: ecrPolicy([{ Sid: 'public', Effect: 'Allow', Principal: '*', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] }]) }),
    );
    await weakEcr.send(
      new PutRegistryPolicyCommand({ policyText: ecrPolicy([{ Sid: 'replicate', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${FOREIGN_ACCOUNT}:root` }, Action: ['ecr:ReplicateImage', 'ecr:CreateRepository'], Resource: '*' }]) }),
    );
    // an image in use with a finished scan: moto's static findings are one HIGH, CVE-9999-9999 (EKS-MON-005)
    const manifest = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.v2+json', config: { digest: `sha256:${'c'.repeat(64)}`, size: 1 }, layers: [] });
    await weakEcr.send(new PutImageCommand({ repositoryName: 'weak/api', imageTag: '1.0', imageManifest: manifest }));
    await weakEcr.send(new StartImageScanCommand({ repositoryName: 'weak/api', imageId: { imageTag: '1.0' } }));
    await goodEcr.send(new PutImageCommand({ repositoryName: 'hardened/api', imageTag: '2.0', imageManifest: manifest }));
  } finally {
    goodEcr.destroy();
    weakEcr.destroy();
  }
}

/**
 * hardened: a metric filter with an alarm on each suspicious audit event (EKS-LOG-005), plus an
 * alarm on an unrelated metric and a filter of a log group that is no cluster's, which the
 * collector must leave out.
 */
async function seedAuditAlarms(good: ReturnType<typeof clientConfig>): Promise<void> {
  const logs = new CloudWatchLogsClient(good);
  const cloudwatch = new CloudWatchClient(good);
  const alarm = (name: string, namespace: string, metric: string) =>
    new PutMetricAlarmCommand({
      AlarmName: name, Namespace: namespace, MetricName: metric, Statistic: 'Sum', Period: 300, EvaluationPeriods: 1, Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [`arn:aws:sns:${GOOD_REGION}:123456789012:security-alerts`],
    });
  try {
    for (const [name, pattern] of Object.entries(PATTERNS)) {
      await logs.send(new PutMetricFilterCommand({ logGroupName: '/aws/eks/hardened/cluster', filterName: name, filterPattern: pattern, metricTransformations: [{ metricName: name, metricNamespace: 'EKS/Audit', metricValue: '1' }] }));
      await cloudwatch.send(alarm(`eks-${name}`, 'EKS/Audit', name));
    }
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/app/orders' }));
    await logs.send(new PutMetricFilterCommand({ logGroupName: '/app/orders', filterName: 'errors', filterPattern: '{ $.level = "error" }', metricTransformations: [{ metricName: 'OrderErrors', metricNamespace: 'App', metricValue: '1' }] }));
    await cloudwatch.send(alarm('order-errors', 'App', 'OrderErrors'));
    await cloudwatch.send(alarm('cpu-high', 'AWS/EC2', 'CPUUtilization'));
  } finally {
    logs.destroy();
    cloudwatch.destroy();
  }
}

/** hardened: a logging single-region trail; weak: a trail that was never started (EKS-LOG-004 fails it). */
async function seedTrails(good: ReturnType<typeof clientConfig>, weak: ReturnType<typeof clientConfig>): Promise<void> {
  const s3 = new S3Client({ ...good, forcePathStyle: true });
  const goodTrail = new CloudTrailClient(good);
  const weakTrail = new CloudTrailClient(weak);
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'eksguard-test-audit' }));
    await goodTrail.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'eksguard-test-audit' }));
    await goodTrail.send(new StartLoggingCommand({ Name: 'audit' }));
    await weakTrail.send(new CreateTrailCommand({ Name: 'weak-audit', S3BucketName: 'eksguard-test-audit' }));
  } finally {
    for (const client of [s3, goodTrail, weakTrail]) client.destroy();
  }
}

export async function seedAccount(endpoint: string): Promise<{ hardened: SeededCluster; weak: SeededCluster }> {
  const iam = new IAMClient(clientConfig(endpoint, GOOD_REGION));
  const clusterRole = await role(iam, 'eks-cluster', eksTrust, ['AmazonEKSClusterPolicy']);
  const goodNodeRole = await role(iam, 'hardened-nodes', ec2Trust, WORKER);
  const weakNodeRole = await role(iam, 'weak-nodes', ec2Trust, [...WORKER, 'AmazonEKS_CNI_Policy', 'AdministratorAccess']);
  const podIdentityTrust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] });
  await role(iam, 'hardened-vpc-cni', podIdentityTrust, ['AmazonEKS_CNI_Policy']);

  // hardened: private endpoint, all logs, KMS with rotation, IMDSv2 hop 1, encrypted disks, private subnet, flow logs, GuardDuty
  const good = clientConfig(endpoint, GOOD_REGION);
  const ec2 = new EC2Client(good);
  const net = await network(ec2, { public: false, openToInternet: false, flowLogs: true });
  const kms = new KMSClient(good);
  const keyArn = (await kms.send(new CreateKeyCommand({ Description: 'eks secrets' }))).KeyMetadata!.Arn!;
  await kms.send(new EnableKeyRotationCommand({ KeyId: keyArn }));
  const goodTemplate = await ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: 'hardened-nodes',
      LaunchTemplateData: {
        UserData: CLEAN_USERDATA,
        SecurityGroupIds: [net.nodeSg],
        MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1, HttpEndpoint: 'enabled' },
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeSize: 50 } }],
      },
    }),
  );
  const eks = new EKSClient(good);
  const hardened = await eks.send(
    new CreateClusterCommand({
      name: 'hardened',
      version: K8S_VERSION,
      roleArn: clusterRole,
      resourcesVpcConfig: { subnetIds: [net.subnetId], securityGroupIds: [], endpointPublicAccess: false, endpointPrivateAccess: true },
      logging: { clusterLogging: [{ types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'], enabled: true }] },
      encryptionConfig: [{ resources: ['secrets'], provider: { keyArn } }],
    }),
  );
  await eks.send(
    new CreateNodegroupCommand({
      clusterName: 'hardened',
      nodegroupName: 'general',
      nodeRole: goodNodeRole,
      subnets: [net.subnetId],
      launchTemplate: { id: goodTemplate.LaunchTemplate!.LaunchTemplateId!, version: '1' },
      version: K8S_VERSION,
      releaseVersion: LATEST_RELEASE,
      amiType: 'AL2023_x86_64_STANDARD',
    }),
  );
  const issuer = hardened.cluster?.identity?.oidc?.issuer;
  if (issuer) await iam.send(new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'] }));
  const logs = new CloudWatchLogsClient(good);
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/eks/hardened/cluster' }));
  await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/aws/eks/hardened/cluster', retentionInDays: 365 }));
  await new GuardDutyClient(good).send(
    new CreateDetectorCommand({ Enable: true, Features: [{ Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }, { Name: 'RUNTIME_MONITORING', Status: 'ENABLED' }] }),
  );
  await new SSMClient(good).send(
    new PutParameterCommand({ Name: `${SSM_PREFIX}/aws/service/eks/optimized-ami/${K8S_VERSION}/amazon-linux-2023/x86_64/standard/recommended/release_version`, Value: LATEST_RELEASE, Type: 'String' }),
  );

  // weak: public endpoint open to the world, no logs, no KMS, IMDSv1, SSH key, unencrypted, public subnet, admin node role
  const weakConfig = clientConfig(endpoint, WEAK_REGION);
  const weakEc2 = new EC2Client(weakConfig);
  const weakNet = await network(weakEc2, { public: true, openToInternet: true, flowLogs: false });
  const weakTemplate = await weakEc2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: 'weak-nodes',
      LaunchTemplateData: {
        UserData: USERDATA,
        KeyName: 'ops-keypair',
        SecurityGroupIds: [weakNet.nodeSg],
        MetadataOptions: { HttpTokens: 'optional', HttpPutResponseHopLimit: 2 },
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: false, VolumeSize: 50 } }],
      },
    }),
  );
  const weakEks = new EKSClient(weakConfig);
  await weakEks.send(
    new CreateClusterCommand({
      name: 'weak',
      version: '1.31',
      roleArn: clusterRole,
      resourcesVpcConfig: { subnetIds: [weakNet.subnetId], endpointPublicAccess: true, endpointPrivateAccess: false, publicAccessCidrs: ['0.0.0.0/0'] },
    }),
  );
  await weakEks.send(
    new CreateNodegroupCommand({
      clusterName: 'weak',
      nodegroupName: 'legacy',
      nodeRole: weakNodeRole,
      subnets: [weakNet.subnetId],
      launchTemplate: { id: weakTemplate.LaunchTemplate!.LaunchTemplateId!, version: '1' },
      version: '1.29',
      releaseVersion: '1.29.3-20240531',
      amiType: 'AL2_x86_64',
    }),
  );
  await seedEcr(good, weakConfig);
  await seedTrails(good, weakConfig);
  await seedAuditAlarms(good);
  for (const client of [iam, ec2, kms, eks, logs, weakEc2, weakEks]) client.destroy();
  return {
    hardened: { name: 'hardened', region: GOOD_REGION, clusterSecurityGroupId: net.clusterSg, vpcId: net.vpcId },
    weak: { name: 'weak', region: WEAK_REGION, clusterSecurityGroupId: weakNet.clusterSg, vpcId: weakNet.vpcId },
  };
}
