import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { templateFixture } from './eks-node-001.js';
import { eksNode003 } from './eks-node-003.js';
const noTemplate = { launchTemplate: undefined };

describe('EKS-NODE-003 SSH access', () => {
  it('is high without source security groups, medium with them', () => {
    const ssh = (groups: string[]) => templateFixture({}, { ...noTemplate, remoteAccess: { ec2SshKey: 'ops', sourceSecurityGroups: groups } });
    expect(summary(runAws(eksNode003, ssh([])))).toEqual(['fail:high']);
    expect(summary(runAws(eksNode003, ssh(['sg-0bastion'])))).toEqual(['fail:medium']);
  });
});
