import { defineCheck, fail, pass, type Verdict } from '../../../core/check.js';
import type { FieldPath } from '../../../core/field-path.js';
import { awsAuthConfigMaps, type AwsAuthConfigMap } from '../../../k8s/aws-auth/index.js';
import { AWS_AUTH_NEEDS, AWS_AUTH_PASS_EXAMPLE, AWS_AUTH_REFERENCES, describeMapping, isNodeRoleMapping } from './aws-auth-common.js';

/**
 * K8S-IAM-001: fails for each aws-auth mapRoles or mapUsers entry that maps an IAM principal to
 * system:masters.
 */
export const awsAuthMasters = defineCheck<AwsAuthConfigMap>({
  id: 'K8S-IAM-001',
  title: 'aws-auth must not map an IAM principal to system:masters',
  area: 'iam',
  severity: 'critical',
  target: awsAuthConfigMaps,
  needs: AWS_AUTH_NEEDS,
  scope: 'namespace',
  admission: { judges: 'the `aws-auth` ConfigMap' },
  rationale:
    'system:masters is hard-wired to full access in the API server: no RBAC binding grants it, so no RBAC review shows it and no RBAC change can take it away. Everyone who can assume the mapped IAM role, or holds the IAM user\'s keys, is cluster admin. A node role in system:masters makes every node, and every pod that reaches the instance metadata service, cluster admin.',
  remediation:
    'Map the principal to a Kubernetes group bound to a scoped role instead, or move it to an EKS access entry with an access policy scoped to the namespaces it needs. Keep cluster-admin for one break-glass role, granted through an access entry.',
  messages: {
    masters: 'aws-auth maps {{mapping}} to system:masters: {{consequence}}',
  },
  references: [...AWS_AUTH_REFERENCES, 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege'],
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
    - rolearn: arn:aws:iam::111122223333:role/developers
      username: developer
      groups:
        - system:masters
`,
    ],
  },
  evaluate({ auth }) {
    const verdicts: Verdict[] = [];
    for (const mapping of [...auth.mapRoles, ...auth.mapUsers]) {
      const index = mapping.groups.indexOf('system:masters');
      // an entry without an ARN matches no principal (K8S-IAM-004 reports it)
      if (index < 0 || (!mapping.arn && !mapping.hasSso)) continue;
      const consequence = isNodeRoleMapping(mapping)
        ? 'a node role in system:masters makes every node, and every pod that reaches its instance metadata, cluster admin'
        : 'whoever holds it is cluster admin, and no RBAC binding shows it';
      verdicts.push(fail({ messageId: 'masters', data: { mapping: describeMapping(mapping), consequence }, path: mapping.groupPaths[index]! as FieldPath })); // rendered by src/k8s/aws-auth
    }
    return verdicts.length > 0 ? verdicts : pass('no IAM principal is mapped to system:masters');
  },
});
