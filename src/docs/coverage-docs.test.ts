import { describe, expect, it } from 'vitest';
import { allChecks } from '../checks/index.js';
import { allPeers, COVERAGE_BEFORE } from '../frameworks/peers/index.js';
import { coverageMarkdown } from './coverage-docs.js';

describe('docs/coverage.md data', () => {
  const known = new Set(allChecks.map((check) => check.id));

  it('names only checks that exist, and checks exactly for the rules it calls covered or partial', () => {
    for (const peer of allPeers) {
      for (const item of peer.rules) {
        expect(item.checks.filter((id) => !known.has(id)), `${peer.name}: ${item.rule}`).toEqual([]);
        if (item.coverage === 'covered' || item.coverage === 'partial') expect(item.checks.length, `${peer.name}: ${item.rule}`).toBeGreaterThan(0);
        if (item.coverage === 'missing') expect(item.checks, `${peer.name}: ${item.rule}`).toEqual([]);
      }
    }
  });

  it('covers the rules the issue-18 checks were written for', () => {
    const closest = (peer: string, prefix: string) => allPeers.find((p) => p.name === peer)?.rules.find((item) => item.rule.startsWith(prefix));
    expect(closest('prowler', 'ecr/ecr_repositories_not_publicly_accessible')?.checks).toEqual(['EKS-ECR-001']);
    expect(closest('prowler', 'eks/eks_cluster_deletion_protection_enabled')?.checks).toEqual(['EKS-DATA-004']);
    expect(closest('kubescape', 'C-0222 CIS-5.1.2')?.coverage).toBe('covered');
    expect(closest('hardeneks', 'namespace_based/security/network_security: use_encryption_with_aws_load_balancers')?.checks).toEqual(['K8S-NET-011']);
  });

  it('renders every peer rule and the before/after counts, with table cells escaped', () => {
    const text = coverageMarkdown();
    const rows = allPeers.reduce((sum, peer) => sum + peer.rules.length, 0);
    expect(text.split('\n').filter((line) => line.startsWith('| ') && /\| (covered|partial|missing|n\/a) \|/.test(line))).toHaveLength(rows);
    expect(text).toContain(`| cis-eks-2.0.0 | ${COVERAGE_BEFORE['cis-eks-2.0.0']!.byChecks} / ${COVERAGE_BEFORE['cis-eks-2.0.0']!.manual} / ${COVERAGE_BEFORE['cis-eks-2.0.0']!.notCovered} | `);
    expect(text).toContain('[EKS-ECR-001](checks/EKS-ECR-001.md)');
    // every table row has exactly its four cells: a | in a rule's text is escaped
    for (const line of text.split('\n').filter((row) => /\| (covered|partial|missing|n\/a) \|/.test(row))) expect(line.replace(/\\\|/g, '').split('|')).toHaveLength(6);
  });
});
