import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { deployment, ecrImageScanning, repositories } from './eks-mon-003-ecr-image-scanning.js';
import { PATHS } from './fixtures.js';

const enhancedAll = { scanningConfiguration: { scanType: 'ENHANCED', rules: [{ scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }] }] } };
const basicOnly = { scanningConfiguration: { scanType: 'BASIC', rules: [] } };

testCheck(ecrImageScanning, {
  pass: [{ input: { aws: { [PATHS.ecrRepositories]: repositories({}), [PATHS.ecrScanning]: enhancedAll }, kubeYaml: deployment } }],
  fail: [
    {
      input: { aws: { [PATHS.ecrRepositories]: repositories({}), [PATHS.ecrScanning]: basicOnly }, kubeYaml: deployment },
      failures: [{ path: 'imageScanningConfiguration', messageId: 'notScanned', data: { repository: 'payments/api', users: 'Deployment/payments/api' }, severity: 'medium' }],
    },
  ],
});

describe('EKS-MON-003 ECR repositories the workloads use', () => {
  it('honours scan on push under basic scanning, and enhanced rules by filter', () => {
    const basic = { scanningConfiguration: { scanType: 'BASIC', rules: [] } };
    expect(summary(runAws(ecrImageScanning, { [PATHS.ecrRepositories]: repositories({ imageScanningConfiguration: { scanOnPush: true } }), [PATHS.ecrScanning]: basic }, deployment))).toEqual(['pass']);
    const enhancedOther = { scanningConfiguration: { scanType: 'ENHANCED', rules: [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: [{ filter: 'team-*' }] }] } };
    // under enhanced scanning the repository's own scan-on-push no longer applies
    expect(summary(runAws(ecrImageScanning, { [PATHS.ecrRepositories]: repositories({ imageScanningConfiguration: { scanOnPush: true } }), [PATHS.ecrScanning]: enhancedOther }, deployment))).toEqual(['fail:medium']);
  });
});
