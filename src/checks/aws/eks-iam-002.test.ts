import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { CLUSTER_ADMIN_POLICY, eksIam002 } from './eks-iam-002.js';
import { ACCOUNT, PATHS, clusterResponse } from './fixtures.js';

describe('EKS-IAM-002 access entries', () => {
  const entry = (principal: string, policies: unknown[], type = 'STANDARD', groups: string[] = []) => ({
    [PATHS.cluster]: clusterResponse({ accessConfig: { bootstrapClusterCreatorAdminPermissions: true } }),
    [PATHS.accessEntry('e')]: { accessEntry: { clusterName: 'prod', principalArn: principal, type, kubernetesGroups: groups } },
    [PATHS.accessPolicies('e')]: { clusterName: 'prod', principalArn: principal, associatedAccessPolicies: policies },
  });
  const nsAdmin = { policyArn: CLUSTER_ADMIN_POLICY, accessScope: { type: 'namespace', namespaces: ['team-a'] } };
  it('passes a bootstrapped cluster whose admin entries were narrowed to namespaces', () => {
    expect(summary(runAws(eksIam002, entry(`arn:aws:iam::${ACCOUNT}:role/ci`, [nsAdmin])))).toEqual(['pass']);
  });
});
