import { defineCheck, fail, pass } from '../../../core/check.js';
import { fieldPath } from '../../../core/field-path.js';
import type { KubeObject } from '../../../core/inventory.js';
import { record, str, stringMap } from '../../../k8s/fields.js';
import { objectsOfKind } from '../../../k8s/targets.js';

const TOKEN_TYPE = 'kubernetes.io/service-account-token';

/**
 * K8S-IAM-005: fails for a Secret of type kubernetes.io/service-account-token: a token that never
 * expires.
 */
export const legacyTokenSecrets = defineCheck<KubeObject>({
  id: 'K8S-IAM-005',
  title: 'ServiceAccount tokens should not be kept in long-lived Secrets',
  area: 'iam',
  severity: 'medium',
  target: objectsOfKind('Secret'),
  needs: ['kube:Secret'],
  admission: { judges: 'the type of the Secret' },
  scope: 'object',
  rationale:
    'A Secret of type kubernetes.io/service-account-token holds a token that never expires and is not bound to a pod: copied once (from a backup, a log, a `kubectl get secret -o yaml`), it works until the Secret is deleted. Projected tokens from the TokenRequest API expire within hours and die with their pod.',
  remediation:
    'Delete the Secret and let pods use their projected token; where a token is needed outside the cluster, request a short-lived one with `kubectl create token`, or use IRSA or EKS Pod Identity for AWS access.',
  messages: {
    neverExpires: 'Secret {{secret}} holds a token for {{owner}} that never expires (type {{type}})',
  },
  references: [
    'https://kubernetes.io/docs/concepts/security/service-accounts/#get-a-token',
    'https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#auto-generated-legacy-serviceaccount-token-clean-up',
  ],
  standards: [],
  examples: {
    pass: [
      `apiVersion: v1
kind: Secret
metadata:
  name: registry-login
  namespace: shop
type: kubernetes.io/dockerconfigjson
`,
    ],
    fail: [
      `apiVersion: v1
kind: Secret
metadata:
  name: ci-token
  namespace: ci
  annotations:
    kubernetes.io/service-account.name: deployer
type: kubernetes.io/service-account-token
`,
    ],
  },
  evaluate(secret) {
    if (str(secret.raw['type']) !== TOKEN_TYPE) return pass('not a ServiceAccount token Secret');
    const annotations = stringMap(record(secret.raw['metadata'])['annotations']);
    const account = annotations['kubernetes.io/service-account.name'];
    const owner = account ? `ServiceAccount ${secret.namespace ?? '?'}/${account}` : 'a ServiceAccount it does not name';
    return fail({ messageId: 'neverExpires', data: { secret: `${secret.namespace ? `${secret.namespace}/` : ''}${secret.name}`, owner, type: TOKEN_TYPE }, path: fieldPath('type') });
  },
});
