import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { irsaTrustScope } from './eks-iam-006-irsa-trust-scope.js';
import { ACCOUNT, ISSUER_HOST, PATHS, clusterResponse, irsaTrust, roleJson } from './fixtures.js';

const role = (conditions: Record<string, unknown>, name = 'app') => roleJson(name, irsaTrust(conditions));
const exact = (sa: string) => ({ StringEquals: { [`${ISSUER_HOST}:sub`]: sa, [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com' } });
const roles = (...list: unknown[]) => ({ [PATHS.roles]: { Roles: list } });
const TRUST = 'AssumeRolePolicyDocument';

testCheck(irsaTrustScope, {
  pass: [{ input: { aws: roles(role(exact('system:serviceaccount:payments:api'))) } }],
  fail: [
    {
      input: { aws: roles(role({ StringLike: { [`${ISSUER_HOST}:sub`]: 'system:serviceaccount:a:*' }, StringEquals: { [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com' } })) },
      failures: [{ path: TRUST, messageId: 'wildcardSubject', data: { role: 'app', issuer: ISSUER_HOST, patterns: 'system:serviceaccount:a:*' }, severity: 'high' }],
    },
    {
      input: { aws: roles(role({})) },
      failures: [
        { path: TRUST, messageId: 'anySubject', data: { role: 'app', issuer: ISSUER_HOST }, severity: 'high' },
        { path: TRUST, messageId: 'audienceNotPinned', data: { role: 'app', issuer: ISSUER_HOST }, severity: 'medium' },
      ],
    },
    {
      // SDK v3 returns the trust policy URL-encoded
      input: { aws: roles(roleJson('app', encodeURIComponent(JSON.stringify(irsaTrust({ StringEquals: { [`${ISSUER_HOST}:sub`]: 'system:serviceaccount:a:b' } }))))) },
      failures: [{ path: TRUST, messageId: 'audienceNotPinned', data: { role: 'app', issuer: ISSUER_HOST }, severity: 'medium' }],
    },
    {
      input: {
        aws: { [PATHS.cluster]: clusterResponse(), ...roles(role(exact('system:serviceaccount:web:api'))) },
        kubeYaml: `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: worker\n  namespace: jobs\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/app\n`,
      },
      failures: [{ path: TRUST, messageId: 'serviceAccountNotTrusted', data: { serviceAccount: 'jobs/worker', role: 'app' }, severity: 'low' }],
    },
    {
      input: { aws: roles(roleJson('broken', '%7Bnot-json')), kubeYaml: `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: x\n  namespace: team-y\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/broken\n` },
      failures: [{ path: TRUST, messageId: 'trustUnreadable', data: { role: 'broken' }, severity: 'high' }],
    },
  ],
});

describe('EKS-IAM-006 IRSA', () => {
  it('treats StringLike without wildcards as exact, and condition keys case-insensitively', () => {
    const like = role({ StringLike: { [`${ISSUER_HOST.toUpperCase()}:SUB`]: 'system:serviceaccount:a:b' }, StringEquals: { [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com' } });
    expect(summary(runAws(irsaTrustScope, { [PATHS.roles]: { Roles: [like] } }))).toEqual(['pass']);
    const wildcard = role({ StringLike: { [`${ISSUER_HOST}:sub`]: 'system:serviceaccount:a:*' }, StringEquals: { [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com' } });
    expect(summary(runAws(irsaTrustScope, { [PATHS.roles]: { Roles: [wildcard] } }))).toEqual(['fail:high']);
  });
  it('ignores roles that trust nothing of EKS and fails undecodable trust policies', () => {
    expect(runAws(irsaTrustScope, { [PATHS.roles]: { Roles: [roleJson('ec2', { Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] })] } })).toEqual([]);
    const sa = `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: x\n  namespace: team-y\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/broken\n`;
    expect(summary(runAws(irsaTrustScope, { [PATHS.roles]: { Roles: [roleJson('broken', '%7Bnot-json')] } }, sa))).toEqual(['fail:high']);
  });
});
