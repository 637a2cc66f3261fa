import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { eksData001 } from './eks-data-001.js';
import { eksData002 } from './eks-data-002.js';
import { eksLog001 } from './eks-log-001.js';
import { eksLog002 } from './eks-log-002.js';
import { eksLog003 } from './eks-log-003.js';
import { detector, eksMon001 } from './eks-mon-001.js';
import { eksMon002 } from './eks-mon-002.js';
import { deployment, eksMon003, repositories } from './eks-mon-003.js';
import { eksMon004 } from './eks-mon-004.js';
import { KEY_ARN, PATHS, clusterResponse } from './fixtures.js';

const logging = (entries: unknown) => ({ [PATHS.cluster]: clusterResponse({ logging: { clusterLogging: entries } }) });

describe('EKS-DATA-001 / EKS-DATA-002 secrets encryption', () => {
  it('is high on versions before default envelope encryption (1.28)', () => {
    expect(summary(runAws(eksData001, { [PATHS.cluster]: clusterResponse({ version: '1.27', encryptionConfig: undefined }) }))).toEqual(['fail:high']);
    expect(summary(runAws(eksData001, { [PATHS.cluster]: clusterResponse({ encryptionConfig: [{ resources: ['configmaps'], provider: { keyArn: KEY_ARN } }] }) }))).toEqual(['fail:medium']);
  });
  it('reports KMS health issues of the cluster even when the key was not readable', () => {
    const files = { [PATHS.cluster]: clusterResponse({ health: { issues: [{ code: 'KmsGrantRevoked', message: 'grant revoked' }] } }), [PATHS.kmsKey]: { KeyMetadata: {} }, [PATHS.kmsRotation]: { KeyRotationEnabled: true } };
    expect(summary(runAws(eksData002, files))).toEqual(['fail:high']);
  });
  it('is not applicable without a key', () => {
    expect(summary(runAws(eksData002, { [PATHS.cluster]: clusterResponse({ encryptionConfig: undefined }) }))).toEqual(['not-applicable']);
  });
});

describe('EKS-LOG-001, EKS-LOG-002, EKS-LOG-003 control-plane logging', () => {
  it('takes the union of the enabled entries', () => {
    const split = logging([
      { types: ['api', 'audit', 'authenticator'], enabled: true },
      { types: ['controllerManager'], enabled: true },
      { types: ['scheduler'], enabled: false },
    ]);
    expect(summary(runAws(eksLog001, split))).toEqual(['pass']);
    expect(summary(runAws(eksLog002, split))).toEqual(['fail:low']);
    expect(runAws(eksLog002, split)[0]?.message).toContain('scheduler');
  });
  it('fails audit when logging is missing or malformed', () => {
    expect(summary(runAws(eksLog001, { [PATHS.cluster]: clusterResponse({ logging: undefined }) }))).toEqual(['fail:high']);
    expect(summary(runAws(eksLog001, logging('audit')))).toEqual(['fail:high']);
  });
  it('skips retention when the log group does not exist yet, and is not applicable without logging', () => {
    expect(summary(runAws(eksLog003, { [PATHS.cluster]: clusterResponse(), [PATHS.logGroups]: { logGroups: [] } }))).toEqual(['skipped']);
    expect(summary(runAws(eksLog003, { ...logging([{ types: ['audit'], enabled: false }]), [PATHS.logGroups]: { logGroups: [] } }))).toEqual(['not-applicable']);
  });
});

describe('EKS-MON-001 / EKS-MON-002 GuardDuty', () => {
  it('reads the legacy DataSources block of older detectors', () => {
    const legacy = { Status: 'ENABLED', DataSources: { Kubernetes: { AuditLogs: { Status: 'ENABLED' } } } };
    expect(summary(runAws(eksMon001, { [PATHS.cluster]: clusterResponse(), [PATHS.guardDuty]: legacy }))).toEqual(['pass']);
  });
  it('fails a disabled detector whatever its features say', () => {
    expect(summary(runAws(eksMon001, { [PATHS.cluster]: clusterResponse(), [PATHS.guardDuty]: detector({ EKS_AUDIT_LOGS: 'ENABLED' }, 'DISABLED') }))).toEqual(['fail:medium']);
    expect(summary(runAws(eksMon002, { [PATHS.cluster]: clusterResponse(), [PATHS.guardDuty]: detector({ EKS_RUNTIME_MONITORING: 'ENABLED' }) }))).toEqual(['pass']);
  });
});

describe('EKS-MON-003 / EKS-MON-004 ECR repositories the workloads use', () => {
  it('judges only repositories that workloads pull from', () => {
    expect(runAws(eksMon004, { [PATHS.ecrRepositories]: repositories({ imageTagMutability: 'MUTABLE' }) })).toEqual([]);
    const other = deployment.replace('payments/api', 'other/repo');
    expect(runAws(eksMon004, { [PATHS.ecrRepositories]: repositories({ imageTagMutability: 'MUTABLE' }) }, other)).toEqual([]);
  });
  it('honours scan on push under basic scanning, and enhanced rules by filter', () => {
    const basic = { scanningConfiguration: { scanType: 'BASIC', rules: [] } };
    expect(summary(runAws(eksMon003, { [PATHS.ecrRepositories]: repositories({ imageScanningConfiguration: { scanOnPush: true } }), [PATHS.ecrScanning]: basic }, deployment))).toEqual(['pass']);
    const enhancedOther = { scanningConfiguration: { scanType: 'ENHANCED', rules: [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: [{ filter: 'team-*' }] }] } };
    // under enhanced scanning the repository's own scan-on-push no longer applies
    expect(summary(runAws(eksMon003, { [PATHS.ecrRepositories]: repositories({ imageScanningConfiguration: { scanOnPush: true } }), [PATHS.ecrScanning]: enhancedOther }, deployment))).toEqual(['fail:medium']);
  });
  it('matches images pinned by digest and in any workload kind', () => {
    const cron = `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\n  namespace: payments\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: r\n              image: 111122223333.dkr.ecr.us-east-1.amazonaws.com/payments/api@sha256:${'a'.repeat(64)}\n`;
    const findings = runAws(eksMon004, { [PATHS.ecrRepositories]: repositories({ imageTagMutability: 'MUTABLE_WITH_EXCLUSION' }) }, cron);
    expect(summary(findings)).toEqual(['fail:low']);
    expect(findings[0]?.message).toContain('CronJob/payments/report');
  });
});
