/**
 * A scenario as a moto world: what eksctl would have built, created with the AWS SDK against
 * moto's emulator, plus the EKS answers moto does not implement (access configuration, access
 * entries, add-ons, Pod Identity associations) in the shape of the EKS API, served by the
 * transport middleware of test/aws/transport.ts.
 */
import { CloudWatchLogsClient, CreateLogGroupCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateLaunchTemplateCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
  ModifySubnetAttributeCommand,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { CreateClusterCommand, CreateNodegroupCommand, EKSClient } from '@aws-sdk/client-eks';
import { AttachRolePolicyCommand, CreateOpenIDConnectProviderCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateKeyCommand, EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import type { SeededCluster } from '../../aws/seed.js';
import { clientConfig } from '../../aws/seed.js';
import { irsaTrust } from './terraform.js';
import { ACCOUNT, cniConfiguration, names, REGION, sshCidrs, VERSION, VPC_CIDR, type Scenario } from './scenarios.js';

const trust = (service: string, actions: string | string[] = 'sts:AssumeRole') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: actions }] });

interface Clients {
  ec2: EC2Client;
  eks: EKSClient;
  iam: IAMClient;
  kms: KMSClient;
  logs: CloudWatchLogsClient;
}

async function role(iam: IAMClient, name: string, document: string, policies: readonly string[]): Promise<string> {
  const arn = (await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: document }))).Role!.Arn!;
  for (const policy of policies) await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: policy }));
  return arn;
}

async function network(ec2: EC2Client, s: Scenario) {
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: VPC_CIDR }))).Vpc!.VpcId!;
  const publicSubnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '192.168.0.0/19' }))).Subnet!.SubnetId!;
  const privateSubnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '192.168.32.0/19' }))).Subnet!.SubnetId!;
  await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: publicSubnet, MapPublicIpOnLaunch: { Value: true } }));
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
  const publicTable = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: publicTable, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: publicTable, SubnetId: publicSubnet }));
  const privateTable = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: privateTable, SubnetId: privateSubnet }));
  const group = async (name: string) => (await ec2.send(new CreateSecurityGroupCommand({ GroupName: `${s.name}-${name}`, Description: name, VpcId: vpcId }))).GroupId!;
  // the cluster security group EKS creates: all traffic from itself (sec-group-reqs)
  const clusterSg = await group('eks-cluster-sg');
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: clusterSg, IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: clusterSg }] }] }));
  const controlPlaneSg = await group('control-plane');
  let sshSg: string | undefined;
  const ssh = s.nodes.ssh;
  if (ssh) {
    sshSg = await group('ssh');
    const permission: IpPermission =
      ssh.sourceGroups.length > 0
        ? { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, UserIdGroupPairs: [{ GroupId: controlPlaneSg }] }
        : { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: sshCidrs(s).filter((cidr) => !cidr.includes(':')).map((CidrIp) => ({ CidrIp })), Ipv6Ranges: sshCidrs(s).filter((cidr) => cidr.includes(':')).map((CidrIpv6) => ({ CidrIpv6 })) };
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sshSg, IpPermissions: [permission] }));
  }
  return { vpcId, publicSubnet, privateSubnet, clusterSg, controlPlaneSg, sshSg };
}

/** Seeds one scenario; returns the cluster for the transport's DescribeCluster completion and the recorded EKS answers. */
export async function seedScenario(endpoint: string, s: Scenario): Promise<{ cluster: SeededCluster; recorded: Record<string, unknown> }> {
  const config = clientConfig(endpoint, REGION);
  const c: Clients = { ec2: new EC2Client(config), eks: new EKSClient(config), iam: new IAMClient(config), kms: new KMSClient(config), logs: new CloudWatchLogsClient(config) };
  try {
    const n = names(s);
    const net = await network(c.ec2, s);
    const clusterRole = await role(c.iam, n.clusterRole, trust('eks.amazonaws.com'), ['arn:aws:iam::aws:policy/AmazonEKSClusterPolicy']);
    const nodeRole = await role(c.iam, n.nodeRole, trust('ec2.amazonaws.com'), s.nodes.policies);
    let keyArn: string | undefined;
    if (s.secretsKeyArn) {
      keyArn = (await c.kms.send(new CreateKeyCommand({ Description: `${s.name} secrets` }))).KeyMetadata!.Arn!;
      await c.kms.send(new EnableKeyRotationCommand({ KeyId: keyArn }));
    }
    const created = await c.eks.send(
      new CreateClusterCommand({
        name: s.name,
        version: VERSION,
        roleArn: clusterRole,
        resourcesVpcConfig: {
          subnetIds: [net.publicSubnet, net.privateSubnet],
          securityGroupIds: [net.controlPlaneSg],
          endpointPublicAccess: s.endpoint.public,
          endpointPrivateAccess: s.endpoint.private,
          ...(s.endpoint.public ? { publicAccessCidrs: s.endpoint.cidrs } : {}),
        },
        logging: { clusterLogging: [{ types: s.logTypes as never, enabled: true }] },
        ...(keyArn ? { encryptionConfig: [{ resources: ['secrets'], provider: { keyArn } }] } : {}),
      }),
    );
    const issuer = created.cluster?.identity?.oidc?.issuer ?? `https://oidc.eks.${REGION}.amazonaws.com/id/${s.name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`;
    const template = await c.ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: `${s.name}-${s.nodes.name}`,
        LaunchTemplateData: {
          ...(s.nodes.ssh ? { KeyName: s.nodes.ssh.key } : {}),
          SecurityGroupIds: [net.clusterSg, ...(net.sshSg ? [net.sshSg] : [])],
          MetadataOptions: { HttpEndpoint: 'enabled', HttpTokens: s.nodes.disableIMDSv1 || s.nodes.disablePodIMDS ? 'required' : 'optional', HttpPutResponseHopLimit: s.nodes.disablePodIMDS ? 1 : 2 },
          BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 80 } }],
        },
      }),
    );
    await c.eks.send(
      new CreateNodegroupCommand({
        clusterName: s.name,
        nodegroupName: s.nodes.name,
        nodeRole,
        subnets: [s.nodes.privateNetworking ? net.privateSubnet : net.publicSubnet],
        launchTemplate: { id: template.LaunchTemplate!.LaunchTemplateId!, version: '1' },
        version: VERSION,
        releaseVersion: `${VERSION}.0-20261101`,
        amiType: 'AL2023_x86_64_STANDARD',
      }),
    );
    if (s.logRetentionDays) {
      await c.logs.send(new CreateLogGroupCommand({ logGroupName: n.logGroup }));
      await c.logs.send(new PutRetentionPolicyCommand({ logGroupName: n.logGroup, retentionInDays: s.logRetentionDays }));
    }
    const addonRoles: { irsa?: string; pod?: string } = {};
    if (s.withOIDC) {
      await c.iam.send(new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'] }));
      addonRoles.irsa = await role(c.iam, n.vpcCniIrsaRole, irsaTrust(issuer, 'kube-system', 'aws-node'), ['arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy']);
      for (const sa of s.irsa) await role(c.iam, n.irsaRole(sa), irsaTrust(issuer, sa.namespace, sa.name), sa.policies);
    }
    if (s.vpcCni.podIdentity) addonRoles.pod = await role(c.iam, n.vpcCniPodRole, trust('pods.eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession']), ['arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy']);
    const podRoles: string[] = [];
    for (const sa of s.podIdentity) podRoles.push(await role(c.iam, n.podRole(sa), trust('pods.eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession']), sa.policies));
    return { cluster: { name: s.name, region: REGION, clusterSecurityGroupId: net.clusterSg, vpcId: net.vpcId }, recorded: recordedAnswers(s, addonRoles, podRoles) };
  } finally {
    for (const client of Object.values(c)) client.destroy();
  }
}

/** The EKS API answers moto lacks, for one scenario's cluster (shapes of the EKS API reference). */
function recordedAnswers(s: Scenario, addonRoles: { irsa?: string; pod?: string }, podRoles: string[]): Record<string, unknown> {
  const addons: Record<string, unknown> = {
    'vpc-cni': {
      addon: {
        addonName: 'vpc-cni',
        clusterName: s.name,
        status: 'ACTIVE',
        addonVersion: 'v1.20.4-eksbuild.1',
        health: { issues: [] },
        ...(cniConfiguration(s) ? { configurationValues: cniConfiguration(s) } : {}),
        ...(addonRoles.irsa ? { serviceAccountRoleArn: addonRoles.irsa } : {}),
        ...(addonRoles.pod ? { podIdentityAssociations: [`arn:aws:eks:${REGION}:${ACCOUNT}:podidentityassociation/${s.name}/a-aws-node`] } : {}),
      },
    },
  };
  if (s.podIdentity.length > 0 || s.vpcCni.podIdentity) addons['eks-pod-identity-agent'] = { addon: { addonName: 'eks-pod-identity-agent', clusterName: s.name, status: 'ACTIVE', addonVersion: 'v1.3.8-eksbuild.2', health: { issues: [] } } };
  const associations = s.podIdentity.map((sa, index) => ({
    associationId: `a-${s.name}-${index}`,
    associationArn: `arn:aws:eks:${REGION}:${ACCOUNT}:podidentityassociation/${s.name}/a-${index}`,
    clusterName: s.name,
    namespace: sa.namespace,
    serviceAccount: sa.name,
    roleArn: podRoles[index],
  }));
  return {
    DescribeClusterOverlay: { accessConfig: { authenticationMode: s.auth.mode, bootstrapClusterCreatorAdminPermissions: s.auth.bootstrapAdmin }, upgradePolicy: { supportType: 'STANDARD' }, health: { issues: [] } },
    ListAccessEntriesCommand: { accessEntries: s.accessEntries.map((entry) => entry.principal) },
    DescribeAccessEntryCommand: Object.fromEntries(s.accessEntries.map((entry) => [entry.principal, { accessEntry: { clusterName: s.name, principalArn: entry.principal, kubernetesGroups: entry.groups, type: 'STANDARD', username: entry.principal } }])),
    ListAssociatedAccessPoliciesCommand: Object.fromEntries(
      s.accessEntries.map((entry) => [entry.principal, { clusterName: s.name, principalArn: entry.principal, associatedAccessPolicies: entry.policies.map((policy) => ({ policyArn: policy.arn, accessScope: { type: policy.scope, namespaces: policy.namespaces } })) }]),
    ),
    ListAddonsCommand: { addons: Object.keys(addons) },
    DescribeAddonCommand: addons,
    ListPodIdentityAssociationsCommand: { associations: associations.map(({ roleArn: _role, ...summary }) => summary) },
    DescribePodIdentityAssociationCommand: Object.fromEntries(associations.map((association) => [association.associationId, { association }])),
  };
}
