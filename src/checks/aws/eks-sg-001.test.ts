import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { nodeGroupFixture, eksSg001 } from './eks-sg-001.js';
import { eksSg002 } from './eks-sg-002.js';
import { CLUSTER_SG, PATHS, clusterResponse, fromInternet, nodegroupResponse, securityGroup, securityGroupsResponse, selfReference } from './fixtures.js';

const noTemplate = { launchTemplate: undefined };

describe('EKS-SG-001 node security groups', () => {
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
});
