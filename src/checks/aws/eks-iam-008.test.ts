import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { eksIam008 } from './eks-iam-008.js';
import { PATHS, clusterResponse } from './fixtures.js';

describe('EKS-IAM-008 aws-node credentials', () => {
  it('accepts a Pod Identity association or an annotated ServiceAccount', () => {
    const cni = { addon: { addonName: 'vpc-cni', clusterName: 'prod' } };
    const podIdentity = { association: { clusterName: 'prod', namespace: 'kube-system', serviceAccount: 'aws-node', associationId: 'a-9', roleArn: 'arn:aws:iam::1:role/cni' } };
    expect(summary(runAws(eksIam008, { [PATHS.cluster]: clusterResponse(), [PATHS.addon('vpc-cni')]: cni, [PATHS.podIdentity('cni')]: podIdentity }))).toEqual(['pass']);
    const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: aws-node\n  namespace: kube-system\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::1:role/cni\n';
    expect(summary(runAws(eksIam008, { [PATHS.cluster]: clusterResponse(), [PATHS.listAddons]: { addons: [] }, [PATHS.listPodIdentity]: { associations: [] } }, sa))).toEqual(['pass']);
    expect(summary(runAws(eksIam008, { [PATHS.cluster]: clusterResponse(), [PATHS.listAddons]: { addons: [] }, [PATHS.listPodIdentity]: { associations: [] } }))).toEqual(['skipped']);
  });
});
