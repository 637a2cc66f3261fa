import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { podIdentitySetup } from './eks-iam-007-pod-identity-setup.js';
import { ACCOUNT, PATHS, clusterResponse, podIdentityTrust, roleJson } from './fixtures.js';

const association = (id: string, role: string, namespace = 'payments', serviceAccount = 'api') => ({
  association: { clusterName: 'prod', namespace, serviceAccount, associationId: id, roleArn: `arn:aws:iam::${ACCOUNT}:role/${role}` },
});
const agent = { [PATHS.addon('eks-pod-identity-agent')]: { addon: { addonName: 'eks-pod-identity-agent', clusterName: 'prod' } } };
const base = {
  [PATHS.cluster]: clusterResponse(),
  [PATHS.roles]: { Roles: [roleJson('payments', podIdentityTrust)] },
  [PATHS.podIdentity('a')]: association('a-1', 'payments'),
};
const PAYMENTS_ROLE = `arn:aws:iam::${ACCOUNT}:role/payments`;

testCheck(podIdentitySetup, {
  pass: [{ input: { aws: { ...base, ...agent } } }],
  fail: [
    { input: { aws: { ...base, [PATHS.listAddons]: { addons: [] } } }, failures: [{ path: 'addons', messageId: 'noAgent', data: { count: 1 }, severity: 'medium' }] },
    {
      input: { aws: { ...base, ...agent, [PATHS.podIdentity('b')]: association('a-2', 'payments', 'orders', 'worker') } },
      failures: [{ path: 'associations', messageId: 'sharedRole', data: { role: PAYMENTS_ROLE, users: 'payments/api, orders/worker' }, severity: 'low' }],
    },
    {
      input: { aws: { ...base, ...agent, [PATHS.roles]: { Roles: [roleJson('payments', { Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: 'sts:AssumeRole' }] })] } } },
      failures: [{ path: 'AssumeRolePolicyDocument', messageId: 'notTrusted', data: { role: 'payments' }, severity: 'medium' }],
    },
  ],
});

describe('EKS-IAM-007 Pod Identity', () => {
  it('needs no agent add-on under EKS Auto Mode', () => {
    expect(summary(runAws(podIdentitySetup, { ...base, [PATHS.cluster]: clusterResponse({ computeConfig: { enabled: true } }), [PATHS.listAddons]: { addons: [] } }))).toEqual(['pass']);
  });
  it('the fixture trust policy allows sts:TagSession, as Pod Identity requires', () => {
    expect(podIdentityTrust.Statement[0]?.Action).toContain('sts:TagSession');
  });
  it('is not applicable without associations', () => {
    expect(summary(runAws(podIdentitySetup, { [PATHS.cluster]: clusterResponse(), [PATHS.roles]: { Roles: [] }, [PATHS.listPodIdentity]: { associations: [] }, [PATHS.listAddons]: { addons: [] } }))).toEqual(['not-applicable']);
  });
});
