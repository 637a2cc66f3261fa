import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { detector, guardDutyAuditLogs } from './eks-mon-001-guardduty-audit-logs.js';
import { PATHS, clusterResponse } from './fixtures.js';

const NO_DETECTORS = { 'us-east-1/guardduty/list-detectors.json': { DetectorIds: [] } };

testCheck(guardDutyAuditLogs, {
  pass: [{ input: { aws: { [PATHS.cluster]: clusterResponse(), [PATHS.guardDuty]: detector({ EKS_AUDIT_LOGS: 'ENABLED' }) } } }],
  fail: [
    { input: { aws: { [PATHS.cluster]: clusterResponse(), ...NO_DETECTORS } }, failures: [{ path: null, messageId: 'noDetector', data: { region: 'us-east-1' }, severity: 'medium' }] },
    { input: { aws: { [PATHS.cluster]: clusterResponse(), [PATHS.guardDuty]: detector({ EKS_AUDIT_LOGS: 'ENABLED' }, 'DISABLED') } }, failures: [{ path: null, messageId: 'detectorDisabled', data: { region: 'us-east-1' }, severity: 'medium' }] },
    { input: { aws: { [PATHS.cluster]: clusterResponse(), [PATHS.guardDuty]: detector({ EKS_AUDIT_LOGS: 'DISABLED' }) } }, failures: [{ path: null, messageId: 'auditLogsOff', data: { region: 'us-east-1' }, severity: 'medium' }] },
  ],
});

describe('EKS-MON-001 GuardDuty', () => {
  it('reads the legacy DataSources block of older detectors', () => {
    const legacy = { Status: 'ENABLED', DataSources: { Kubernetes: { AuditLogs: { Status: 'ENABLED' } } } };
    expect(summary(runAws(guardDutyAuditLogs, { [PATHS.cluster]: clusterResponse(), [PATHS.guardDuty]: legacy }))).toEqual(['pass']);
  });
});
