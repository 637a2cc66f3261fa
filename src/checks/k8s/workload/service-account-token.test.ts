import { describe, expect, it } from 'vitest';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { serviceAccountToken } from './service-account-token.js';

const account = (name: string, automount: string, namespace = 'shop') => `apiVersion: v1
kind: ServiceAccount
metadata: { name: ${name}, namespace: ${namespace} }
${automount ? `automountServiceAccountToken: ${automount}\n` : ''}---
`;
const pod = (spec: string, namespace = 'shop') => `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: ${namespace} }
spec:
  containers: [{ name: c, image: x }]
${spec}`;

describe('K8S-WL-007 service-account token', () => {
  it('lets the pod setting win over the ServiceAccount', () => {
    expect(statuses(runCheck(serviceAccountToken, account('default', 'true') + pod('  automountServiceAccountToken: false\n')))).toEqual(['pass']);
    const [finding] = failures(runCheck(serviceAccountToken, account('default', 'false') + pod('  automountServiceAccountToken: true\n')));
    expect(finding?.path).toBe('spec.automountServiceAccountToken');
  });

  it('reads the named ServiceAccount, the deprecated field, or default, in the pod namespace', () => {
    expect(statuses(runCheck(serviceAccountToken, account('app', 'false') + pod('  serviceAccountName: app\n')))).toEqual(['pass']);
    expect(statuses(runCheck(serviceAccountToken, account('app', 'false') + pod('  serviceAccount: app\n')))).toEqual(['pass']);
    expect(statuses(runCheck(serviceAccountToken, account('default', 'false') + pod('')))).toEqual(['pass']);
    expect(statuses(runCheck(serviceAccountToken, account('default', 'false', 'other') + pod('')))).toEqual(['fail']);
    expect(failures(runCheck(serviceAccountToken, account('app', '') + pod('  serviceAccountName: app\n')))[0]?.message).toContain(
      'ServiceAccount "app" does not set automountServiceAccountToken: false',
    );
  });

  it('says when the ServiceAccount is not in the input', () => {
    const [finding] = failures(runCheck(serviceAccountToken, pod('  serviceAccountName: ghost\n')));
    expect(finding?.message).toContain('ServiceAccount "ghost" (not in the input for namespace shop)');
    expect(finding?.path).toBe('spec.serviceAccountName');
    // relying on the default account points at the pod spec
    expect(failures(runCheck(serviceAccountToken, pod('')))[0]?.path).toBe('spec');
  });

  it('treats a quoted "false" as not set, as the API server would reject it', () => {
    expect(statuses(runCheck(serviceAccountToken, pod('  automountServiceAccountToken: "false"\n')))).toEqual(['fail']);
  });
});
