import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import { createInventory, mergeInventories } from '../../core/inventory.js';
import { runCheck } from '../../../test/helpers/run-check.js';
import { awsInventory } from '../../../test/helpers/aws.js';
import { nodeGroupFixture, eksSg001 } from './eks-sg-001.js';
import { eksSg002 } from './eks-sg-002.js';
import { eksSg003 } from './eks-sg-003.js';
import { eksNode001, templateFixture } from './eks-node-001.js';
import { eksNode002 } from './eks-node-002.js';
import { eksNode003 } from './eks-node-003.js';
import { eksNode004 } from './eks-node-004.js';
import { eksNode005, publicRoutes } from './eks-node-005.js';
import { eksNode006 } from './eks-node-006.js';
import { eksNode007 } from './eks-node-007.js';
import { CLUSTER_SG, NODE_ROLE_ARN, PATHS, WORKER_POLICIES, attachedPolicies, clusterResponse, ec2Trust, fromInternet, nodegroupResponse, privateRoutes, privateSubnets, roleJson, securityGroup, securityGroupsResponse, selfReference } from './fixtures.js';

const noTemplate = { launchTemplate: undefined };
const instances = (options: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({
  Reservations: [
    {
      Instances: options.map((MetadataOptions, index) => ({
        InstanceId: `i-0${index}`,
        State: { Name: 'running' },
        MetadataOptions,
        SecurityGroups: [{ GroupId: CLUSTER_SG }],
        Tags: [{ Key: 'aws:autoscaling:groupName', Value: 'eks-general-0ac1d2e3' }],
        ...extra,
      })),
    },
  ],
});

describe('EKS-SG-001 / EKS-SG-002 node security groups', () => {
  it('flags the kubelet and all ports as critical, SSH and RDP as high', () => {
    expect(summary(runAws(eksSg001, nodeGroupFixture([fromInternet('tcp', 10250)])))).toEqual(['fail:critical']);
    expect(summary(runAws(eksSg001, nodeGroupFixture([fromInternet('tcp', 22)])))).toEqual(['pass']);
    expect(summary(runAws(eksSg002, nodeGroupFixture([fromInternet('tcp', 22)])))).toEqual(['fail:high']);
    expect(summary(runAws(eksSg002, nodeGroupFixture([fromInternet('tcp', 3389)])))).toEqual(['fail:high']);
    expect(summary(runAws(eksSg002, nodeGroupFixture([fromInternet('tcp', 80)])))).toEqual(['pass']);
  });
  it('uses the cluster security group for node groups without custom groups, and sees instance groups', () => {
    const files = {
      [PATHS.cluster]: clusterResponse(),
      [PATHS.nodegroup()]: nodegroupResponse(noTemplate),
      [PATHS.securityGroups]: securityGroupsResponse([securityGroup(CLUSTER_SG, [selfReference(CLUSTER_SG), fromInternet('-1')])]),
    };
    expect(summary(runAws(eksSg001, files))).toEqual(['fail:critical']);
    expect(summary(runAws(eksSg002, files))).toEqual(['fail:high']);
  });
  it('fails SSH keys without source groups even when the EKS-made group was not collected', () => {
    const files = {
      [PATHS.cluster]: clusterResponse(),
      [PATHS.nodegroup()]: nodegroupResponse({ ...noTemplate, remoteAccess: { ec2SshKey: 'k', sourceSecurityGroups: [] }, resources: { remoteAccessSecurityGroup: 'sg-0gone' } }),
      [PATHS.securityGroups]: { SecurityGroups: [] },
    };
    expect(summary(runAws(eksSg002, files))).toEqual(['fail:high']);
    expect(summary(runAws(eksSg001, files))).toEqual(['skipped']);
  });
});

describe('EKS-SG-003 custom node security groups', () => {
  it('is not applicable when the template names no groups or includes the cluster group', () => {
    expect(summary(runAws(eksSg003, { ...templateFixture({}), [PATHS.securityGroups]: securityGroupsResponse() }))).toEqual(['not-applicable']);
    const withCluster = { ...nodeGroupFixture([]), [PATHS.launchTemplate()]: { LaunchTemplateVersions: [{ LaunchTemplateId: 'lt-0abc1234def567890', VersionNumber: 3, LaunchTemplateData: { SecurityGroupIds: [CLUSTER_SG] } }] } };
    expect(summary(runAws(eksSg003, withCluster))).toEqual(['pass']);
  });
  it('skips when the template version was not collected', () => {
    const files = { ...templateFixture({}, { launchTemplate: { id: 'lt-0abc1234def567890', version: '9' } }), [PATHS.securityGroups]: securityGroupsResponse() };
    expect(summary(runAws(eksSg003, files))).toEqual(['skipped']);
  });
});

describe('EKS-NODE-001 / EKS-NODE-002 instance metadata', () => {
  it('reads the launch template first', () => {
    expect(summary(runAws(eksNode001, templateFixture({ MetadataOptions: { HttpEndpoint: 'disabled' } })))).toEqual(['pass']);
    expect(summary(runAws(eksNode002, templateFixture({ MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 3 } })))).toEqual(['fail:medium']);
  });
  it('falls back to the running instances when the template leaves the field unset', () => {
    const files = { ...templateFixture({ MetadataOptions: undefined }), [PATHS.instances]: instances([{ HttpTokens: 'required', HttpPutResponseHopLimit: 2 }, { HttpTokens: 'optional', HttpPutResponseHopLimit: 1 }]) };
    const node001 = runAws(eksNode001, files);
    expect(summary(node001)).toEqual(['fail:high']);
    expect(node001[0]?.message).toContain('i-01');
    expect(summary(runAws(eksNode002, files))).toEqual(['fail:medium']);
  });
  it('skips without template settings and without instances, and when DescribeInstances failed', () => {
    const files = templateFixture({ MetadataOptions: undefined });
    expect(summary(runAws(eksNode001, { ...files, [PATHS.instances]: { Reservations: [] } }))).toEqual(['skipped']);
    const gap = { source: 'aws ec2:DescribeInstances', reason: 'AccessDenied', checks: [] };
    const inventory = mergeInventories([awsInventory(files), createInventory({ gaps: [gap], missing: new Map([[AWS_KEYS.instances, gap]]) })]);
    expect(summary(runCheck(eksNode001, inventory))).toEqual(['skipped']);
  });
  it('is not applicable on EKS Auto Mode clusters', () => {
    expect(summary(runAws(eksNode001, { ...templateFixture({ MetadataOptions: { HttpTokens: 'optional' } }), [PATHS.cluster]: clusterResponse({ computeConfig: { enabled: true } }) }))).toEqual(['not-applicable']);
  });
});

describe('EKS-NODE-003 SSH access', () => {
  it('is high without source security groups, medium with them', () => {
    const ssh = (groups: string[]) => templateFixture({}, { ...noTemplate, remoteAccess: { ec2SshKey: 'ops', sourceSecurityGroups: groups } });
    expect(summary(runAws(eksNode003, ssh([])))).toEqual(['fail:high']);
    expect(summary(runAws(eksNode003, ssh(['sg-0bastion'])))).toEqual(['fail:medium']);
  });
});

describe('EKS-NODE-004 EBS encryption', () => {
  it('fails node groups without a template when account default encryption is off', () => {
    const files = { [PATHS.cluster]: clusterResponse(), [PATHS.nodegroup()]: nodegroupResponse(noTemplate), [PATHS.ebsDefault]: { EbsEncryptionByDefault: false } };
    expect(summary(runAws(eksNode004, files))).toEqual(['fail:medium']);
  });
  it('treats an unset Encrypted flag as unencrypted', () => {
    const files = { ...templateFixture({ BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 20 } }] }), [PATHS.ebsDefault]: { EbsEncryptionByDefault: false } };
    expect(summary(runAws(eksNode004, files))).toEqual(['fail:medium']);
  });
});

describe('EKS-NODE-005 private subnets', () => {
  it('uses the VPC main route table for subnets without an explicit association', () => {
    const mainIsPublic = { RouteTables: [{ ...publicRoutes.RouteTables[0], Associations: [{ Main: true }] }] };
    expect(summary(runAws(eksNode005, { ...templateFixture({}), [PATHS.subnets]: privateSubnets, [PATHS.routeTables]: mainIsPublic }))).toEqual(['fail:medium']);
  });
  it('flags public IPs on launch and on instances', () => {
    const mapPublic = { Subnets: [{ ...privateSubnets.Subnets[0], MapPublicIpOnLaunch: true }] };
    expect(summary(runAws(eksNode005, { ...templateFixture({}), [PATHS.subnets]: mapPublic, [PATHS.routeTables]: privateRoutes }))).toEqual(['fail:medium']);
    const files = { ...templateFixture({}), [PATHS.subnets]: privateSubnets, [PATHS.routeTables]: privateRoutes, [PATHS.instances]: instances([{}], { PublicIpAddress: '203.0.113.9' }) };
    expect(runAws(eksNode005, files)[0]?.message).toContain('public IP');
  });
  it('is high when the node security groups also admit the internet', () => {
    const files = { ...nodeGroupFixture([fromInternet('tcp', 8080)]), [PATHS.subnets]: privateSubnets, [PATHS.routeTables]: publicRoutes };
    expect(summary(runAws(eksNode005, files))).toEqual(['fail:high']);
  });
  it('skips subnets it did not collect', () => {
    expect(summary(runAws(eksNode005, { ...templateFixture({}), [PATHS.subnets]: { Subnets: [] }, [PATHS.routeTables]: privateRoutes }))).toEqual(['skipped']);
  });
});

describe('EKS-NODE-006 node role', () => {
  const role = (policies: string[], inline: string[] = [], inlineDocs: Record<string, unknown> = {}) => ({
    [PATHS.cluster]: clusterResponse(),
    [PATHS.nodegroup()]: nodegroupResponse(noTemplate),
    [PATHS.roles]: { Roles: [roleJson('eks-node-role', encodeURIComponent(JSON.stringify(ec2Trust)))] },
    [PATHS.attachedPolicies('eks-node-role')]: attachedPolicies(policies),
    [PATHS.rolePolicies('eks-node-role')]: { PolicyNames: inline },
    ...Object.fromEntries(Object.entries(inlineDocs).map(([name, doc]) => [`iam/roles/eks-node-role/inline-${name}.json`, { RoleName: 'eks-node-role', PolicyName: name, PolicyDocument: doc }])),
  });
  it('grades admin, inline wildcard, CNI and customer policies', () => {
    expect(summary(runAws(eksNode006, role([...WORKER_POLICIES, 'arn:aws:iam::aws:policy/PowerUserAccess'])))).toEqual(['fail:high']);
    expect(summary(runAws(eksNode006, role(WORKER_POLICIES, ['all'], { all: { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } } })))).toEqual(['fail:high']);
    expect(summary(runAws(eksNode006, role([...WORKER_POLICIES, 'arn:aws:iam::111122223333:policy/AmazonEKSWorkerNodePolicy'])))).toEqual(['fail:medium']);
  });
  it('skips when the role or its policies were not collected', () => {
    const files = role(WORKER_POLICIES);
    delete (files as Record<string, unknown>)[PATHS.attachedPolicies('eks-node-role')];
    expect(summary(runAws(eksNode006, files))).toEqual(['skipped']);
    expect(summary(runAws(eksNode006, { ...role(WORKER_POLICIES), [PATHS.roles]: { Roles: [] } }))).toEqual(['skipped']);
    expect(NODE_ROLE_ARN).toContain('eks-node-role');
  });
});

describe('EKS-NODE-007 Fargate profiles', () => {
  it('flags public subnets', () => {
    const [example] = eksNode007.examples.pass;
    expect(example).toBeDefined();
    const files = {
      [PATHS.cluster]: clusterResponse(),
      [PATHS.fargate()]: { fargateProfile: { fargateProfileName: 'batch', clusterName: 'prod', subnets: ['subnet-0a000000000000001'], podExecutionRoleArn: 'arn:aws:iam::111122223333:role/missing' } },
      [PATHS.subnets]: privateSubnets,
      [PATHS.routeTables]: publicRoutes,
      [PATHS.roles]: { Roles: [] },
      [PATHS.attachedPolicies('missing')]: attachedPolicies([]),
      [PATHS.rolePolicies('missing')]: { PolicyNames: [] },
    };
    expect(summary(runAws(eksNode007, files))).toEqual(['fail:low']);
  });
});
