import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { detector } from './eks-mon-001-guardduty-audit-logs.js';
import { guardDutyRuntimeMonitoring } from './eks-mon-002-guardduty-runtime-monitoring.js';
import { PATHS, clusterResponse } from './fixtures.js';

testCheck(guardDutyRuntimeMonitoring, {
  pass: [{ input: { aws: { [PATHS.cluster]: clusterResponse(), [PATHS.guardDuty]: detector({ EKS_AUDIT_LOGS: 'ENABLED', RUNTIME_MONITORING: 'ENABLED' }) } } }],
  fail: [
    { input: { aws: { [PATHS.cluster]: clusterResponse(), [PATHS.guardDuty]: detector({ EKS_AUDIT_LOGS: 'ENABLED', RUNTIME_MONITORING: 'DISABLED' }) } }, failures: [{ path: null, messageId: 'runtimeMonitoringOff', data: { region: 'us-east-1' }, severity: 'low' }] },
    { input: { aws: { [PATHS.cluster]: clusterResponse(), [PATHS.guardDuty]: detector({ RUNTIME_MONITORING: 'ENABLED' }, 'DISABLED') } }, failures: [{ path: null, messageId: 'guardDutyOff', data: { region: 'us-east-1' }, severity: 'low' }] },
  ],
});

describe('EKS-MON-002 GuardDuty runtime monitoring', () => {
  it('accepts the current and the legacy EKS runtime feature', () => {
    expect(summary(runAws(guardDutyRuntimeMonitoring, { [PATHS.cluster]: clusterResponse(), [PATHS.guardDuty]: detector({ EKS_RUNTIME_MONITORING: 'ENABLED' }) }))).toEqual(['pass']);
    expect(summary(runAws(guardDutyRuntimeMonitoring, { [PATHS.cluster]: clusterResponse(), [PATHS.guardDuty]: detector({ RUNTIME_MONITORING: 'ENABLED' }) }))).toEqual(['pass']);
  });
  it('fails a disabled detector even with the feature on, and a region without detectors', () => {
    expect(summary(runAws(guardDutyRuntimeMonitoring, { [PATHS.cluster]: clusterResponse(), [PATHS.guardDuty]: detector({ RUNTIME_MONITORING: 'ENABLED' }, 'DISABLED') }))).toEqual(['fail:low']);
    expect(summary(runAws(guardDutyRuntimeMonitoring, { [PATHS.cluster]: clusterResponse(), 'us-east-1/guardduty/list-detectors.json': { DetectorIds: [] } }))).toEqual(['fail:low']);
  });
  it('looks only at the detectors of the cluster region', () => {
    const elsewhere = 'eu-west-1/guardduty/detectors/other/get-detector.json';
    expect(summary(runAws(guardDutyRuntimeMonitoring, { [PATHS.cluster]: clusterResponse(), [elsewhere]: detector({ RUNTIME_MONITORING: 'ENABLED' }) }))).toEqual(['fail:low']);
  });
});
