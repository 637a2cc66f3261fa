import { describe, expect, it } from 'vitest';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { readOnlyRootFilesystem } from './k8s-wl-004-read-only-root-filesystem.js';
import { testCheck } from '../../../../test/helpers/check-tester.js';

const pod = (spec: string) => `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: shop }
spec:
${spec}`;

describe('K8S-WL-004 read-only root filesystem', () => {
  it('distinguishes an explicit false from an unset field', () => {
    const [finding] = failures(
      runCheck(
        readOnlyRootFilesystem,
        pod(`  containers:
    - { name: a, image: x, securityContext: { readOnlyRootFilesystem: false } }
    - { name: b, image: x }
    - { name: c, image: x, securityContext: { readOnlyRootFilesystem: "true" } }
    - { name: d, image: x, securityContext: { readOnlyRootFilesystem: true } }
`),
      ),
    );
    expect(finding?.path).toBe('spec.containers[0].securityContext.readOnlyRootFilesystem');
    expect(finding?.message).toBe(
      'container "a" sets readOnlyRootFilesystem: false; container "b" does not set readOnlyRootFilesystem: true; container "c" does not set readOnlyRootFilesystem: true',
    );
  });

  it('judges ephemeral containers too', () => {
    const findings = runCheck(
      readOnlyRootFilesystem,
      pod('  containers: [{ name: a, image: x, securityContext: { readOnlyRootFilesystem: true } }]\n  ephemeralContainers: [{ name: dbg, image: x }]\n'),
    );
    expect(failures(findings)[0]?.message).toContain('ephemeral container "dbg"');
  });

  it('does not apply to Windows pods', () => {
    expect(statuses(runCheck(readOnlyRootFilesystem, pod('  os: { name: windows }\n  containers: [{ name: a, image: x }]\n')))).toEqual(['not-applicable']);
  });

  it('is suppressed by an ignore annotation on the pod template (what charts expose as podAnnotations), never by an empty one', () => {
    const deployment = (annotations: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata:
      labels: { app: web }
      annotations: { ${annotations} }
    spec:
      containers: [{ name: web, image: nginx:1.27 }]
`;
    const [suppressed] = runCheck(readOnlyRootFilesystem, deployment('eksguard.io/ignore.K8S-WL-004: "nginx writes its cache to /var/cache"'));
    expect(suppressed?.status).toBe('suppressed');
    expect(suppressed?.suppression).toEqual({ reason: 'nginx writes its cache to /var/cache', source: 'annotation' });
    expect(statuses(runCheck(readOnlyRootFilesystem, deployment('eksguard.io/ignore.K8S-WL-004: ""')))).toEqual(['fail']);
    // the object's own annotation wins over the template's
    const both = deployment('eksguard.io/ignore.K8S-WL-004: template').replace('metadata: { name: web, namespace: shop }', 'metadata: { name: web, namespace: shop, annotations: { eksguard.io/ignore.K8S-WL-004: object } }');
    expect(runCheck(readOnlyRootFilesystem, both)[0]?.suppression?.reason).toBe('object');
  });
});

testCheck(readOnlyRootFilesystem, {
  pass: [{ input: `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - { name: web, image: 'nginx:1.27', securityContext: { readOnlyRootFilesystem: true } }\n` }],
  fail: [
    { input: `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - { name: web, image: 'nginx:1.27', securityContext: { readOnlyRootFilesystem: false } }\n`, failures: [{ path: 'spec.containers[0].securityContext.readOnlyRootFilesystem', messageId: 'writable', data: { container: 'container "web"' } }] },
    { input: `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - { name: web, image: 'nginx:1.27' }\n`, failures: [{ path: 'spec.containers[0].securityContext.readOnlyRootFilesystem', messageId: 'notSet', data: { container: 'container "web"' } }] },
  ],
});
