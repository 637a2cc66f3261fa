import { defineCheck, fail, pass } from '../../../core/check.js';
import type { FieldPath } from '../../../core/field-path.js';
import { awsAuthConfigMaps, type AwsAuthConfigMap } from '../../../k8s/aws-auth/index.js';
import { AWS_AUTH_NEEDS, AWS_AUTH_PASS_EXAMPLE, AWS_AUTH_REFERENCES } from './aws-auth-common.js';

/**
 * K8S-IAM-004: fails for each aws-auth entry EKS would read differently or not at all (YAML 1.1
 * decoding, unknown keys, bad ARNs).
 */
export const awsAuthParse = defineCheck<AwsAuthConfigMap>({
  id: 'K8S-IAM-004',
  title: 'aws-auth must be readable the way EKS reads it',
  area: 'iam',
  severity: 'high',
  target: awsAuthConfigMaps,
  needs: AWS_AUTH_NEEDS,
  scope: 'namespace',
  admission: { judges: 'the `aws-auth` ConfigMap' },
  rationale:
    'EKS reads mapRoles, mapUsers and mapAccounts as YAML inside strings. When one does not parse, EKS logs the error and drops that key: nodes whose role mapping is lost stop joining the cluster and administrators lose access, at the moment of the edit. Values of the wrong type, and entries without an ARN, are dropped one by one and silently.',
  remediation:
    'Fix the YAML at the reported line (indentation of the list items under `mapRoles: |` is the usual cause), keep `groups` a list of strings, and edit aws-auth with `eksctl create iamidentitymapping` or an access entry instead of by hand.',
  messages: {
    unreadable: '{{problem}}',
  },
  references: [...AWS_AUTH_REFERENCES, 'https://github.com/kubernetes-sigs/aws-iam-authenticator#full-configuration-format'],
  standards: [],
  examples: {
    pass: [AWS_AUTH_PASS_EXAMPLE],
    fail: [
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/eks-node-role
      username: system:node:{{EC2PrivateDNSName}}
     groups:
        - system:nodes
`,
    ],
  },
  evaluate({ auth }) {
    if (auth.problems.length === 0) return pass('EKS reads every entry of aws-auth');
    return auth.problems.map((problem) => fail({ messageId: 'unreadable', data: { problem: problem.message }, path: problem.path as FieldPath })); // rendered by src/k8s/aws-auth
  },
});
