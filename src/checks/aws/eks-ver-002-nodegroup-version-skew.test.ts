import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
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

const skewed = (version: string) => ({ [PATHS.cluster]: clusterResponse(), [PATHS.nodegroup()]: nodegroupResponse({ version }) });

testCheck(nodegroupVersionSkew, {
  pass: [{ input: { aws: skewed('1.35') } }],
  fail: [
    { input: { aws: skewed('1.34') }, failures: [{ path: 'nodegroup.version', messageId: 'behindVersion', data: { nodegroup: '1.34', behind: 1, cluster: '1.35' }, severity: 'low' }] },
    { input: { aws: skewed('1.32') }, failures: [{ path: 'nodegroup.version', messageId: 'behindVersions', data: { nodegroup: '1.32', behind: 3, cluster: '1.35' }, severity: 'medium' }] },
    { input: { aws: skewed('1.30') }, failures: [{ path: 'nodegroup.version', messageId: 'behindVersions', data: { nodegroup: '1.30', behind: 5, cluster: '1.35' }, severity: 'high' }] },
    { input: { aws: skewed('1.36') }, failures: [{ path: 'nodegroup.version', messageId: 'newer', data: { nodegroup: '1.36', cluster: '1.35' }, severity: 'high' }] },
  ],
});
