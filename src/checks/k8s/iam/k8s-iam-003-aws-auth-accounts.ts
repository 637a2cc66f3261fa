import { defineCheck, fail, pass } from '../../../core/check.js';
import type { FieldPath } from '../../../core/field-path.js';
import { awsAuthConfigMaps, type AwsAuthConfigMap } from '../../../k8s/aws-auth/index.js';
import { AWS_AUTH_NEEDS, AWS_AUTH_PASS_EXAMPLE, AWS_AUTH_REFERENCES } from './aws-auth-common.js';

/**
 * K8S-IAM-003: fails when aws-auth mapAccounts admits every principal of an AWS account.
 */
export const awsAuthAccounts = defineCheck<AwsAuthConfigMap>({
  id: 'K8S-IAM-003',
  title: 'aws-auth must not map whole AWS accounts (mapAccounts)',
  area: 'iam',
  severity: 'high',
  target: awsAuthConfigMaps,
  needs: AWS_AUTH_NEEDS,
  scope: 'namespace',
  admission: { judges: 'the `aws-auth` ConfigMap' },
  rationale:
    'mapAccounts lets every IAM user and role of the account authenticate, with its ARN as user name: the cluster then trusts every principal anyone creates in that account later, and RBAC bindings to ARNs (or to system:authenticated) become grants to all of them.',
  remediation: 'Remove mapAccounts and map (or give access entries to) the specific roles that need the cluster.',
  messages: {
    account: 'aws-auth maps every IAM principal of AWS account {{account}}: each authenticates with its ARN as user name',
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
  mapAccounts: |
    - "444455556666"
`,
    ],
  },
  evaluate({ auth }) {
    if (auth.mapAccounts.length === 0) return pass('no AWS accounts are mapped');
    return auth.mapAccounts.map((account) =>
      fail({ messageId: 'account', data: { account: account.id }, path: account.path as FieldPath }), // rendered by src/k8s/aws-auth
    );
  },
});
