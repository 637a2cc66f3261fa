import { defineCheck, fail, notApplicable, pass } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { ClusterModel } from '../../aws/models.js';
import { EKS_BPG, skipped } from '../../aws/verdicts.js';
import { awsView, clusters } from '../../aws/view.js';
import { record, stringMap } from '../../k8s/fields.js';
import { objectsOf } from '../../k8s/targets.js';
import { awsExample } from './example.js';
import { ACCOUNT, PATHS, clusterResponse } from './fixtures.js';

const vpcCni = (extra: Record<string, unknown>) => ({ addon: { addonName: 'vpc-cni', clusterName: 'prod', status: 'ACTIVE', addonVersion: 'v1.20.4-eksbuild.1', ...extra } });

/**
 * EKS-IAM-008: fails when the vpc-cni add-on (aws-node) has neither an IRSA role nor a Pod Identity
 * association, so it uses the node role.
 */
export const vpcCniOwnRole = defineCheck<ClusterModel>({
  id: 'EKS-IAM-008',
  title: 'The VPC CNI (aws-node) should not use the node IAM role',
  area: 'iam',
  severity: 'medium',
  target: clusters,
  needs: [AWS_KEYS.cluster, AWS_KEYS.addons, AWS_KEYS.podIdentity],
  rationale:
    'aws-node needs AmazonEKS_CNI_Policy to manage network interfaces. Without its own IRSA or Pod Identity role it uses the node role, so that policy must sit on the node role, where every pod able to reach the instance metadata service can use it to create, attach or delete ENIs and IP addresses.',
  remediation:
    'Give the vpc-cni add-on its own role (`aws eks update-addon --addon-name vpc-cni --service-account-role-arn <role>` or a Pod Identity association for kube-system/aws-node) and remove AmazonEKS_CNI_Policy from the node role.',
  messages: {
    nodeRole: 'aws-node has no IRSA role or Pod Identity association: it uses the node role',
  },
  references: [`${EKS_BPG}/identity-and-access-management.html`, 'https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html'],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.addon('vpc-cni')]: vpcCni({ serviceAccountRoleArn: `arn:aws:iam::${ACCOUNT}:role/vpc-cni` }), [PATHS.listPodIdentity]: { associations: [] } })],
    fail: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.addon('vpc-cni')]: vpcCni({}), [PATHS.listPodIdentity]: { associations: [] } })],
  }),
  evaluate(cluster, ctx) {
    if (cluster.autoMode) return notApplicable('EKS Auto Mode runs its own networking component');
    const view = awsView(ctx);
    const addon = view.addon(cluster, 'vpc-cni');
    if (addon?.serviceAccountRoleArn) return pass(`aws-node uses IRSA role ${addon.serviceAccountRoleArn}`);
    if (addon && addon.podIdentityAssociations.length > 0) return pass('aws-node uses an EKS Pod Identity association');
    const association = view.podIdentityOf(cluster).find((item) => item.namespace === 'kube-system' && item.serviceAccount === 'aws-node');
    if (association) return pass(`aws-node uses Pod Identity role ${association.roleArn ?? association.id}`);
    const serviceAccount = objectsOf('ServiceAccount', ctx).find((sa) => sa.namespace === 'kube-system' && sa.name === 'aws-node');
    const annotated = serviceAccount && stringMap(record(record(serviceAccount.raw)['metadata'])['annotations'])['eks.amazonaws.com/role-arn'];
    if (annotated) return pass(`the aws-node ServiceAccount is annotated with ${annotated}`);
    if (!addon && !serviceAccount) return skipped('vpc-cni is not an EKS add-on and the aws-node ServiceAccount was not read: scan the cluster to tell');
    return fail({ messageId: 'nodeRole', path: fieldPath('addon', 'serviceAccountRoleArn') });
  },
});
