import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { defaultNamespace } from './k8s-wl-011-default-namespace.js';

const pod = (metadata: string) => `apiVersion: v1
kind: Pod
metadata: ${metadata}
spec:
  containers: [{ name: c, image: x }]
`;

describe('K8S-WL-011 default namespace', () => {
  it('fails an explicit default namespace and points at it', () => {
    const [finding] = failures(runCheck(defaultNamespace, pod('{ name: p, namespace: default }')));
    expect(finding?.path).toBe('metadata.namespace');
  });

  it('does not guess the namespace of manifests without one', () => {
    expect(statuses(runCheck(defaultNamespace, pod('{ name: p }')))).toEqual(['not-applicable']);
  });

  it('passes other namespaces, including look-alikes', () => {
    expect(statuses(runCheck(defaultNamespace, pod('{ name: p, namespace: shop }')))).toEqual(['pass']);
    expect(statuses(runCheck(defaultNamespace, pod('{ name: p, namespace: default-apps }')))).toEqual(['pass']);
  });
});

testCheck(defaultNamespace, {
  pass: [
    { input: pod('{ name: p, namespace: shop }') },
    { input: pod('{ name: p, namespace: default-apps }') },
  ],
  fail: [
    { input: pod('{ name: p, namespace: default }'), failures: [{ path: 'metadata.namespace', messageId: 'defaultNamespace', severity: 'low' }] },
    // the path is the object's own, not below the pod template
    {
      input: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: { name: nightly, namespace: default }\nspec:\n  schedule: "@daily"\n  jobTemplate: { spec: { template: { spec: { containers: [{ name: c, image: x }], restartPolicy: Never } } } }\n',
      failures: [{ path: 'metadata.namespace', messageId: 'defaultNamespace' }],
    },
  ],
});
