import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { eksIam007 } from './eks-iam-007.js';
import { ACCOUNT, PATHS, clusterResponse, podIdentityTrust, roleJson } from './fixtures.js';

describe('EKS-IAM-007 Pod Identity', () => {
  const association = (id: string, role: string) => ({ association: { clusterName: 'prod', namespace: 'payments', serviceAccount: 'api', associationId: id, roleArn: `arn:aws:iam::${ACCOUNT}:role/${role}` } });
  it('flags a role that does not trust pods.eks.amazonaws.com', () => {
    const files = {
      [PATHS.cluster]: clusterResponse(),
      [PATHS.roles]: { Roles: [roleJson('payments', { Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: 'sts:AssumeRole' }] })] },
      [PATHS.podIdentity('a')]: association('a-1', 'payments'),
      [PATHS.addon('eks-pod-identity-agent')]: { addon: { addonName: 'eks-pod-identity-agent', clusterName: 'prod' } },
    };
    expect(summary(runAws(eksIam007, files))).toEqual(['fail:medium']);
    expect(podIdentityTrust.Statement[0]?.Action).toContain('sts:TagSession');
  });
  it('is not applicable without associations', () => {
    expect(summary(runAws(eksIam007, { [PATHS.cluster]: clusterResponse(), [PATHS.roles]: { Roles: [] }, [PATHS.listPodIdentity]: { associations: [] }, [PATHS.listAddons]: { addons: [] } }))).toEqual(['not-applicable']);
  });
});
