import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { namespacePodSecurity } from './k8s-wl-010-namespace-pod-security.js';

const namespace = (name: string, labels: string) => `apiVersion: v1
kind: Namespace
metadata: { name: ${name}, labels: { ${labels} } }
---
`;

function verdicts(yaml: string): Record<string, string> {
  return Object.fromEntries(runCheck(namespacePodSecurity, yaml).map((f) => [(f.resource as { name: string }).name, f.status]));
}

describe('K8S-WL-010 Pod Security Admission labels', () => {
  it('judges each namespace by its enforce label', () => {
    expect(
      verdicts(
        namespace('a', 'pod-security.kubernetes.io/enforce: restricted') +
          namespace('b', 'pod-security.kubernetes.io/enforce: baseline') +
          namespace('c', 'pod-security.kubernetes.io/enforce: privileged') +
          namespace('d', 'pod-security.kubernetes.io/warn: restricted') +
          namespace('e', 'pod-security.kubernetes.io/enforce: Restricted'),
      ),
    ).toEqual({ a: 'pass', b: 'pass', c: 'fail', d: 'fail', e: 'pass' });
  });

  it('notes that an unreadable level makes PSA enforce restricted', () => {
    const [finding] = runCheck(namespacePodSecurity, namespace('e', 'pod-security.kubernetes.io/enforce: strict'));
    expect(finding?.message).toContain('enforces restricted');
  });

  it('excepts the system namespaces by explicit list', () => {
    expect(verdicts(namespace('kube-system', 'x: z') + namespace('kube-public', 'x: z') + namespace('kube-node-lease', 'x: z') + namespace('kube-systemd', 'x: z'))).toEqual({
      'kube-system': 'not-applicable',
      'kube-public': 'not-applicable',
      'kube-node-lease': 'not-applicable',
      'kube-systemd': 'fail',
    });
  });

  it('skips namespaces only implied by objects, saying the Namespace object is not in the input (charts ship none)', () => {
    const findings = runCheck(namespacePodSecurity, 'apiVersion: v1\nkind: Secret\nmetadata: { name: s, namespace: orders }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n');
    expect(failures(findings)).toEqual([]);
    const orders = findings.find((f) => (f.resource as { name: string }).name === 'orders');
    expect(orders?.status).toBe('skipped');
    expect(orders?.message).toContain('its Namespace object is not in the input');
    expect(orders?.location).toEqual({ file: 'test.yaml', line: 1 });
    expect(findings.find((f) => (f.resource as { name: string }).name === '(no namespace set: test.yaml)')?.status).toBe('not-applicable');
  });

  it('still fails a Namespace object in the input without the label, wherever its objects come from', () => {
    const findings = runCheck(namespacePodSecurity, namespace('orders', 'team: a') + '---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: orders }\n');
    expect(statuses(findings)).toEqual(['fail']);
  });

  it('points at the labels of the Namespace object', () => {
    const [finding] = failures(runCheck(namespacePodSecurity, namespace('shop', 'team: storefront')));
    expect(finding?.path).toBe('metadata.labels');
    expect(finding?.location?.line).toBe(3);
  });
});

const LABEL = 'pod-security.kubernetes.io/enforce';

testCheck(namespacePodSecurity, {
  pass: [
    { input: namespace('a', `${LABEL}: restricted`) },
    { input: namespace('b', `${LABEL}: baseline`) },
    // a level PSA cannot read makes it enforce restricted
    { input: namespace('e', `${LABEL}: Restricted`) },
    { input: namespace('f', `${LABEL}: strict`) },
  ],
  fail: [
    { input: namespace('shop', 'team: storefront'), failures: [{ path: 'metadata.labels', messageId: 'noLabel', severity: 'medium', data: { namespace: 'shop', label: LABEL } }] },
    { input: namespace('c', `${LABEL}: privileged`), failures: [{ path: 'metadata.labels', messageId: 'privileged', data: { namespace: 'c' } }] },
    // warn and audit do not enforce; a look-alike of a system namespace is not one
    { input: namespace('d', `pod-security.kubernetes.io/warn: restricted, pod-security.kubernetes.io/audit: restricted`), failures: [{ path: 'metadata.labels', messageId: 'noLabel', data: { namespace: 'd', label: LABEL } }] },
    { input: namespace('kube-systemd', 'x: z') + namespace('kube-system', 'x: z'), failures: [{ path: 'metadata.labels', messageId: 'noLabel', data: { namespace: 'kube-systemd', label: LABEL } }] },
    // no labels at all
    { input: 'apiVersion: v1\nkind: Namespace\nmetadata: { name: bare }\n', failures: [{ path: 'metadata.labels', messageId: 'noLabel', data: { namespace: 'bare', label: LABEL } }] },
  ],
});
