/**
 * A scenario as a CloudFormation template in YAML with short-form intrinsic functions (property
 * names from the CloudFormation template reference: AWS::EKS::Cluster, AWS::EKS::Nodegroup,
 * AWS::EC2::LaunchTemplate, AWS::EC2::SecurityGroup, AWS::IAM::Role, AWS::IAM::OIDCProvider,
 * AWS::EKS::Addon, AWS::EKS::AccessEntry, AWS::EKS::PodIdentityAssociation, AWS::Logs::LogGroup,
 * AWS::EC2::Subnet, AWS::EC2::RouteTable, AWS::EC2::Route …). Resources refer to each other with
 * !Ref, !GetAtt, !Sub, !Select and !Split, and the cluster name is a parameter with a default.
 */
import { cniConfiguration, names, sshCidrs, VERSION, VPC_CIDR, type Scenario } from './scenarios.js';

const json = (value: unknown) => JSON.stringify(value);
const list = (items: readonly string[], indent: string) => (items.length === 0 ? ' []' : `\n${items.map((item) => `${indent}- ${item}`).join('\n')}`);
const serviceTrust = (service: string, actions: string[]) => `
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Service: ${service}
            Action:${list(actions, '              ')}`;

/** An IRSA trust policy: a JSON document with the provider's host substituted in (condition keys cannot be intrinsic functions). */
function irsaTrust(namespace: string, serviceAccount: string): string {
  return `!Sub
        - '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"\${Provider}"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"\${Host}:sub":"system:serviceaccount:${namespace}:${serviceAccount}","\${Host}:aud":"sts.amazonaws.com"}}}]}'
        - Provider: !Ref OidcProvider
          Host: !Select [1, !Split ['//', !GetAtt Cluster.OpenIdConnectIssuerUrl]]`;
}

function role(logical: string, name: string, trust: string, policies: readonly string[]): string {
  return `
  ${logical}:
    Type: AWS::IAM::Role
    Properties:
      RoleName: ${name}
      AssumeRolePolicyDocument: ${trust}
      ManagedPolicyArns:${list(policies, '        ')}`;
}

export function cloudFormationTemplate(s: Scenario): string {
  const n = names(s);
  const ssh = s.nodes.ssh;
  const nodesSubnet = s.nodes.privateNetworking ? 'PrivateSubnet' : 'PublicSubnet';
  const parts: string[] = [
    `AWSTemplateFormatVersion: '2010-09-09'
Description: eksguard parity scenario ${s.name}
Parameters:
  ClusterName:
    Type: String
    Default: ${s.name}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: ${VPC_CIDR}
  PublicSubnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 192.168.0.0/19
      MapPublicIpOnLaunch: true
  PrivateSubnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 192.168.32.0/19
  InternetGateway:
    Type: AWS::EC2::InternetGateway
  PublicRouteTable:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc
  PublicDefaultRoute:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref PublicRouteTable
      DestinationCidrBlock: 0.0.0.0/0
      GatewayId: !Ref InternetGateway
  PublicSubnetRoutes:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      SubnetId: !Ref PublicSubnet
      RouteTableId: !Ref PublicRouteTable
  PrivateRouteTable:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc
  PrivateSubnetRoutes:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      SubnetId: !Ref PrivateSubnet
      RouteTableId: !Ref PrivateRouteTable
  ControlPlaneSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: additional control-plane group
      VpcId: !Ref Vpc
${role('ClusterRole', n.clusterRole, serviceTrust('eks.amazonaws.com', ['sts:AssumeRole']), ['arn:aws:iam::aws:policy/AmazonEKSClusterPolicy'])}
  Cluster:
    Type: AWS::EKS::Cluster
    Properties:
      Name: !Ref ClusterName
      Version: '${VERSION}'
      RoleArn: !GetAtt ClusterRole.Arn
      ResourcesVpcConfig:
        SubnetIds: [!Ref PublicSubnet, !Ref PrivateSubnet]
        SecurityGroupIds: [!Ref ControlPlaneSecurityGroup]
        EndpointPublicAccess: ${s.endpoint.public}
        EndpointPrivateAccess: ${s.endpoint.private}${s.endpoint.public ? `\n        PublicAccessCidrs:${list(s.endpoint.cidrs, '          ')}` : ''}
      Logging:
        ClusterLogging:
          EnabledTypes:${list(s.logTypes.map((type) => `Type: ${type}`), '            ')}${s.secretsKeyArn ? `\n      EncryptionConfig:\n        - Resources: [secrets]\n          Provider:\n            KeyArn: ${s.secretsKeyArn}` : ''}
      AccessConfig:
        AuthenticationMode: ${s.auth.mode}
        BootstrapClusterCreatorAdminPermissions: ${s.auth.bootstrapAdmin}`,
  ];
  if (s.logRetentionDays) parts.push(`
  ClusterLogGroup:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub /aws/eks/\${ClusterName}/cluster
      RetentionInDays: ${s.logRetentionDays}`);
  parts.push(role('NodeRole', n.nodeRole, serviceTrust('ec2.amazonaws.com', ['sts:AssumeRole']), s.nodes.policies));
  if (ssh) {
    const cidrs = sshCidrs(s);
    const rules = ssh.sourceGroups.length > 0 ? ssh.sourceGroups.map((group) => `IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          SourceSecurityGroupId: ${group}`) : cidrs.map((cidr) => `IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          ${cidr.includes(':') ? 'CidrIpv6' : 'CidrIp'}: ${json(cidr)}`);
    parts.push(`
  SshSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: SSH to the nodes
      VpcId: !Ref Vpc
      SecurityGroupIngress:${list(rules, '        ')}`);
  }
  parts.push(`
  NodeLaunchTemplate:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateName: !Sub \${ClusterName}-${s.nodes.name}
      LaunchTemplateData:${ssh ? `\n        KeyName: ${ssh.key}` : ''}
        SecurityGroupIds:
          - !GetAtt Cluster.ClusterSecurityGroupId${ssh ? '\n          - !Ref SshSecurityGroup' : ''}
        MetadataOptions:
          HttpEndpoint: enabled
          HttpTokens: ${s.nodes.disableIMDSv1 || s.nodes.disablePodIMDS ? 'required' : 'optional'}
          HttpPutResponseHopLimit: ${s.nodes.disablePodIMDS ? 1 : 2}
        BlockDeviceMappings:
          - DeviceName: /dev/xvda
            Ebs:
              VolumeSize: 80
  Nodes:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Ref Cluster
      NodegroupName: ${s.nodes.name}
      NodeRole: !GetAtt NodeRole.Arn
      Subnets: [!Ref ${nodesSubnet}]
      AmiType: AL2023_x86_64_STANDARD
      InstanceTypes: [m6i.large]
      LaunchTemplate:
        Id: !Ref NodeLaunchTemplate
        Version: !GetAtt NodeLaunchTemplate.LatestVersionNumber`);
  const configuration = cniConfiguration(s);
  if (s.withOIDC) {
    parts.push(`
  OidcProvider:
    Type: AWS::IAM::OIDCProvider
    Properties:
      Url: !GetAtt Cluster.OpenIdConnectIssuerUrl
      ClientIdList: [sts.amazonaws.com]
      ThumbprintList: [9e99a48a9960b14926bb7f3b02e22da2b0ab7280]`);
    parts.push(role('VpcCniRole', n.vpcCniIrsaRole, irsaTrust('kube-system', 'aws-node'), ['arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy']));
    s.irsa.forEach((sa, index) => parts.push(role(`IrsaRole${index}`, n.irsaRole(sa), irsaTrust(sa.namespace, sa.name), sa.policies)));
  }
  if (s.vpcCni.podIdentity) parts.push(role('AwsNodeRole', n.vpcCniPodRole, serviceTrust('pods.eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession']), ['arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy']));
  parts.push(`
  VpcCni:
    Type: AWS::EKS::Addon
    Properties:
      ClusterName: !Ref Cluster
      AddonName: vpc-cni${configuration ? `\n      ConfigurationValues: '${configuration}'` : ''}${s.withOIDC ? '\n      ServiceAccountRoleArn: !GetAtt VpcCniRole.Arn' : ''}${s.vpcCni.podIdentity ? '\n      PodIdentityAssociations:\n        - RoleArn: !GetAtt AwsNodeRole.Arn\n          ServiceAccount: aws-node' : ''}`);
  if (s.podIdentity.length > 0 || s.vpcCni.podIdentity) parts.push(`
  PodIdentityAgent:
    Type: AWS::EKS::Addon
    Properties:
      ClusterName: !Ref Cluster
      AddonName: eks-pod-identity-agent`);
  s.podIdentity.forEach((sa, index) => {
    parts.push(role(`PodRole${index}`, n.podRole(sa), serviceTrust('pods.eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession']), sa.policies));
    parts.push(`
  PodIdentity${index}:
    Type: AWS::EKS::PodIdentityAssociation
    Properties:
      ClusterName: !Ref Cluster
      Namespace: ${sa.namespace}
      ServiceAccount: ${sa.name}
      RoleArn: !GetAtt PodRole${index}.Arn`);
  });
  s.accessEntries.forEach((entry, index) => {
    const policies = entry.policies.map((policy) => `PolicyArn: ${policy.arn}\n          AccessScope:\n            Type: ${policy.scope}${policy.namespaces.length > 0 ? `\n            Namespaces: [${policy.namespaces.join(', ')}]` : ''}`);
    parts.push(`
  AccessEntry${index}:
    Type: AWS::EKS::AccessEntry
    Properties:
      ClusterName: !Ref Cluster
      PrincipalArn: ${entry.principal}
      Type: STANDARD${entry.groups.length > 0 ? `\n      KubernetesGroups: [${entry.groups.join(', ')}]` : ''}${policies.length > 0 ? `\n      AccessPolicies:${list(policies, '        ')}` : ''}`);
  });
  return `${parts.join('\n')}\n`;
}
