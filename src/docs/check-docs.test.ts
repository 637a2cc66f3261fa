import { describe, expect, it } from 'vitest';
import { defineCheck, pass, type Check } from '../core/check.js';
import { renderCheckDocs, renderCheckPage, renderChecksIndex } from './check-docs.js';

function check(overrides: Partial<Check> = {}): Check {
  return defineCheck<unknown>({
    id: 'K8S-WL-001',
    title: 'Images must not use latest',
    area: 'containers',
    severity: 'low',
    target: { id: 't', select: () => [] },
    needs: ['kube:workloads'],
    rationale: 'A moving tag makes rollbacks impossible.',
    remediation: 'Pin a version tag or a digest.',
    references: ['https://kubernetes.io/docs/concepts/containers/images/', 'EKS Best Practices: images'],
    standards: ['EKS-BPG images', 'NSA-CISA images'],
    examples: { pass: ['kind: Pod\n'], fail: ['kind: Pod\nmetadata:\n  annotations:\n    x: "```"\n'] },
    evaluate: () => pass(),
    ...overrides,
  });
}

describe('renderCheckPage', () => {
  const page = renderCheckPage(check());

  it('has the metadata, rationale, remediation, examples, suppression snippets and references', () => {
    expect(page).toContain('# K8S-WL-001: Images must not use latest');
    expect(page).toContain('| Area | Containers (`containers`)');
    expect(page).toContain('| Default severity | low |');
    expect(page).toContain('| Standards | EKS-BPG images, NSA-CISA images |');
    expect(page).toContain('## Why it matters\n\nA moving tag makes rollbacks impossible.');
    expect(page).toContain('## How to fix\n\nPin a version tag or a digest.');
    expect(page).toContain('eksguard.io/ignore.K8S-WL-001: "why this is acceptable"');
    expect(page).toContain('eksguard.io/ignore-expires.K8S-WL-001');
    expect(page).toContain('- <https://kubernetes.io/docs/concepts/containers/images/>');
    expect(page).toContain('- EKS Best Practices: images');
  });

  it('fences examples so backticks inside cannot close the block', () => {
    expect(page).toContain('````yaml\nkind: Pod\nmetadata:\n  annotations:\n    x: "```"\n````');
  });

  it('tells how to turn on a check that is off by default', () => {
    expect(renderCheckPage(check({ enabledByDefault: false }))).toContain('| Enabled by default | no (turn it on in `.eksguard.yaml`) |');
    expect(renderCheckPage(check({ enabledByDefault: false }))).toContain('K8S-WL-001: { enabled: true');
  });
});

describe('renderChecksIndex', () => {
  const checks = [check(), check({ id: 'K8S-NET-001', title: 'Namespaces | need policies', area: 'network', severity: 'medium', enabledByDefault: false })];

  it('groups checks by area in the model order and links each page', () => {
    const index = renderChecksIndex(checks);
    expect(index.indexOf('## Containers')).toBeLessThan(index.indexOf('## Network controls'));
    expect(index).toContain('| [K8S-WL-001](./K8S-WL-001.md) | Images must not use latest | low | yes |');
    expect(index).toContain('| [K8S-NET-001](./K8S-NET-001.md) | Namespaces \\| need policies | medium | no |');
    expect(index).not.toContain('## Worker nodes');
    expect(index).toContain('2 checks');
  });

  it('can link to published pages instead', () => {
    expect(renderChecksIndex(checks, { linkPrefix: 'https://example.org/checks/' })).toContain('(https://example.org/checks/K8S-WL-001.md)');
  });

  it('names every file of docs/checks', () => {
    expect([...renderCheckDocs(checks).keys()]).toEqual(['README.md', 'K8S-WL-001.md', 'K8S-NET-001.md']);
  });
});

describe('suppression help', () => {
  it('offers annotations for Kubernetes checks and ARNs for AWS-only checks', () => {
    const kube = renderCheckPage(check());
    const aws = renderCheckPage(check({ id: 'EKS-NET-001', needs: ['aws:eks:DescribeCluster'], area: 'data-plane' }));
    expect(kube).toContain('eksguard.io/ignore.K8S-WL-001');
    expect(aws).not.toContain('eksguard.io/ignore.');
    expect(aws).toContain('resource: "arn:aws:eks:*:111122223333:cluster/my-cluster"');
  });
});
