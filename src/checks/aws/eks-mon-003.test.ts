import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { deployment, eksMon003, repositories } from './eks-mon-003.js';
import { PATHS } from './fixtures.js';

describe('EKS-MON-003 ECR repositories the workloads use', () => {
  it('honours scan on push under basic scanning, and enhanced rules by filter', () => {
    const basic = { scanningConfiguration: { scanType: 'BASIC', rules: [] } };
    expect(summary(runAws(eksMon003, { [PATHS.ecrRepositories]: repositories({ imageScanningConfiguration: { scanOnPush: true } }), [PATHS.ecrScanning]: basic }, deployment))).toEqual(['pass']);
    const enhancedOther = { scanningConfiguration: { scanType: 'ENHANCED', rules: [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: [{ filter: 'team-*' }] }] } };
    // under enhanced scanning the repository's own scan-on-push no longer applies
    expect(summary(runAws(eksMon003, { [PATHS.ecrRepositories]: repositories({ imageScanningConfiguration: { scanOnPush: true } }), [PATHS.ecrScanning]: enhancedOther }, deployment))).toEqual(['fail:medium']);
  });
});
