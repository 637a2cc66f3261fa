import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { kubeletInternetIngress } from './eks-sg-001-kubelet-internet-ingress.js';
import { remoteAccessInternetIngress } from './eks-sg-002-ssh-rdp-internet-ingress.js';
import { PATHS, clusterResponse, nodegroupResponse } from './fixtures.js';

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
