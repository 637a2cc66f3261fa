import { describe, expect, it } from 'vitest';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { imageLatestTag } from './k8s-wl-001-image-latest-tag.js';
import { testCheck } from '../../../../test/helpers/check-tester.js';

const pod = (containers: string) => `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: shop }
spec:
${containers}`;

describe('K8S-WL-001 image tag', () => {
  it('fails untagged and latest images in every container list, pointing at the first', () => {
    const findings = runCheck(
      imageLatestTag,
      pod(`  initContainers: [{ name: init, image: busybox }]
  containers: [{ name: web, image: "nginx:1.27" }, { name: side, image: "registry.local:5000/side:latest" }]
  ephemeralContainers: [{ name: debug, image: "debug:latest" }]
`),
    );
    const [finding] = failures(findings);
    expect(finding?.path).toBe('spec.initContainers[0].image');
    expect(finding?.message).toContain('init container "init" uses image "busybox" without a tag');
    expect(finding?.message).toContain('container "side" uses image "registry.local:5000/side:latest" with the mutable tag latest');
    expect(finding?.message).toContain('ephemeral container "debug"');
    expect(finding?.message).not.toContain('"web"');
  });

  it('passes tags, digests, and latest pinned by digest; ignores a registry port', () => {
    const findings = runCheck(
      imageLatestTag,
      pod(`  containers:
    - { name: a, image: "registry.local:5000/app:2.1" }
    - { name: b, image: "app@sha256:${'0'.repeat(64)}" }
    - { name: c, image: "app:latest@sha256:${'0'.repeat(64)}" }
`),
    );
    expect(statuses(findings)).toEqual(['pass']);
  });

  it('reports paths through the workload template of a CronJob', () => {
    const findings = runCheck(
      imageLatestTag,
      `apiVersion: batch/v1
kind: CronJob
metadata: { name: c, namespace: shop }
spec:
  schedule: "* * * * *"
  jobTemplate: { spec: { template: { spec: { containers: [{ name: r, image: "python" }] } } } }
`,
    );
    expect(failures(findings)[0]?.path).toBe('spec.jobTemplate.spec.template.spec.containers[0].image');
  });

  it('does not throw on missing or non-string images', () => {
    const findings = runCheck(imageLatestTag, pod('  containers: [{ name: a }, { name: b, image: 42 }, "junk", { name: c, image: "" }]\n'));
    expect(statuses(findings)).toEqual(['pass']);
  });
});

testCheck(imageLatestTag, {
  pass: [{ input: `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - { name: web, image: 'nginx:1.27' }\n` }],
  fail: [
    { input: `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - { name: web, image: 'nginx:latest' }\n`, failures: [{ path: 'spec.containers[0].image', messageId: 'latest', data: { container: 'container "web"', image: '"nginx:latest"' } }] },
    { input: `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - { name: web, image: nginx }\n`, failures: [{ path: 'spec.containers[0].image', messageId: 'untagged', data: { container: 'container "web"', image: '"nginx"' } }] },
  ],
});
