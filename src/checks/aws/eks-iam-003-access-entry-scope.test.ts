import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { CLUSTER_ADMIN_POLICY } from './eks-iam-002-cluster-creator-admin.js';
import { accessEntryScope } from './eks-iam-003-access-entry-scope.js';
import { ACCOUNT, NODE_ROLE_ARN, PATHS, clusterResponse } from './fixtures.js';

const entry = (principal: string, policies: unknown[], type = 'STANDARD', groups: string[] = []) => ({
  [PATHS.cluster]: clusterResponse({ accessConfig: { bootstrapClusterCreatorAdminPermissions: true } }),
  [PATHS.accessEntry('e')]: { accessEntry: { clusterName: 'prod', principalArn: principal, type, kubernetesGroups: groups } },
  [PATHS.accessPolicies('e')]: { clusterName: 'prod', principalArn: principal, associatedAccessPolicies: policies },
});
const nsAdmin = { policyArn: CLUSTER_ADMIN_POLICY, accessScope: { type: 'namespace', namespaces: ['team-a'] } };
const clusterAdmin = { policyArn: CLUSTER_ADMIN_POLICY, accessScope: { type: 'cluster', namespaces: [] } };
const OPS = `arn:aws:iam::${ACCOUNT}:role/ops`;
const BOB = `arn:aws:iam::${ACCOUNT}:user/bob`;
const VENDOR = 'arn:aws:iam::999988887777:role/vendor';

testCheck(accessEntryScope, {
  pass: [{ input: { aws: entry(`arn:aws:iam::${ACCOUNT}:role/team-a`, [nsAdmin]) } }],
  fail: [
    { input: { aws: entry(OPS, [clusterAdmin]) }, failures: [{ path: 'associatedAccessPolicies', messageId: 'clusterWidePolicy', data: { principal: OPS, policy: 'AmazonEKSClusterAdminPolicy' }, severity: 'high' }] },
    { input: { aws: entry(OPS, [], 'STANDARD', ['system:masters']) }, failures: [{ path: 'accessEntry.kubernetesGroups', messageId: 'masters', data: { principal: OPS }, severity: 'high' }] },
    { input: { aws: entry(VENDOR, []) }, failures: [{ path: 'accessEntry.principalArn', messageId: 'crossAccount', data: { principal: VENDOR, account: '999988887777' }, severity: 'medium' }] },
    {
      input: { aws: entry(BOB, [{ policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy', accessScope: { type: 'cluster' } }]) },
      failures: [
        { path: 'associatedAccessPolicies', messageId: 'clusterWidePolicy', data: { principal: BOB, policy: 'AmazonEKSAdminPolicy' }, severity: 'high' },
        { path: 'accessEntry.principalArn', messageId: 'iamUser', data: { principal: BOB }, severity: 'medium' },
      ],
    },
  ],
});

describe('EKS-IAM-003 access entries', () => {
  it('does not count namespace-scoped admin as cluster-wide, but flags system:masters and users', () => {
    expect(summary(runAws(accessEntryScope, entry(`arn:aws:iam::${ACCOUNT}:role/team-a`, [nsAdmin])))).toEqual(['pass']);
    expect(summary(runAws(accessEntryScope, entry(`arn:aws:iam::${ACCOUNT}:role/ops`, [], 'STANDARD', ['system:masters'])))).toEqual(['fail:high']);
    expect(summary(runAws(accessEntryScope, entry(`arn:aws:iam::${ACCOUNT}:user/bob`, [{ policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy', accessScope: { type: 'cluster' } }])))).toEqual([
      'fail:high',
      'fail:medium',
    ]);
  });
  it('flags principals of another account than the cluster', () => {
    expect(summary(runAws(accessEntryScope, entry('arn:aws:iam::999988887777:role/vendor', [])))).toEqual(['fail:medium']);
    expect(summary(runAws(accessEntryScope, entry(`arn:aws:iam::${ACCOUNT}:role/vendor`, [])))).toEqual(['pass']);
  });
  it('is not applicable to node entries and skipped when the policies were not collected', () => {
    expect(summary(runAws(accessEntryScope, entry(NODE_ROLE_ARN, [], 'EC2_LINUX')))).toEqual(['not-applicable']);
    const files = entry(`arn:aws:iam::${ACCOUNT}:role/x`, []);
    delete (files as Record<string, unknown>)[PATHS.accessPolicies('e')];
    expect(summary(runAws(accessEntryScope, files))).toEqual(['skipped']);
  });
});
