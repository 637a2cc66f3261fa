import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { workloadRoleAdminOrEscalation } from './eks-iam-009-workload-role-admin.js';
import { ACCOUNT, podIdentityTrust } from './fixtures.js';
import { BOUNDARY_NOT_READ, WORKLOAD_ROLE, policyDocument as doc, workloadRoleFiles as files } from './workload-role-fixtures.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const ec2Trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const none = { usedBy: '', others: '', caveat: '' };

testCheck(workloadRoleAdminOrEscalation, {
  pass: [{ input: { aws: files({ inline: { p: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::payments-reports/*' }) } }) } }],
  fail: [
    {
      input: { aws: files({ managed: [ADMIN], boundary: 'none' }) },
      failures: [{ path: 'AttachedPolicies', messageId: 'admin', data: { ...none, role: WORKLOAD_ROLE, capability: 'every action on every resource', grantedBy: `* on * (${ADMIN})` }, severity: 'critical' }],
    },
    {
      input: { aws: files({ inline: { p: doc({ Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances'], Resource: '*' }) } }) },
      failures: [
        {
          path: 'AttachedPolicies',
          messageId: 'escalation',
          data: {
            ...none,
            role: WORKLOAD_ROLE,
            capability: 'iam:PassRole + ec2:RunInstances: start an instance with any role',
            grantedBy: `iam:PassRole on arn:aws:iam::${ACCOUNT}:role/* (inline policy p); ec2:RunInstances on * (inline policy p)`,
            caveat: BOUNDARY_NOT_READ,
          },
          severity: 'critical',
        },
      ],
    },
    {
      // a grant under a condition is one severity lower
      input: { aws: files({ boundary: 'none', inline: { p: doc({ Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } }) } }) },
      failures: [
        {
          path: 'AttachedPolicies',
          messageId: 'escalation',
          data: {
            ...none,
            role: WORKLOAD_ROLE,
            capability: 'iam:AttachRolePolicy: attach AdministratorAccess to itself or another role, only under conditions (StringEquals aws:requestedregion)',
            grantedBy: `iam:AttachRolePolicy on arn:aws:iam::${ACCOUNT}:role/* (inline policy p)`,
          },
          severity: 'high',
        },
      ],
    },
    {
      input: {
        aws: files({ trust: ec2Trust, managed: [ADMIN], boundary: 'none' }),
        kubeYaml: `apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: jobs, namespace: batch, annotations: { eks.amazonaws.com/role-arn: "arn:aws:iam::${ACCOUNT}:role/${WORKLOAD_ROLE}" } }\n`,
      },
      failures: [
        {
          path: 'AttachedPolicies',
          messageId: 'admin',
          data: { ...none, role: WORKLOAD_ROLE, usedBy: ' (used by ServiceAccount batch/jobs (IRSA))', capability: 'every action on every resource', grantedBy: `* on * (${ADMIN})` },
          severity: 'critical',
        },
      ],
    },
  ],
});

describe('EKS-IAM-009 workload role admin or escalation', () => {
  it('fails critical for AdministratorAccess and for an escalation combination, naming the grant', () => {
    const admin = runAws(workloadRoleAdminOrEscalation, files({ managed: ['arn:aws:iam::aws:policy/AdministratorAccess'] }));
    expect(summary(admin)).toEqual(['fail:critical']);
    expect(admin[0]!.message).toContain('every action on every resource');
    const passRole = runAws(workloadRoleAdminOrEscalation, files({ inline: { p: doc({ Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances'], Resource: '*' }) } }));
    expect(summary(passRole)).toEqual(['fail:critical']);
    expect(passRole[0]!.message).toMatch(/iam:PassRole \+ ec2:RunInstances.*iam:PassRole on arn:aws:iam::111122223333:role\/\* \(inline policy p\)/);
  });

  it('reports a grant under a condition as conditional, one severity lower', () => {
    const findings = runAws(workloadRoleAdminOrEscalation, files({ inline: { p: doc({ Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } }) } }));
    expect(summary(findings)).toEqual(['fail:high']);
    expect(findings[0]!.message).toContain('only under conditions (StringEquals aws:requestedregion)');
  });

  it('passes when a deny in the permissions boundary takes the admin grant away', () => {
    const boundary = doc({ Effect: 'Allow', Action: ['s3:*', 'sqs:*'], Resource: '*' });
    expect(summary(runAws(workloadRoleAdminOrEscalation, files({ managed: ['arn:aws:iam::aws:policy/AdministratorAccess'], boundary })))).toEqual(['pass']);
  });

  it('is skipped, naming the document, when a policy was not read; and skipped when the lists were not collected', () => {
    const findings = runAws(workloadRoleAdminOrEscalation, files({ managed: [`arn:aws:iam::${ACCOUNT}:policy/not-collected`] }));
    expect(summary(findings)).toEqual(['skipped']);
    expect(findings[0]!.message).toContain(`arn:aws:iam::${ACCOUNT}:policy/not-collected (iam:GetPolicyVersion) was not collected`);
    expect(summary(runAws(workloadRoleAdminOrEscalation, files({ listed: false })))).toEqual(['skipped']);
  });

  it('judges Pod Identity roles and roles a ServiceAccount names, not other roles', () => {
    expect(summary(runAws(workloadRoleAdminOrEscalation, files({ trust: podIdentityTrust, managed: ['arn:aws:iam::aws:policy/IAMFullAccess'] })))).toEqual(['fail:critical']);
    const ec2 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    expect(runAws(workloadRoleAdminOrEscalation, files({ trust: ec2, managed: ['arn:aws:iam::aws:policy/AdministratorAccess'] }))).toEqual([]);
    const annotated = `apiVersion: v1
kind: ServiceAccount
metadata: { name: jobs, namespace: batch, annotations: { eks.amazonaws.com/role-arn: "arn:aws:iam::${ACCOUNT}:role/payments-api" } }
`;
    const named = runAws(workloadRoleAdminOrEscalation, files({ trust: ec2, managed: ['arn:aws:iam::aws:policy/AdministratorAccess'] }), annotated);
    expect(summary(named)).toEqual(['fail:critical']);
    expect(named[0]!.message).toContain('used by ServiceAccount batch/jobs (IRSA)');
  });
});

