import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { accessEntriesOnly } from './eks-iam-001-access-entries-only.js';
import { PATHS, clusterResponse } from './fixtures.js';

const mode = (authenticationMode: unknown) => ({ [PATHS.cluster]: clusterResponse({ accessConfig: { authenticationMode } }) });

testCheck(accessEntriesOnly, {
  pass: [{ input: { aws: mode('API') } }],
  fail: [
    { input: { aws: mode('CONFIG_MAP') }, failures: [{ path: 'accessConfig.authenticationMode', messageId: 'configMap', severity: 'medium' }] },
    { input: { aws: mode('API_AND_CONFIG_MAP') }, failures: [{ path: 'accessConfig.authenticationMode', messageId: 'apiAndConfigMap', severity: 'low' }] },
    { input: { aws: { [PATHS.cluster]: clusterResponse({ accessConfig: undefined }) } }, failures: [{ path: 'accessConfig', messageId: 'noAccessConfig', severity: 'info' }] },
  ],
});

describe('EKS-IAM-001 authentication mode', () => {
  it('reads a mode of the wrong type as no access configuration, without throwing', () => {
    expect(summary(runAws(accessEntriesOnly, mode(['API'])))).toEqual(['fail:info']);
  });
});
