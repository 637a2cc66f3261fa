import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { nodegroupVersionSkew } from './eks-ver-002-nodegroup-version-skew.js';
import { PATHS, clusterResponse, nodegroupResponse } from './fixtures.js';

const cluster = (version: string) => ({ [PATHS.cluster]: clusterResponse({ version }) });

describe('EKS-VER-002 node version skew', () => {
  const skew = (version: string) => ({ [PATHS.cluster]: clusterResponse(), [PATHS.nodegroup()]: nodegroupResponse({ version }) });
  it('grades by minors behind, and a newer kubelet as high', () => {
    expect(summary(runAws(nodegroupVersionSkew, skew('1.34')))).toEqual(['fail:low']);
    expect(summary(runAws(nodegroupVersionSkew, skew('1.32')))).toEqual(['fail:medium']);
    expect(summary(runAws(nodegroupVersionSkew, skew('1.30')))).toEqual(['fail:high']);
    expect(summary(runAws(nodegroupVersionSkew, skew('1.36')))).toEqual(['fail:high']);
  });
});
