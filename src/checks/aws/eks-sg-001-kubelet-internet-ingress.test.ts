import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { nodeGroupFixture, kubeletInternetIngress } from './eks-sg-001-kubelet-internet-ingress.js';
import { remoteAccessInternetIngress } from './eks-sg-002-ssh-rdp-internet-ingress.js';
import { CLUSTER_SG, NODE_SG, PATHS, clusterResponse, fromInternet, nodegroupResponse, securityGroup, securityGroupsResponse, selfReference } from './fixtures.js';

const noTemplate = { launchTemplate: undefined };

describe('EKS-SG-001 node security groups', () => {
  it('flags the kubelet and all ports as critical, SSH and RDP as high', () => {
    expect(summary(runAws(kubeletInternetIngress, nodeGroupFixture([fromInternet('tcp', 10250)])))).toEqual(['fail:critical']);
    expect(summary(runAws(kubeletInternetIngress, nodeGroupFixture([fromInternet('tcp', 22)])))).toEqual(['pass']);
    expect(summary(runAws(remoteAccessInternetIngress, nodeGroupFixture([fromInternet('tcp', 22)])))).toEqual(['fail:high']);
    expect(summary(runAws(remoteAccessInternetIngress, nodeGroupFixture([fromInternet('tcp', 3389)])))).toEqual(['fail:high']);
    expect(summary(runAws(remoteAccessInternetIngress, nodeGroupFixture([fromInternet('tcp', 80)])))).toEqual(['pass']);
  });
  it('uses the cluster security group for node groups without custom groups, and sees instance groups', () => {
    const files = {
      [PATHS.cluster]: clusterResponse(),
      [PATHS.nodegroup()]: nodegroupResponse(noTemplate),
      [PATHS.securityGroups]: securityGroupsResponse([securityGroup(CLUSTER_SG, [selfReference(CLUSTER_SG), fromInternet('-1')])]),
    };
    expect(summary(runAws(kubeletInternetIngress, files))).toEqual(['fail:critical']);
    expect(summary(runAws(remoteAccessInternetIngress, files))).toEqual(['fail:high']);
  });
});

const nodeIngress = `SecurityGroups[GroupId="${NODE_SG}"].IpPermissions`;

testCheck(kubeletInternetIngress, {
  pass: [{ input: { aws: nodeGroupFixture([]) } }, { input: { aws: nodeGroupFixture([fromInternet('tcp', 22), fromInternet('tcp', 443)]) } }],
  fail: [
    { input: { aws: nodeGroupFixture([fromInternet('tcp', 10250)]) }, failures: [{ path: nodeIngress, messageId: 'internetIngress', data: { group: NODE_SG, ports: 'tcp/10250', cidr: '0.0.0.0/0' }, severity: 'critical' }] },
    {
      input: { aws: nodeGroupFixture([fromInternet('-1'), { IpProtocol: 'tcp', FromPort: 10000, ToPort: 11000, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }]) },
      failures: [
        { path: nodeIngress, messageId: 'internetIngress', data: { group: NODE_SG, ports: 'all traffic', cidr: '0.0.0.0/0' }, severity: 'critical' },
        { path: nodeIngress, messageId: 'internetIngress', data: { group: NODE_SG, ports: 'tcp/10000-11000', cidr: '::/0' }, severity: 'critical' },
      ],
    },
  ],
});
