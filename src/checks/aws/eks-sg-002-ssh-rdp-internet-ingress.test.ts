import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { kubeletInternetIngress, nodeGroupFixture } from './eks-sg-001-kubelet-internet-ingress.js';
import { remoteAccessInternetIngress } from './eks-sg-002-ssh-rdp-internet-ingress.js';
import { NODE_SG, PATHS, clusterResponse, fromInternet, nodegroupResponse } from './fixtures.js';

const noTemplate = { launchTemplate: undefined };

describe('EKS-SG-002 node security groups', () => {
  it('fails SSH keys without source groups even when the EKS-made group was not collected', () => {
    const files = {
      [PATHS.cluster]: clusterResponse(),
      [PATHS.nodegroup()]: nodegroupResponse({ ...noTemplate, remoteAccess: { ec2SshKey: 'k', sourceSecurityGroups: [] }, resources: { remoteAccessSecurityGroup: 'sg-0gone' } }),
      [PATHS.securityGroups]: { SecurityGroups: [] },
    };
    expect(summary(runAws(remoteAccessInternetIngress, files))).toEqual(['fail:high']);
    expect(summary(runAws(kubeletInternetIngress, files))).toEqual(['skipped']);
  });
});

const nodeIngress = `SecurityGroups[GroupId="${NODE_SG}"].IpPermissions`;

testCheck(remoteAccessInternetIngress, {
  pass: [{ input: { aws: nodeGroupFixture([fromInternet('tcp', 80)]) } }],
  fail: [
    { input: { aws: nodeGroupFixture([fromInternet('tcp', 22)]) }, failures: [{ path: nodeIngress, messageId: 'internetIngress', data: { group: NODE_SG, ports: 'tcp/22', cidr: '0.0.0.0/0' }, severity: 'high' }] },
    { input: { aws: nodeGroupFixture([fromInternet('tcp', 3000, 3500)]) }, failures: [{ path: nodeIngress, messageId: 'internetIngress', data: { group: NODE_SG, ports: 'tcp/3000-3500', cidr: '0.0.0.0/0' }, severity: 'high' }] },
    {
      input: { aws: { ...nodeGroupFixture([]), [PATHS.nodegroup()]: nodegroupResponse({ remoteAccess: { ec2SshKey: 'ops', sourceSecurityGroups: [] } }) } },
      failures: [{ path: 'nodegroup.remoteAccess', messageId: 'remoteAccessOpen', data: { key: 'ops' }, severity: 'high' }],
    },
  ],
});
