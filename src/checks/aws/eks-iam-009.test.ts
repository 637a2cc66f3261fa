import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { eksIam009 } from './eks-iam-009.js';
import { eksIam010 } from './eks-iam-010.js';
import { ACCOUNT, ISSUER_HOST, PATHS, attachedPolicies, clusterResponse, irsaTrust, podIdentityTrust, roleJson } from './fixtures.js';

const trust = irsaTrust({ StringEquals: { [`${ISSUER_HOST}:sub`]: 'system:serviceaccount:payments:api', [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com' } });
const doc = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });

function files(options: { name?: string; trust?: unknown; managed?: string[]; inline?: Record<string, unknown>; boundary?: unknown; listed?: boolean } = {}): Record<string, unknown> {
  const name = options.name ?? 'payments-api';
  const out: Record<string, unknown> = {
    [PATHS.cluster]: clusterResponse(),
    [PATHS.roles]: { Roles: [roleJson(name, options.trust ?? trust)] },
  };
  if (options.listed !== false) {
    out[PATHS.attachedPolicies(name)] = attachedPolicies(options.managed ?? []);
    out[PATHS.rolePolicies(name)] = { PolicyNames: Object.keys(options.inline ?? {}) };
  }
  for (const [policy, document] of Object.entries(options.inline ?? {})) out[`iam/roles/${name}/inline-${policy}.json`] = { RoleName: name, PolicyName: policy, PolicyDocument: document };
  if (options.boundary) {
    const arn = `arn:aws:iam::${ACCOUNT}:policy/workload-boundary`;
    out[`iam/roles/${name}/get-role.json`] = { Role: { ...roleJson(name, options.trust ?? trust), PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn } } };
    out['iam/policies/workload-boundary/get-policy.json'] = { Policy: { Arn: arn, PolicyName: 'workload-boundary', DefaultVersionId: 'v3' } };
    out['iam/policies/workload-boundary/get-policy-version.json'] = { PolicyVersion: { VersionId: 'v3', Document: encodeURIComponent(JSON.stringify(options.boundary)) } };
  }
  return out;
}

describe('EKS-IAM-009 workload role admin or escalation', () => {
  it('fails critical for AdministratorAccess and for an escalation combination, naming the grant', () => {
    const admin = runAws(eksIam009, files({ managed: ['arn:aws:iam::aws:policy/AdministratorAccess'] }));
    expect(summary(admin)).toEqual(['fail:critical']);
    expect(admin[0]!.message).toContain('every action on every resource');
    const passRole = runAws(eksIam009, files({ inline: { p: doc({ Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances'], Resource: '*' }) } }));
    expect(summary(passRole)).toEqual(['fail:critical']);
    expect(passRole[0]!.message).toMatch(/iam:PassRole \+ ec2:RunInstances.*iam:PassRole on arn:aws:iam::111122223333:role\/\* \(inline policy p\)/);
  });

  it('reports a grant under a condition as conditional, one severity lower', () => {
    const findings = runAws(eksIam009, files({ inline: { p: doc({ Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } }) } }));
    expect(summary(findings)).toEqual(['fail:high']);
    expect(findings[0]!.message).toContain('only under conditions (StringEquals aws:requestedregion)');
  });

  it('passes when a deny in the permissions boundary takes the admin grant away', () => {
    const boundary = doc({ Effect: 'Allow', Action: ['s3:*', 'sqs:*'], Resource: '*' });
    expect(summary(runAws(eksIam009, files({ managed: ['arn:aws:iam::aws:policy/AdministratorAccess'], boundary })))).toEqual(['pass']);
  });

  it('is skipped, naming the document, when a policy was not read; and skipped when the lists were not collected', () => {
    const findings = runAws(eksIam009, files({ managed: [`arn:aws:iam::${ACCOUNT}:policy/not-collected`] }));
    expect(summary(findings)).toEqual(['skipped']);
    expect(findings[0]!.message).toContain(`arn:aws:iam::${ACCOUNT}:policy/not-collected (iam:GetPolicyVersion) was not collected`);
    expect(summary(runAws(eksIam009, files({ listed: false })))).toEqual(['skipped']);
  });

  it('judges Pod Identity roles and roles a ServiceAccount names, not other roles', () => {
    expect(summary(runAws(eksIam009, files({ trust: podIdentityTrust, managed: ['arn:aws:iam::aws:policy/IAMFullAccess'] })))).toEqual(['fail:critical']);
    const ec2 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    expect(runAws(eksIam009, files({ trust: ec2, managed: ['arn:aws:iam::aws:policy/AdministratorAccess'] }))).toEqual([]);
    const annotated = `apiVersion: v1
kind: ServiceAccount
metadata: { name: jobs, namespace: batch, annotations: { eks.amazonaws.com/role-arn: "arn:aws:iam::${ACCOUNT}:role/payments-api" } }
`;
    const named = runAws(eksIam009, files({ trust: ec2, managed: ['arn:aws:iam::aws:policy/AdministratorAccess'] }), annotated);
    expect(summary(named)).toEqual(['fail:critical']);
    expect(named[0]!.message).toContain('used by ServiceAccount batch/jobs (IRSA)');
  });
});

describe('EKS-IAM-010 workload role reads secrets or data account-wide', () => {
  it('fails for secrets and for data on every resource, not for named ones', () => {
    expect(summary(runAws(eksIam010, files({ inline: { p: doc({ Effect: 'Allow', Action: ['ssm:GetParametersByPath'], Resource: 'arn:aws:ssm:*:*:parameter/*' }) } })))).toEqual(['fail:high']);
    expect(summary(runAws(eksIam010, files({ managed: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'] })))).toEqual(['fail:high']);
    expect(summary(runAws(eksIam010, files({ inline: { p: doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234` }) } })))).toEqual(['pass']);
  });

  it('reports what an admin role reads, too', () => {
    expect(summary(runAws(eksIam010, files({ managed: ['arn:aws:iam::aws:policy/AdministratorAccess'] })))).toEqual(['fail:high', 'fail:high']);
  });

  it('names a carve-out: every bucket but the one a Deny keeps', () => {
    const findings = runAws(eksIam010, files({ inline: { p: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::payroll/*' }) } }));
    expect(summary(findings)).toEqual(['fail:high']);
    expect(findings[0]!.message).toContain('except arn:aws:s3:::payroll/*');
  });
});
