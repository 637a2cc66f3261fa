import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { eksIam006 } from './eks-iam-006.js';
import { ACCOUNT, ISSUER_HOST, PATHS, clusterResponse, irsaTrust, roleJson } from './fixtures.js';

describe('EKS-IAM-006 IRSA', () => {
  const provider = { [PATHS.oidcProviders]: { OpenIDConnectProviderList: [] } };
  const role = (conditions: Record<string, unknown>, name = 'app') => roleJson(name, irsaTrust(conditions));
  const exact = (sa: string) => ({ StringEquals: { [`${ISSUER_HOST}:sub`]: sa, [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com' } });
  it('reads URL-encoded trust policies (SDK v3) and flags a missing aud', () => {
    const encoded = roleJson('app', encodeURIComponent(JSON.stringify(irsaTrust({ StringEquals: { [`${ISSUER_HOST}:sub`]: 'system:serviceaccount:a:b' } }))));
    expect(summary(runAws(eksIam006, { [PATHS.roles]: { Roles: [encoded] } }))).toEqual(['fail:medium']);
  });
  it('treats StringLike without wildcards as exact, and condition keys case-insensitively', () => {
    const like = role({ StringLike: { [`${ISSUER_HOST.toUpperCase()}:SUB`]: 'system:serviceaccount:a:b' }, StringEquals: { [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com' } });
    expect(summary(runAws(eksIam006, { [PATHS.roles]: { Roles: [like] } }))).toEqual(['pass']);
    const wildcard = role({ StringLike: { [`${ISSUER_HOST}:sub`]: 'system:serviceaccount:a:*' }, StringEquals: { [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com' } });
    expect(summary(runAws(eksIam006, { [PATHS.roles]: { Roles: [wildcard] } }))).toEqual(['fail:high']);
  });
  it('joins ServiceAccount annotations: a role that does not trust its ServiceAccount is reported', () => {
    const sa = `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: worker\n  namespace: jobs\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/app\n`;
    const findings = runAws(eksIam006, { [PATHS.cluster]: clusterResponse(), [PATHS.roles]: { Roles: [role(exact('system:serviceaccount:web:api'))] } }, sa);
    expect(summary(findings)).toEqual(['fail:low']);
    expect(findings[0]?.message).toContain('jobs/worker');
  });
  it('ignores roles that trust nothing of EKS and fails undecodable trust policies', () => {
    expect(runAws(eksIam006, { [PATHS.roles]: { Roles: [roleJson('ec2', { Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] })] } })).toEqual([]);
    const sa = `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: x\n  namespace: team-y\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/broken\n`;
    expect(summary(runAws(eksIam006, { [PATHS.roles]: { Roles: [roleJson('broken', '%7Bnot-json')] } }, sa))).toEqual(['fail:high']);
  });
});
