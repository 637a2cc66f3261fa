import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { runCheck } from '../../../../test/helpers/run-check.js';
import { approvedRegistries } from './k8s-wl-012-approved-registries.js';

const APPROVED = ['111122223333.dkr.ecr.eu-west-1.amazonaws.com', 'ghcr.io/acme', 'docker.io/library', 'registry.local:5000/'];
const settings = { approvedRegistries: APPROVED };

const pod = (containers: string, name = 'p') => `apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: shop }
spec:
${containers}`;

// K8S-WL-012: a verdict per case; the matching rules are those of docs/registries.md
testCheck(approvedRegistries, {
  pass: [
    // implicit Docker Hub official image, tag and digest ignored
    { input: pod('  containers: [{ name: a, image: "nginx:1.27" }, { name: b, image: "busybox@sha256:' + '0'.repeat(64) + '" }]\n'), settings },
    // a repository under a prefix, in every container list
    {
      input: pod(
        '  initContainers: [{ name: i, image: "ghcr.io/acme/tools/migrate:1" }]\n  containers: [{ name: a, image: "111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/web:2" }]\n  ephemeralContainers: [{ name: d, image: "registry.local:5000/debug" }]\n',
        'q',
      ),
      settings,
    },
    // the Docker Hub aliases are docker.io; the host compares case-insensitively
    { input: pod('  containers: [{ name: a, image: "index.docker.io/library/redis:7" }, { name: b, image: "GHCR.io/acme/app:1" }]\n', 'r'), settings },
  ],
  fail: [
    {
      input: pod('  containers: [{ name: web, image: "ghcr.io/someone/web:1.0" }]\n'),
      settings,
      failures: [
        { path: 'spec.containers[0].image', messageId: 'unapproved', data: { container: 'container "web"', image: '"ghcr.io/someone/web:1.0"', repository: 'ghcr.io/someone/web' }, severity: 'high' },
      ],
    },
    // a slash boundary: ghcr.io/acme does not approve ghcr.io/acme-evil
    { input: pod('  initContainers: [{ name: i, image: "ghcr.io/acme-evil/app" }]\n  containers: [{ name: a, image: "nginx" }]\n', 'q'), settings, failures: [{ path: 'spec.initContainers[0].image', messageId: 'unapproved', data: { container: 'init container "i"', image: '"ghcr.io/acme-evil/app"', repository: 'ghcr.io/acme-evil/app' } }] },
    // docker.io/library does not approve a user repository on Docker Hub, nor a registry on another port
    {
      input: pod('  containers: [{ name: a, image: "someone/nginx:1" }]\n  ephemeralContainers: [{ name: d, image: "registry.local/debug" }]\n', 'r'),
      settings,
      // the first offence is stated; the second (registry.local/debug) is listed after it
      failures: [{ path: 'spec.containers[0].image', messageId: 'unapproved', data: { container: 'container "a"', image: '"someone/nginx:1"', repository: 'docker.io/someone/nginx' } }],
    },
    // a look-alike host is not the approved one
    {
      input: pod('  containers: [{ name: a, image: "111122223333.dkr.ecr.eu-west-1.amazonaws.com.evil.io/shop/web:2" }]\n', 's'),
      settings,
      failures: [
        {
          path: 'spec.containers[0].image',
          messageId: 'unapproved',
          data: { container: 'container "a"', image: '"111122223333.dkr.ecr.eu-west-1.amazonaws.com.evil.io/shop/web:2"', repository: '111122223333.dkr.ecr.eu-west-1.amazonaws.com.evil.io/shop/web' },
        },
      ],
    },
    {
      input: `apiVersion: batch/v1
kind: CronJob
metadata: { name: c, namespace: shop }
spec:
  schedule: "* * * * *"
  jobTemplate: { spec: { template: { spec: { containers: [{ name: r, image: "quay.io/x/y:1" }] } } } }
`,
      settings,
      failures: [{ path: 'spec.jobTemplate.spec.template.spec.containers[0].image', messageId: 'unapproved', data: { container: 'container "r"', image: '"quay.io/x/y:1"', repository: 'quay.io/x/y' } }],
    },
    // an image reference that names no repository cannot be matched to any registry
    {
      input: pod('  containers: [{ name: a, image: "nginx:1.27" }, { name: b, image: "ghcr.io/acme/ app" }]\n', 't'),
      settings,
      failures: [{ path: 'spec.containers[1].image', messageId: 'unknownRegistry', data: { container: 'container "b"', image: '"ghcr.io/acme/ app"' } }],
    },
  ],
});

describe('K8S-WL-012 without a list', () => {
  it('is skipped with the reason, never passed, when no registries are configured', () => {
    const findings = runCheck(approvedRegistries, pod('  containers: [{ name: a, image: "ghcr.io/someone/web:1.0" }]\n'));
    expect(findings.map((finding) => [finding.status, finding.message])).toEqual([['skipped', 'no approved registries are configured: list them under registries: in the eksguard config']]);
  });
});
