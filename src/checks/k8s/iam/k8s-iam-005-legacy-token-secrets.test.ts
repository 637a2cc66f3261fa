import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { failures, inventoryFromMalformedYaml, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { legacyTokenSecrets } from './k8s-iam-005-legacy-token-secrets.js';

describe('K8S-IAM-005 legacy ServiceAccount token Secrets', () => {
  it('fails a token Secret, naming its ServiceAccount and never its data', () => {
    const findings = runCheck(
      legacyTokenSecrets,
      `apiVersion: v1
kind: Secret
metadata:
  name: ci-token
  namespace: ci
  annotations:
    kubernetes.io/service-account.name: deployer
type: kubernetes.io/service-account-token
data:
  token: ZXlKaGJHY2lPaUpTVXpJMU5pSXNJbXRwWkNJNkluUmxjM1FpZlEuc2VjcmV0
`,
    );
    const [finding] = failures(findings);
    expect(finding!.message).toBe('Secret ci/ci-token holds a token for ServiceAccount ci/deployer that never expires (type kubernetes.io/service-account-token)');
    expect(finding!.path).toBe('type');
    expect(finding!.location?.line).toBe(8);
    expect(JSON.stringify(findings)).not.toContain('ZXlK');
  });

  it('passes other Secret types and survives malformed metadata', () => {
    const findings = runCheck(
      legacyTokenSecrets,
      inventoryFromMalformedYaml(
        `apiVersion: v1
kind: Secret
metadata: { name: tls, namespace: web }
type: kubernetes.io/tls
---
apiVersion: v1
kind: Secret
metadata: { name: odd, annotations: "x" }
type: kubernetes.io/service-account-token
`,
      ),
    );
    expect(statuses(findings)).toEqual(['pass', 'fail']);
    expect(failures(findings)[0]!.message).toContain('a ServiceAccount it does not name');
  });
});

const tokenSecret = (metadata: string) => `apiVersion: v1\nkind: Secret\nmetadata: ${metadata}\ntype: kubernetes.io/service-account-token\n`;

testCheck(legacyTokenSecrets, {
  pass: [
    { input: 'apiVersion: v1\nkind: Secret\nmetadata: { name: tls, namespace: web }\ntype: kubernetes.io/tls\n' },
    // no type: the API server's default, Opaque
    { input: 'apiVersion: v1\nkind: Secret\nmetadata: { name: plain, namespace: web }\n' },
    // the type is matched exactly, as the token controller does
    { input: 'apiVersion: v1\nkind: Secret\nmetadata: { name: near, namespace: web }\ntype: Kubernetes.io/Service-Account-Token\n' },
  ],
  fail: [
    {
      input: tokenSecret('{ name: ci-token, namespace: ci, annotations: { kubernetes.io/service-account.name: deployer } }'),
      failures: [{ path: 'type', messageId: 'neverExpires', data: { secret: 'ci/ci-token', owner: 'ServiceAccount ci/deployer', type: 'kubernetes.io/service-account-token' }, severity: 'medium' }],
    },
    // no annotation, and a manifest without namespace
    { input: tokenSecret('{ name: orphan }'), failures: [{ path: 'type', messageId: 'neverExpires', data: { secret: 'orphan', owner: 'a ServiceAccount it does not name', type: 'kubernetes.io/service-account-token' } }] },
    { input: tokenSecret('{ name: odd, namespace: ci, annotations: { kubernetes.io/service-account.name: "" } }'), failures: [{ path: 'type', messageId: 'neverExpires', data: { secret: 'ci/odd', owner: 'a ServiceAccount it does not name', type: 'kubernetes.io/service-account-token' } }] },
  ],
});
