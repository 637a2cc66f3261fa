import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { controlPlaneLogRetention } from './eks-log-003-control-plane-log-retention.js';
import { PATHS, clusterResponse } from './fixtures.js';

const LOG_GROUP = '/aws/eks/prod/cluster';
const group = (retention?: number) => ({ logGroups: [{ logGroupName: LOG_GROUP, ...(retention ? { retentionInDays: retention } : {}) }] });

const logging = (entries: unknown) => ({ [PATHS.cluster]: clusterResponse({ logging: { clusterLogging: entries } }) });

testCheck(controlPlaneLogRetention, {
  pass: [
    { input: { aws: { [PATHS.cluster]: clusterResponse(), [PATHS.logGroups]: group(90) } } },
    { input: { aws: { [PATHS.cluster]: clusterResponse(), [PATHS.logGroups]: group() } } },
  ],
  fail: [{ input: { aws: { [PATHS.cluster]: clusterResponse(), [PATHS.logGroups]: group(89) } }, failures: [{ path: 'logGroups.retentionInDays', messageId: 'shortRetention', data: { group: LOG_GROUP, days: 89 }, severity: 'low' }] }],
});

describe('EKS-LOG-003 control-plane logging', () => {
  it('skips retention when the log group does not exist yet, and is not applicable without logging', () => {
    expect(summary(runAws(controlPlaneLogRetention, { [PATHS.cluster]: clusterResponse(), [PATHS.logGroups]: { logGroups: [] } }))).toEqual(['skipped']);
    expect(summary(runAws(controlPlaneLogRetention, { ...logging([{ types: ['audit'], enabled: false }]), [PATHS.logGroups]: { logGroups: [] } }))).toEqual(['not-applicable']);
  });
});
