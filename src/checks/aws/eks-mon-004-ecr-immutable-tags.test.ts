import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { deployment, repositories } from './eks-mon-003-ecr-image-scanning.js';
import { ecrImmutableTags } from './eks-mon-004-ecr-immutable-tags.js';
import { PATHS } from './fixtures.js';

testCheck(ecrImmutableTags, {
  pass: [{ input: { aws: { [PATHS.ecrRepositories]: repositories({ imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION' }) }, kubeYaml: deployment } }],
  fail: [
    {
      input: { aws: { [PATHS.ecrRepositories]: repositories({ imageTagMutability: 'MUTABLE' }) }, kubeYaml: deployment },
      failures: [{ path: 'imageTagMutability', messageId: 'mutableTags', data: { repository: 'payments/api', users: 'Deployment/payments/api', mutability: 'MUTABLE' }, severity: 'low' }],
    },
  ],
});

describe('EKS-MON-004 ECR repositories the workloads use', () => {
  it('judges only repositories that workloads pull from', () => {
    expect(runAws(ecrImmutableTags, { [PATHS.ecrRepositories]: repositories({ imageTagMutability: 'MUTABLE' }) })).toEqual([]);
    const other = deployment.replace('payments/api', 'other/repo');
    expect(runAws(ecrImmutableTags, { [PATHS.ecrRepositories]: repositories({ imageTagMutability: 'MUTABLE' }) }, other)).toEqual([]);
  });
  it('is skipped when the tag mutability was not collected', () => {
    expect(summary(runAws(ecrImmutableTags, { [PATHS.ecrRepositories]: repositories({ imageTagMutability: undefined }) }, deployment))).toEqual(['skipped']);
  });
  it('matches images pinned by digest and in any workload kind', () => {
    const cron = `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\n  namespace: payments\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: r\n              image: 111122223333.dkr.ecr.us-east-1.amazonaws.com/payments/api@sha256:${'a'.repeat(64)}\n`;
    const findings = runAws(ecrImmutableTags, { [PATHS.ecrRepositories]: repositories({ imageTagMutability: 'MUTABLE_WITH_EXCLUSION' }) }, cron);
    expect(summary(findings)).toEqual(['fail:low']);
    expect(findings[0]?.message).toContain('CronJob/payments/report');
  });
});
