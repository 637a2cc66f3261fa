import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { createInventory } from '../../../core/inventory.js';
import { MANIFEST_LIMITS, parseManifestText } from '../../../sources/manifests/index.js';
import { serviceAccountToken } from './k8s-wl-007-service-account-token.js';

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
  });

  it('passes a controller that opts in explicitly, as the remediation asks of pods that need the API', () => {
    // on the pod, over an account that says false
    const [onPod] = runCheck(serviceAccountToken, account('operator', 'false') + pod('  serviceAccountName: operator\n  automountServiceAccountToken: true\n'));
    expect(onPod?.status).toBe('pass');
    expect(onPod?.message).toContain('opts in explicitly');
    // on its own ServiceAccount (what charts template from serviceAccount.automountServiceAccountToken)
    expect(statuses(runCheck(serviceAccountToken, account('operator', 'true') + pod('  serviceAccountName: operator\n')))).toEqual(['pass']);
    // the namespace's default account serves every pod that names none: its true is no decision about this pod
    expect(statuses(runCheck(serviceAccountToken, account('default', 'true') + pod('')))).toEqual(['fail']);
  });

  it('reads the named ServiceAccount, the deprecated field, or default, in the pod namespace', () => {
    expect(statuses(runCheck(serviceAccountToken, account('app', 'false') + pod('  serviceAccountName: app\n')))).toEqual(['pass']);
    expect(statuses(runCheck(serviceAccountToken, account('app', 'false') + pod('  serviceAccount: app\n')))).toEqual(['pass']);
    expect(statuses(runCheck(serviceAccountToken, account('default', 'false') + pod('')))).toEqual(['pass']);
    expect(statuses(runCheck(serviceAccountToken, account('default', 'false', 'other') + pod('')))).toEqual(['fail']);
    expect(failures(runCheck(serviceAccountToken, account('app', '') + pod('  serviceAccountName: app\n')))[0]?.message).toContain(
      'neither ServiceAccount "app" nor the pod sets automountServiceAccountToken',
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

describe('K8S-WL-007 across sources', () => {
  const parse = (text: string, file: string) => parseManifestText({ text, file, limits: MANIFEST_LIMITS, apiChecks: false }).objects;
  const bare = (text: string) => text.replace(', namespace: shop', '');

  it('reads the ServiceAccount of the pod\'s own file when neither sets a namespace, never another file\'s', () => {
    const same = parse(bare(account('app', 'false')) + bare(pod('  serviceAccountName: app\n')), 'app/all.yaml');
    expect(statuses(runCheck(serviceAccountToken, createInventory({ kube: same })))).toEqual(['pass']);
    const split = [...parse(bare(account('app', 'false')), 'a/sa.yaml'), ...parse(bare(pod('  serviceAccountName: app\n')), 'b/pod.yaml')];
    const [finding] = runCheck(serviceAccountToken, createInventory({ kube: split }));
    expect(finding?.status).toBe('fail');
    expect(finding?.message).toContain('not in the input for namespace (no namespace set: b/pod.yaml)');
  });
});

const deployment = (spec: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: c, image: x }]
${spec}`;

testCheck(serviceAccountToken, {
  pass: [
    { input: pod('  automountServiceAccountToken: false\n') },
    { input: account('default', 'true') + pod('  automountServiceAccountToken: false\n') },
    { input: account('operator', 'false') + pod('  serviceAccountName: operator\n  automountServiceAccountToken: true\n') },
    { input: account('operator', 'true') + pod('  serviceAccountName: operator\n') },
    { input: account('app', 'false') + pod('  serviceAccount: app\n') },
    { input: account('default', 'false') + pod('') },
  ],
  fail: [
    { input: pod(''), failures: [{ path: 'spec', messageId: 'accountNotInInput', severity: 'low', data: { account: '"default"', namespace: 'shop' } }] },
    { input: pod('  serviceAccountName: ghost\n'), failures: [{ path: 'spec.serviceAccountName', messageId: 'accountNotInInput', data: { account: '"ghost"', namespace: 'shop' } }] },
    // the account of another namespace does not count
    { input: account('default', 'false', 'other') + pod(''), failures: [{ path: 'spec', messageId: 'accountNotInInput', data: { account: '"default"', namespace: 'shop' } }] },
    { input: account('app', '') + pod('  serviceAccount: app\n'), failures: [{ path: 'spec.serviceAccount', messageId: 'mountedByDefault', data: { account: '"app"' } }] },
    // opting the namespace's default account in is no decision about this pod
    { input: account('default', 'true') + pod(''), failures: [{ path: 'spec', messageId: 'mountedByDefault', data: { account: '"default"' } }] },
    // a quoted "false" is not false (the API server rejects it)
    { input: account('app', '"false"') + pod('  serviceAccountName: app\n  automountServiceAccountToken: "false"\n'), failures: [{ path: 'spec.serviceAccountName', messageId: 'mountedByDefault', data: { account: '"app"' } }] },
    // a name with a quote is shown escaped
    { input: pod('  serviceAccountName: \'a"b\'\n'), failures: [{ path: 'spec.serviceAccountName', messageId: 'accountNotInInput', data: { account: '"a\\"b"', namespace: 'shop' } }] },
    { input: account('web', '') + deployment('      serviceAccountName: web\n'), failures: [{ path: 'spec.template.spec.serviceAccountName', messageId: 'mountedByDefault', data: { account: '"web"' } }] },
  ],
});
