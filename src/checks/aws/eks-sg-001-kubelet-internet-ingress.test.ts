import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { nodeGroupFixture, kubeletInternetIngress } from './eks-sg-001-kubelet-internet-ingress.js';
import { remoteAccessInternetIngress } from './eks-sg-002-ssh-rdp-internet-ingress.js';
import { CLUSTER_SG, PATHS, clusterResponse, fromInternet, nodegroupResponse, securityGroup, securityGroupsResponse, selfReference } from './fixtures.js';

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
