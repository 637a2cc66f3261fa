import { describe, expect, it } from 'vitest';
import { allChecks } from '../../index.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { imageDigest } from './image-digest.js';

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
