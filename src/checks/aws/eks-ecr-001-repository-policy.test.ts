import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { ECR_PATHS, PULL, PUSH, repositoryPolicy, statement } from './ecr-policy-fixtures.js';
import { ecrRepositoryPolicyOpen } from './eks-ecr-001-repository-policy.js';
import { ACCOUNT } from './fixtures.js';

const policy = (statements: Record<string, unknown>[] | null) => ({ aws: { [ECR_PATHS.repositoryPolicy('payments/api')]: repositoryPolicy(statements) } });
const FOREIGN = '444455556666';

testCheck(ecrRepositoryPolicyOpen, {
  pass: [
    { input: policy(null) },
    { input: policy([statement({ AWS: `arn:aws:iam::${ACCOUNT}:role/ci` }, PUSH)]) },
    { input: policy([statement('*', PULL, { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } })]) },
    { input: policy([statement({ AWS: '*' }, PULL, { StringEquals: { 'aws:SourceVpce': 'vpce-0123' } })]) },
    { input: policy([statement({ AWS: FOREIGN }, PULL)]), settings: { trustedAccounts: [FOREIGN] } },
    // a Deny never widens access, and a service principal is not judged
    { input: policy([{ Effect: 'Deny', Principal: '*', Action: 'ecr:*' }, statement({ Service: 'codebuild.amazonaws.com' }, PULL)]) },
  ],
  fail: [
    { input: policy([statement('*', PULL)]), failures: [{ path: 'policyText.Statement[0]', messageId: 'publicRead', data: { repository: 'payments/api', statement: 1, actions: 'ecr:BatchGetImage, ecr:GetDownloadUrlForLayer' }, severity: 'high' }] },
    { input: policy([statement({ AWS: '*' }, 'ecr:*')]), failures: [
      { path: 'policyText.Statement[0]', messageId: 'publicWrite', data: { repository: 'payments/api', statement: 1, actions: 'ecr:PutImage, ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload and 9 more' }, severity: 'critical' },
      { path: 'policyText.Statement[0]', messageId: 'publicRead', data: { repository: 'payments/api', statement: 1, actions: 'ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, ecr:BatchCheckLayerAvailability, ecr:DescribeImages and 1 more' }, severity: 'high' },
    ] },
    { input: policy([statement({ AWS: `arn:aws:iam::${FOREIGN}:root` }, PUSH)]), failures: [{ path: 'policyText.Statement[0]', messageId: 'foreignWrite', data: { repository: 'payments/api', statement: 1, account: FOREIGN, actions: PUSH.join(', ') }, severity: 'high' }] },
    { input: policy([statement({ AWS: [`arn:aws:iam::${ACCOUNT}:role/ci`, FOREIGN] }, PULL)]), failures: [{ path: 'policyText.Statement[0]', messageId: 'foreignRead', data: { repository: 'payments/api', statement: 1, account: FOREIGN, actions: PULL.join(', ') }, severity: 'medium' }] },
    // StringNotEquals admits everyone but the listed callers; a wildcard value pins nothing
    { input: policy([statement('*', PULL, { StringNotEquals: { 'aws:PrincipalAccount': FOREIGN } })]), failures: [{ path: 'policyText.Statement[0]', messageId: 'publicRead', data: { repository: 'payments/api', statement: 1, actions: PULL.join(', ') }, severity: 'high' }] },
    { input: policy([statement('*', PULL, { StringLike: { 'aws:PrincipalOrgID': '*' } })]), failures: [{ path: 'policyText.Statement[0]', messageId: 'publicRead', data: { repository: 'payments/api', statement: 1, actions: PULL.join(', ') }, severity: 'high' }] },
    // a public principal pinned to an account is that account
    { input: policy([statement('*', PUSH, { StringEquals: { 'aws:PrincipalAccount': FOREIGN } })]), failures: [{ path: 'policyText.Statement[0]', messageId: 'foreignWrite', data: { repository: 'payments/api', statement: 1, account: FOREIGN, actions: PUSH.join(', ') }, severity: 'high' }] },
    // NotAction grants everything it does not name; action wildcards with ? match like IAM
    { input: policy([{ Effect: 'Allow', Principal: '*', NotAction: ['ecr:Put*', 'ecr:*Layer*', 'ecr:Batch*', 'ecr:Delete*', 'ecr:Set*', 'ecr:Describe*', 'ecr:List*', 'ecr:ReplicateImage'] }]), failures: [{ path: 'policyText.Statement[0]', messageId: 'publicWrite', data: { repository: 'payments/api', statement: 1, actions: 'ecr:TagResource' }, severity: 'critical' }] },
    { input: policy([statement({ AWS: FOREIGN }, 'ecr:PutImag?')]), failures: [{ path: 'policyText.Statement[0]', messageId: 'foreignWrite', data: { repository: 'payments/api', statement: 1, account: FOREIGN, actions: 'ecr:PutImage' }, severity: 'high' }] },
  ],
});

describe('EKS-ECR-001 repository policies', () => {
  it('skips a policy it cannot decode instead of passing it', () => {
    const files = { [ECR_PATHS.repositoryPolicy('payments/api')]: { registryId: ACCOUNT, repositoryName: 'payments/api', policyText: '{not json' } };
    expect(summary(runAws(ecrRepositoryPolicyOpen, files))).toEqual(['skipped']);
  });

  it('names at most four actions and counts the rest', () => {
    const [finding] = runAws(ecrRepositoryPolicyOpen, { [ECR_PATHS.repositoryPolicy('payments/api')]: repositoryPolicy([statement('*', 'ecr:*')]) });
    expect(finding?.message).toMatch(/write \(ecr:PutImage, ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload and 9 more\)$/);
  });

  it('is skipped, never passed, when the repositories were listed but their policies were not collected', () => {
    const files = {
      [ECR_PATHS.repositories]: { repositories: [{ repositoryName: 'payments/api', repositoryArn: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/payments/api`, registryId: ACCOUNT }] },
      'us-east-1/eks/clusters/prod/describe-cluster.json': { cluster: { name: 'prod', arn: `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/prod` } },
    };
    expect(summary(runAws(ecrRepositoryPolicyOpen, files))).toEqual(['skipped']);
  });
});
