import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { ECR_PATHS, registryPolicy, statement } from './ecr-policy-fixtures.js';
import { ecrRegistryPolicyOpen } from './eks-ecr-002-registry-policy.js';
import { ACCOUNT } from './fixtures.js';

const policy = (statements: Record<string, unknown>[] | null) => ({ aws: { [ECR_PATHS.registryPolicy]: registryPolicy(statements) } });
const SOURCE = '444455556666';
const REPLICATE = ['ecr:ReplicateImage', 'ecr:CreateRepository'];

testCheck(ecrRegistryPolicyOpen, {
  pass: [
    { input: policy(null) },
    { input: policy([statement({ AWS: `arn:aws:iam::${ACCOUNT}:root` }, REPLICATE)]) },
    { input: policy([statement({ AWS: `arn:aws:iam::${SOURCE}:root` }, REPLICATE)]), settings: { trustedAccounts: [SOURCE] } },
    // repository push actions mean nothing in a registry policy
    { input: policy([statement({ AWS: `arn:aws:iam::${SOURCE}:root` }, ['ecr:PutImage'])]) },
  ],
  fail: [
    { input: policy([statement({ AWS: `arn:aws:iam::${SOURCE}:root` }, REPLICATE)]), failures: [{ path: 'policyText.Statement[0]', messageId: 'foreignWrite', data: { registry: ACCOUNT, region: 'us-east-1', statement: 1, account: SOURCE, actions: 'ecr:ReplicateImage, ecr:CreateRepository' }, severity: 'high' }] },
    { input: policy([statement('*', 'ecr:ReplicateImage')]), failures: [{ path: 'policyText.Statement[0]', messageId: 'publicWrite', data: { registry: ACCOUNT, region: 'us-east-1', statement: 1, actions: 'ecr:ReplicateImage' }, severity: 'critical' }] },
    { input: policy([statement({ AWS: `arn:aws:iam::${ACCOUNT}:root` }, REPLICATE), statement('*', 'ecr:BatchImportUpstreamImage', { StringEquals: { 'aws:PrincipalAccount': SOURCE } })]), failures: [{ path: 'policyText.Statement[1]', messageId: 'foreignWrite', data: { registry: ACCOUNT, region: 'us-east-1', statement: 2, account: SOURCE, actions: 'ecr:BatchImportUpstreamImage' }, severity: 'high' }] },
  ],
});

describe('EKS-ECR-002 registry policy', () => {
  it('skips a registry policy it cannot decode', () => {
    expect(summary(runAws(ecrRegistryPolicyOpen, { [ECR_PATHS.registryPolicy]: { registryId: ACCOUNT, policyText: 'Statement: nope' } }))).toEqual(['skipped']);
  });
});
