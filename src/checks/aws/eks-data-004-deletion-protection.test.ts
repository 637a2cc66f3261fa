import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { clusterDeletionProtection } from './eks-data-004-deletion-protection.js';
import { PATHS, clusterResponse } from './fixtures.js';

testCheck(clusterDeletionProtection, {
  pass: [{ input: { aws: { [PATHS.cluster]: clusterResponse({ deletionProtection: true }) } } }],
  fail: [{ input: { aws: { [PATHS.cluster]: clusterResponse({ deletionProtection: false }) } }, failures: [{ path: 'deletionProtection', messageId: 'deletionProtectionOff', severity: 'low' }] }],
});

describe('EKS-DATA-004 deletion protection', () => {
  it('is skipped, never passed or failed, for a response without the field', () => {
    expect(summary(runAws(clusterDeletionProtection, { [PATHS.cluster]: clusterResponse() }))).toEqual(['skipped']);
  });
  it('is skipped for a wrong-typed value instead of reading it as off', () => {
    expect(summary(runAws(clusterDeletionProtection, { [PATHS.cluster]: clusterResponse({ deletionProtection: 'yes' }) }))).toEqual(['skipped']);
  });
});
