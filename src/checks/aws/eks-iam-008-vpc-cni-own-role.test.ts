import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { vpcCniOwnRole } from './eks-iam-008-vpc-cni-own-role.js';
import { PATHS, clusterResponse } from './fixtures.js';

const vpcCni = (extra: Record<string, unknown> = {}) => ({ [PATHS.addon('vpc-cni')]: { addon: { addonName: 'vpc-cni', clusterName: 'prod', ...extra } } });
const noAssociations = { [PATHS.listPodIdentity]: { associations: [] } };

testCheck(vpcCniOwnRole, {
  pass: [{ input: { aws: { [PATHS.cluster]: clusterResponse(), ...vpcCni({ serviceAccountRoleArn: 'arn:aws:iam::111122223333:role/vpc-cni' }), ...noAssociations } } }],
  fail: [{ input: { aws: { [PATHS.cluster]: clusterResponse(), ...vpcCni(), ...noAssociations } }, failures: [{ path: 'addon.serviceAccountRoleArn', messageId: 'nodeRole', severity: 'medium' }] }],
});

describe('EKS-IAM-008 aws-node credentials', () => {
  it('is not applicable under EKS Auto Mode', () => {
    expect(summary(runAws(vpcCniOwnRole, { [PATHS.cluster]: clusterResponse({ computeConfig: { enabled: true } }), ...vpcCni(), ...noAssociations }))).toEqual(['not-applicable']);
  });
  it('fails when the aws-node ServiceAccount was read and names no role', () => {
    const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: aws-node\n  namespace: kube-system\n';
    expect(summary(runAws(vpcCniOwnRole, { [PATHS.cluster]: clusterResponse(), [PATHS.listAddons]: { addons: [] }, ...noAssociations }, sa))).toEqual(['fail:medium']);
  });
  it('accepts a Pod Identity association or an annotated ServiceAccount', () => {
    const cni = { addon: { addonName: 'vpc-cni', clusterName: 'prod' } };
    const podIdentity = { association: { clusterName: 'prod', namespace: 'kube-system', serviceAccount: 'aws-node', associationId: 'a-9', roleArn: 'arn:aws:iam::1:role/cni' } };
    expect(summary(runAws(vpcCniOwnRole, { [PATHS.cluster]: clusterResponse(), [PATHS.addon('vpc-cni')]: cni, [PATHS.podIdentity('cni')]: podIdentity }))).toEqual(['pass']);
    const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: aws-node\n  namespace: kube-system\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::1:role/cni\n';
    expect(summary(runAws(vpcCniOwnRole, { [PATHS.cluster]: clusterResponse(), [PATHS.listAddons]: { addons: [] }, [PATHS.listPodIdentity]: { associations: [] } }, sa))).toEqual(['pass']);
    expect(summary(runAws(vpcCniOwnRole, { [PATHS.cluster]: clusterResponse(), [PATHS.listAddons]: { addons: [] }, [PATHS.listPodIdentity]: { associations: [] } }))).toEqual(['skipped']);
  });
});
