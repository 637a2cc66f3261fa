import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { CLUSTER_ADMIN_POLICY, clusterCreatorAdmin } from './eks-iam-002-cluster-creator-admin.js';
import { ACCOUNT, PATHS, clusterResponse } from './fixtures.js';

const entry = (principal: string, policies: unknown[], bootstrap: unknown = true) => ({
  [PATHS.cluster]: clusterResponse({ accessConfig: { bootstrapClusterCreatorAdminPermissions: bootstrap } }),
  [PATHS.accessEntry('e')]: { accessEntry: { clusterName: 'prod', principalArn: principal, type: 'STANDARD', kubernetesGroups: [] } },
  [PATHS.accessPolicies('e')]: { clusterName: 'prod', principalArn: principal, associatedAccessPolicies: policies },
});
const clusterAdmin = { policyArn: CLUSTER_ADMIN_POLICY, accessScope: { type: 'cluster', namespaces: [] } };
const nsAdmin = { policyArn: CLUSTER_ADMIN_POLICY, accessScope: { type: 'namespace', namespaces: ['team-a'] } };
const CI = `arn:aws:iam::${ACCOUNT}:role/ci`;

testCheck(clusterCreatorAdmin, {
  pass: [{ input: { aws: entry(CI, [clusterAdmin], false) } }, { input: { aws: entry(CI, [nsAdmin]) } }],
  fail: [
    {
      input: { aws: entry(CI, [clusterAdmin]) },
      failures: [{ path: 'accessConfig.bootstrapClusterCreatorAdminPermissions', messageId: 'creatorAdminRemains', data: { principals: CI }, severity: 'medium' }],
    },
  ],
});

describe('EKS-IAM-002 cluster creator admin', () => {
  it('is not applicable when the cluster reports no access configuration', () => {
    expect(summary(runAws(clusterCreatorAdmin, { [PATHS.cluster]: clusterResponse({ accessConfig: undefined }), [PATHS.listAccessEntries]: { accessEntries: [] } }))).toEqual(['not-applicable']);
  });
});
