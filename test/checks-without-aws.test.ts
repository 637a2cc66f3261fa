import { describe, expect, it } from 'vitest';
import { allChecks } from '../src/checks/index.js';
import { isStandIn, needsFullRegistry } from '../src/checks/stand-in.js';
import { checksWithoutAws, readsOnlyAws } from '../src/checks/without-aws.js';
import { evaluateChecks } from '../src/core/engine.js';
import { createInventory, mergeInventories, type Inventory } from '../src/core/inventory.js';
import { exampleInventory } from './helpers/example-inventory.js';
import { DEFAULT_SETTINGS, FIXED_NOW } from './helpers/run-check.js';

/** Every Kubernetes object of every check's examples (the AWS records of AWS examples left out): IRSA, aws-auth, Pod Identity. */
function kubeOfEveryExample(): Inventory {
  const parts = allChecks.flatMap((check) => [...check.examples.pass, ...check.examples.fail].map((example) => exampleInventory(check, example)));
  const merged = mergeInventories(parts);
  return createInventory({ kube: [...merged.kube], facts: merged.facts });
}

const enableAll = Object.fromEntries(allChecks.map((check) => [check.id, { enabled: true }]));
const evaluate = (checks: readonly (typeof allChecks)[number][], inventory: Inventory) =>
  evaluateChecks({ checks, inventory, settings: DEFAULT_SETTINGS, now: FIXED_NOW, overrides: enableAll });

describe('the registry without the AWS checks (scans that hold no AWS records)', () => {
  it('lists every check of the registry, in order, with the same metadata; the AWS-only ones as stand-ins', () => {
    expect(checksWithoutAws.map((check) => check.id)).toEqual(allChecks.map((check) => check.id));
    const meta = (check: (typeof allChecks)[number]) => ({ id: check.id, title: check.title, area: check.area, severity: check.severity, needs: check.needs, rationale: check.rationale, remediation: check.remediation, references: check.references, standards: check.standards, enabledByDefault: check.enabledByDefault ?? true });
    expect(checksWithoutAws.map(meta)).toEqual(allChecks.map(meta));
    const standIns = checksWithoutAws.filter(isStandIn).map((check) => check.id);
    expect(standIns).toEqual(allChecks.filter(readsOnlyAws).map((check) => check.id));
    expect(standIns.length).toBeGreaterThan(30);
  });

  it('gives the same results as the real checks on Kubernetes objects alone, so no AWS-only check judges them', () => {
    const inventory = kubeOfEveryExample();
    expect(inventory.kube.length).toBeGreaterThan(100);
    const real = evaluate(allChecks.filter(readsOnlyAws), inventory);
    const standIns = evaluate(checksWithoutAws.filter(isStandIn), inventory);
    expect(standIns).toEqual(real);
    expect(real.findings).toEqual([]);
  });

  it('skips a stand-in by name like the real check when its AWS data could not be collected', () => {
    const missing = new Map([['aws:eks:DescribeCluster', { source: 'aws:eks:DescribeCluster', reason: 'AccessDenied', checks: [] }]]);
    const inventory = createInventory({ kube: [...kubeOfEveryExample().kube], missing });
    const options = { retain: () => true };
    const real = evaluateChecks({ ...options, checks: allChecks.filter(readsOnlyAws), inventory, settings: DEFAULT_SETTINGS, now: FIXED_NOW, overrides: enableAll });
    const standIns = evaluateChecks({ ...options, checks: checksWithoutAws.filter(isStandIn), inventory, settings: DEFAULT_SETTINGS, now: FIXED_NOW, overrides: enableAll });
    expect(standIns).toEqual(real);
    expect(real.findings.filter((finding) => finding.status === 'skipped').length).toBeGreaterThan(10);
  });

  it('refuses to judge AWS records, and a scan holding some asks for the full registry', () => {
    const eksLog001 = allChecks.find((check) => check.id === 'EKS-LOG-001')!;
    const inventory = exampleInventory(eksLog001, eksLog001.examples.fail[0]!);
    expect(inventory.aws.length).toBeGreaterThan(0);
    const standIn = checksWithoutAws.find((check) => check.id === 'EKS-LOG-001')!;
    const result = evaluate([standIn], inventory);
    expect(result.findings.map((finding) => [finding.status, finding.message])).toEqual([['error', expect.stringContaining('EKS-LOG-001 was not loaded')]]);
    expect(needsFullRegistry(checksWithoutAws, inventory)).toBe(true);
    expect(needsFullRegistry(checksWithoutAws, kubeOfEveryExample())).toBe(false);
    expect(needsFullRegistry(allChecks, inventory)).toBe(false);
  });
});
