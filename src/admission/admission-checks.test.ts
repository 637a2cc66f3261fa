import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allChecks } from '../checks/index.js';
import { ADMISSION_CHECKS, SCAN_ONLY_CHECKS, admissionChecks, checksForKind, isScanOnly, runsAtAdmission } from './admission-checks.js';
import type { Check } from '../core/check.js';

const ledger = readFileSync(new URL('../checks/ledger.txt', import.meta.url), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'))
  .map((line) => line.split(/\s+/)[0]!);

describe('admission check selection', () => {
  it('puts every ID of the ledger in exactly one list, with a reason', () => {
    expect(ledger.length).toBeGreaterThan(90);
    const unclassified = ledger.filter((id) => runsAtAdmission(id) === isScanOnly(id));
    expect(unclassified).toEqual([]);
    for (const reason of [...Object.values(ADMISSION_CHECKS), ...Object.values(SCAN_ONLY_CHECKS)]) expect(reason.length).toBeGreaterThan(10);
  });

  it('names only IDs (or prefixes) that the ledger knows', () => {
    for (const pattern of [...Object.keys(ADMISSION_CHECKS), ...Object.keys(SCAN_ONLY_CHECKS)]) {
      const matched = pattern.endsWith('*') ? ledger.some((id) => id.startsWith(pattern.slice(0, -1))) : ledger.includes(pattern);
      expect(matched, pattern).toBe(true);
    }
  });

  it('keeps cross-object and AWS checks out, and keeps registry order', () => {
    const ids = admissionChecks(allChecks).map((check) => check.id);
    expect(ids.some((id) => id.startsWith('EKS-') || id.startsWith('K8S-NODE-'))).toBe(false);
    for (const id of ['K8S-NET-001', 'K8S-NET-004', 'K8S-WL-007', 'K8S-DATA-003']) expect(ids).not.toContain(id);
    expect(ids).toContain('PSS-privileged');
    const order = allChecks.map((check) => check.id).filter((id) => ids.includes(id));
    expect(ids).toEqual(order);
  });

  it('runs for a kind only the checks whose target can select it, keeping unknown targets', () => {
    const fake = (id: string, target: string) => ({ id, target: { id: target } }) as unknown as Check;
    const checks = [fake('A', 'workloads'), fake('B', 'rbac:bindings'), fake('C', 'kind:Service'), fake('D', 'namespaces'), fake('E', 'something-new')];
    const select = checksForKind(checks);
    expect(select('Deployment').map((c) => c.id)).toEqual(['A', 'D', 'E']);
    expect(select('ClusterRoleBinding').map((c) => c.id)).toEqual(['B', 'D', 'E']);
    expect(select('Service').map((c) => c.id)).toEqual(['C', 'D', 'E']);
    expect(select('Widget').map((c) => c.id)).toEqual(['D', 'E']);
    expect(select('Deployment')).toBe(select('Deployment'));
  });
});
