import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
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
