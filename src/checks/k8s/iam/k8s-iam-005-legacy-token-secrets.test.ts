import { describe, expect, it } from 'vitest';
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
