import { defineCheck, fail, pass } from '../../../core/check.js';
import type { FieldPath } from '../../../core/field-path.js';
import { awsAuthConfigMaps, type AwsAuthConfigMap } from '../../../k8s/aws-auth/index.js';
import { AWS_AUTH_NEEDS, AWS_AUTH_PASS_EXAMPLE, AWS_AUTH_REFERENCES, describeMapping } from './aws-auth-common.js';

/**
 * K8S-IAM-002: fails for each aws-auth mapUsers entry (IAM users have long-lived keys; map roles).
 */
export const awsAuthUsers = defineCheck<AwsAuthConfigMap>({
  id: 'K8S-IAM-002',
  title: 'aws-auth should map IAM roles, not IAM users',
  area: 'iam',
  severity: 'medium',
  target: awsAuthConfigMaps,
  needs: AWS_AUTH_NEEDS,
  scope: 'namespace',
  admission: { judges: 'the `aws-auth` ConfigMap' },
  rationale:
    'An IAM user signs in with long-lived access keys that leak through laptops, CI variables and shell history, and each person needs their own mapping to maintain and to remove when they leave. A role is assumed for short sessions, through SSO, by a group of people with the same access.',
  remediation:
    'Create an IAM role for the access level (assumed through IAM Identity Center or by the users\' groups), map the role (or give it an access entry), and remove the mapUsers entries.',
  messages: {
    user: 'aws-auth maps {{mapping}}: an IAM user authenticates with long-lived access keys; map a role instead',
  },
  references: [...AWS_AUTH_REFERENCES],
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
  mapUsers: |
    - userarn: arn:aws:iam::111122223333:user/alice
      username: alice
      groups:
        - developers
`,
    ],
  },
  evaluate({ auth }) {
    const users = auth.mapUsers.filter((mapping) => mapping.arn);
    if (users.length === 0) return pass('no IAM users are mapped');
    return users.map((mapping) => fail({ messageId: 'user', data: { mapping: describeMapping(mapping) }, path: mapping.path as FieldPath })); // rendered by src/k8s/aws-auth
  },
});
