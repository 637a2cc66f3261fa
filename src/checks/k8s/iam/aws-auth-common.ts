import type { AwsAuthMapping } from '../../../k8s/aws-auth/index.js';

export const AWS_AUTH_NEEDS = ['kube:ConfigMap'] as const;

export const AWS_AUTH_REFERENCES = [
  'https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html',
  'https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html',
  'https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html',
] as const;

/** `IAM role arn:… (username developer)` */
export function describeMapping(mapping: AwsAuthMapping): string {
  const principal = mapping.key === 'mapRoles' ? 'IAM role' : 'IAM user';
  const arn = mapping.arn || (mapping.hasSso ? '(SSO permission set)' : '(no ARN)');
  return `${principal} ${arn}${mapping.username ? ` (username ${mapping.username})` : ''}`;
}

/** Node roles as the EKS node bootstrap writes them: the system:nodes group, or the per-instance node user name. */
export function isNodeRoleMapping(mapping: AwsAuthMapping): boolean {
  return mapping.groups.includes('system:nodes') || mapping.username === 'system:node:{{EC2PrivateDNSName}}';
}

export const AWS_AUTH_PASS_EXAMPLE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/eks-node-role
      username: system:node:{{EC2PrivateDNSName}}
      groups:
        - system:bootstrappers
        - system:nodes
    - rolearn: arn:aws:iam::111122223333:role/platform-readers
      username: platform-reader
      groups:
        - platform-readers
`;
