import { describe, expect, it } from 'vitest';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { resources } from './k8s-wl-003-resources.js';
import { testCheck } from '../../../../test/helpers/check-tester.js';

const pod = (spec: string, namespace = 'shop') => `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: ${namespace} }
spec:
${spec}`;

describe('K8S-WL-003 resources', () => {
  it('names what each container misses', () => {
    const [finding] = failures(
      runCheck(
        resources,
        pod(`  initContainers: [{ name: init, image: x }]
  containers:
    - { name: a, image: x, resources: { limits: { memory: 1Gi } } }
    - { name: b, image: x, resources: { requests: { cpu: 1 } } }
`),
      ),
    );
    expect(finding?.path).toBe('spec.initContainers[0].resources');
    expect(finding?.message).toBe(
      'init container "init" has no memory limit and no CPU request; container "a" has no CPU request; container "b" has no memory limit',
    );
  });

  it('counts a CPU limit as the request, since Kubernetes copies it', () => {
    expect(statuses(runCheck(resources, pod('  containers: [{ name: a, image: x, resources: { limits: { cpu: 500m, memory: 1Gi } } }]\n')))).toEqual(['pass']);
  });

  it('counts pod-level resources', () => {
    expect(
      statuses(runCheck(resources, pod('  resources: { limits: { memory: 1Gi }, requests: { cpu: 1 } }\n  containers: [{ name: a, image: x }]\n'))),
    ).toEqual(['pass']);
  });

  it('counts LimitRange defaults of type Container in the same namespace only', () => {
    const limitRange = (namespace: string, item: string) => `apiVersion: v1
kind: LimitRange
metadata: { name: lr, namespace: ${namespace} }
spec:
  limits: [${item}]
---
`;
    const bare = pod('  containers: [{ name: a, image: x }]\n');
    expect(statuses(runCheck(resources, limitRange('shop', '{ type: Container, default: { memory: 1Gi }, defaultRequest: { cpu: 100m } }') + bare))).toEqual(['pass']);
    // defaultRequest falls back to default, default to max
    expect(statuses(runCheck(resources, limitRange('shop', '{ type: Container, max: { memory: 1Gi, cpu: 1 } }') + bare))).toEqual(['pass']);
    expect(statuses(runCheck(resources, limitRange('shop', '{ type: Container, min: { cpu: 10m } }') + bare))).toEqual(['fail']);
    expect(statuses(runCheck(resources, limitRange('shop', '{ type: Pod, max: { memory: 1Gi, cpu: 1 } }') + bare))).toEqual(['fail']);
    expect(statuses(runCheck(resources, limitRange('other', '{ type: Container, default: { memory: 1Gi, cpu: 1 } }') + bare))).toEqual(['fail']);
  });

  it('ignores ephemeral containers, which cannot carry resources', () => {
    expect(
      statuses(
        runCheck(resources, pod('  containers: [{ name: a, image: x, resources: { limits: { memory: 1Gi }, requests: { cpu: 1 } } }]\n  ephemeralContainers: [{ name: d, image: x }]\n')),
      ),
    ).toEqual(['pass']);
  });

  it('treats empty or malformed quantities as missing without throwing', () => {
    const findings = runCheck(resources, pod('  containers: [{ name: a, image: x, resources: { limits: { memory: "" }, requests: [1] } }]\n'));
    expect(failures(findings)[0]?.message).toBe('container "a" has no memory limit and no CPU request');
  });
});

testCheck(resources, {
  pass: [{ input: `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - { name: web, image: 'nginx:1.27', resources: { requests: { cpu: 100m }, limits: { memory: 128Mi } } }\n` }],
  fail: [
    { input: `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - { name: web, image: 'nginx:1.27' }\n`, failures: [{ path: 'spec.containers[0].resources', messageId: 'neither', data: { container: 'container "web"' } }] },
    { input: `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - { name: web, image: 'nginx:1.27', resources: { limits: { memory: 128Mi } } }\n`, failures: [{ path: 'spec.containers[0].resources', messageId: 'noCpuRequest', data: { container: 'container "web"' } }] },
  ],
});
