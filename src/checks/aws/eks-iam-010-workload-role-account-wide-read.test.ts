import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { workloadRoleAccountWideRead } from './eks-iam-010-workload-role-account-wide-read.js';
import { ACCOUNT, podIdentityTrust } from './fixtures.js';
import { BOUNDARY_NOT_READ, WORKLOAD_ROLE, policyDocument as doc, workloadRoleFiles as files } from './workload-role-fixtures.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const S3_READ_ONLY = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
const none = { usedBy: '', others: '', caveat: '' };
const SSM = 'ssm:GetParameter(s) on every SSM parameter (SecureString values too, with the AWS managed aws/ssm key)';

testCheck(workloadRoleAccountWideRead, {
  pass: [{ input: { aws: files({ inline: { p: doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234` }) } }) } }],
  fail: [
    {
      input: { aws: files({ boundary: 'none', inline: { p: doc({ Effect: 'Allow', Action: ['ssm:GetParametersByPath'], Resource: 'arn:aws:ssm:*:*:parameter/*' }) } }) },
      failures: [
        {
          path: 'AttachedPolicies',
          messageId: 'secretsRead',
          data: { ...none, role: WORKLOAD_ROLE, capability: SSM, grantedBy: `ssm:GetParametersByPath on arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/* (inline policy p)` },
          severity: 'high',
        },
      ],
    },
    {
      input: { aws: files({ managed: [S3_READ_ONLY] }) },
      failures: [
        {
          path: 'AttachedPolicies',
          messageId: 'dataRead',
          data: { ...none, role: WORKLOAD_ROLE, capability: 's3:GetObject on every bucket', grantedBy: `s3:GetObject on arn:aws:s3:::*/* (${S3_READ_ONLY})`, caveat: BOUNDARY_NOT_READ },
          severity: 'high',
        },
      ],
    },
    {
      // an admin role reads everything: one failure per kind, the strongest grant named and the others counted
      input: { aws: files({ managed: [ADMIN], boundary: 'none' }) },
      failures: [
        {
          path: 'AttachedPolicies',
          messageId: 'secretsRead',
          data: {
            ...none,
            role: WORKLOAD_ROLE,
            capability: 'secretsmanager:GetSecretValue on every secret',
            grantedBy: `secretsmanager:GetSecretValue on arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:* (${ADMIN})`,
            others: ' (and 2 more: ssm-parameters, kms-decrypt)',
          },
          severity: 'high',
        },
        {
          path: 'AttachedPolicies',
          messageId: 'dataRead',
          data: { ...none, role: WORKLOAD_ROLE, capability: 's3:GetObject on every bucket', grantedBy: `s3:GetObject on arn:aws:s3:::*/* (${ADMIN})`, others: ' (and 2 more: s3-write, s3-delete)' },
          severity: 'high',
        },
      ],
    },
    {
      // a Pod Identity role; a grant under a condition is one severity lower
      input: { aws: files({ trust: podIdentityTrust, boundary: 'none', inline: { p: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }) } }) },
      failures: [
        {
          path: 'AttachedPolicies',
          messageId: 'dataRead',
          data: { ...none, role: WORKLOAD_ROLE, capability: 's3:GetObject on every bucket, only under conditions (Bool aws:securetransport)', grantedBy: 's3:GetObject on arn:aws:s3:::*/* (inline policy p)' },
          severity: 'medium',
        },
      ],
    },
  ],
});

describe('EKS-IAM-010 workload role reads secrets or data account-wide', () => {
  it('fails for secrets and for data on every resource, not for named ones', () => {
    expect(summary(runAws(workloadRoleAccountWideRead, files({ inline: { p: doc({ Effect: 'Allow', Action: ['ssm:GetParametersByPath'], Resource: 'arn:aws:ssm:*:*:parameter/*' }) } })))).toEqual(['fail:high']);
    expect(summary(runAws(workloadRoleAccountWideRead, files({ managed: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'] })))).toEqual(['fail:high']);
    expect(summary(runAws(workloadRoleAccountWideRead, files({ inline: { p: doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234` }) } })))).toEqual(['pass']);
  });

  it('reports what an admin role reads, too', () => {
    expect(summary(runAws(workloadRoleAccountWideRead, files({ managed: ['arn:aws:iam::aws:policy/AdministratorAccess'] })))).toEqual(['fail:high', 'fail:high']);
  });

  it('names a carve-out: every bucket but the one a Deny keeps', () => {
    const findings = runAws(workloadRoleAccountWideRead, files({ inline: { p: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::payroll/*' }) } }));
    expect(summary(findings)).toEqual(['fail:high']);
    expect(findings[0]!.message).toContain('except arn:aws:s3:::payroll/*');
  });
});
