import { describe, expect, it } from 'vitest';
import { allChecks } from '../../index.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { imageDigest } from './k8s-wl-002-image-digest.js';
import { testCheck } from '../../../../test/helpers/check-tester.js';

const pod = (image: string) => `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: shop }
spec:
  containers: [{ name: web, image: "${image}" }]
`;

describe('K8S-WL-002 image digest', () => {
  it('is off by default and registered', () => {
    expect(imageDigest.enabledByDefault).toBe(false);
    expect(allChecks.map((check) => check.id)).toContain(imageDigest.id);
  });

  it('fails tags without digest and malformed digests', () => {
    expect(failures(runCheck(imageDigest, pod('nginx:1.27')))[0]?.message).toContain('is not pinned by digest');
    expect(failures(runCheck(imageDigest, pod('nginx@sha256:abc')))[0]?.message).toContain('malformed digest');
  });

  it('passes digests with or without a tag', () => {
    expect(statuses(runCheck(imageDigest, pod(`nginx@sha256:${'f'.repeat(64)}`)))).toEqual(['pass']);
    expect(statuses(runCheck(imageDigest, pod(`nginx:1.27@sha256:${'f'.repeat(64)}`)))).toEqual(['pass']);
  });
});

testCheck(imageDigest, {
  pass: [{ input: `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - { name: web, image: 'nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef' }\n` }],
  fail: [
    { input: `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - { name: web, image: 'nginx:1.27' }\n`, failures: [{ path: 'spec.containers[0].image', messageId: 'unpinned', data: { container: 'container "web"', image: '"nginx:1.27"' } }] },
    { input: `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - { name: web, image: 'nginx@sha256:abc' }\n`, failures: [{ path: 'spec.containers[0].image', messageId: 'malformedDigest', data: { container: 'container "web"', image: '"nginx@sha256:abc"' } }] },
  ],
});
