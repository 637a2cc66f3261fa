import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { templateFixture } from './eks-node-001-imdsv2.js';
import { nodeSshAccess } from './eks-node-003-ssh-access.js';
const noTemplate = { launchTemplate: undefined };

describe('EKS-NODE-003 SSH access', () => {
  it('is high without source security groups, medium with them', () => {
    const ssh = (groups: string[]) => templateFixture({}, { ...noTemplate, remoteAccess: { ec2SshKey: 'ops', sourceSecurityGroups: groups } });
    expect(summary(runAws(nodeSshAccess, ssh([])))).toEqual(['fail:high']);
    expect(summary(runAws(nodeSshAccess, ssh(['sg-0bastion'])))).toEqual(['fail:medium']);
  });
});

const remoteAccess = (groups: string[]) => templateFixture({}, { ...noTemplate, remoteAccess: { ec2SshKey: 'ops', sourceSecurityGroups: groups } });

testCheck(nodeSshAccess, {
  pass: [{ input: { aws: templateFixture({}) } }],
  fail: [
    { input: { aws: remoteAccess([]) }, failures: [{ path: 'nodegroup.remoteAccess.ec2SshKey', messageId: 'sshFromAnywhere', data: { key: 'ops' }, severity: 'high' }] },
    { input: { aws: remoteAccess(['sg-0bastion', 'sg-0vpn']) }, failures: [{ path: 'nodegroup.remoteAccess.ec2SshKey', messageId: 'sshFromGroups', data: { key: 'ops', groups: 'sg-0bastion, sg-0vpn' }, severity: 'medium' }] },
    { input: { aws: templateFixture({ KeyName: 'ops-keypair' }) }, failures: [{ path: 'LaunchTemplateData.KeyName', messageId: 'launchTemplateKey', data: { key: 'ops-keypair' }, severity: 'medium' }] },
  ],
});
