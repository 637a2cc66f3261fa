import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { platformVersionCurrent } from './eks-ver-006-platform-version.js';
import { PATHS, clusterResponse } from './fixtures.js';

const cluster = (version: string) => ({ [PATHS.cluster]: clusterResponse({ version }) });

describe('EKS-VER-006 platform version', () => {
  it('needs DescribeClusterVersions', () => {
    expect(summary(runAws(platformVersionCurrent, { [PATHS.cluster]: clusterResponse() }))).toEqual(['skipped']);
  });
});

const platform = (current: string) => ({
  [PATHS.cluster]: clusterResponse({ platformVersion: current }),
  [PATHS.clusterVersions]: { clusterVersions: [{ clusterVersion: '1.35', defaultPlatformVersion: 'eks.5', versionStatus: 'STANDARD_SUPPORT', endOfStandardSupportDate: '2027-03-27T00:00:00Z', endOfExtendedSupportDate: '2028-03-27T00:00:00Z' }] },
});

testCheck(platformVersionCurrent, {
  pass: [{ input: { aws: platform('eks.5') } }, { input: { aws: platform('eks.6') } }],
  fail: [
    { input: { aws: platform('eks.2') }, failures: [{ path: 'platformVersion', messageId: 'behind', data: { platform: 'eks.2', latest: 'eks.5' }, severity: 'info' }] },
    // numerically, not as text: eks.10 is newer than eks.9
    { input: { aws: { ...platform('eks.9'), [PATHS.clusterVersions]: { clusterVersions: [{ clusterVersion: '1.35', defaultPlatformVersion: 'eks.10', versionStatus: 'STANDARD_SUPPORT' }] } } }, failures: [{ path: 'platformVersion', messageId: 'behind', data: { platform: 'eks.9', latest: 'eks.10' }, severity: 'info' }] },
  ],
});
