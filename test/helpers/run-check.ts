import type { Check, CheckSettings } from '../../src/core/check.js';
import { runChecks } from '../../src/core/engine.js';
import { createInventory, type Inventory, type InventoryFacts } from '../../src/core/inventory.js';
import type { Finding } from '../../src/core/types.js';
import { MANIFEST_LIMITS, parseManifestText } from '../../src/sources/manifests/index.js';

export const DEFAULT_SETTINGS: CheckSettings = { pssLevel: 'restricted', pssVersion: 'latest' };
export const FIXED_NOW = new Date('2026-11-27T12:00:00Z');

/**
 * Parses manifest YAML the way `eksguard scan` does, keeping objects that Kubernetes would refuse
 * (wrong metadata types): for tests of how checks survive malformed objects. Throws on invalid YAML.
 */
export function inventoryFromMalformedYaml(text: string): Inventory {
  const parsed = parseManifestText({ text, file: 'test.yaml', limits: MANIFEST_LIMITS, apiChecks: false });
  const syntax = parsed.errors.filter((error) => error.message.startsWith('invalid YAML'));
  if (syntax.length > 0) throw new Error(`fixture is not YAML: ${JSON.stringify(syntax)}`);
  return createInventory({ kube: parsed.objects });
}

/**
 * Parses manifest YAML the way `eksguard scan` does; throws when the text has a parse error or
 * kubectl would refuse it. The API server's type checks are left out: check tests feed checks
 * objects with wrong-typed fields on purpose, to show the checks survive them.
 */
export function inventoryFromYaml(text: string, facts: InventoryFacts = {}): Inventory {
  const parsed = parseManifestText({ text, file: 'test.yaml', limits: MANIFEST_LIMITS, apiChecks: false });
  if (parsed.errors.length > 0) throw new Error(`fixture does not parse: ${JSON.stringify(parsed.errors)}`);
  return createInventory({ kube: parsed.objects, facts });
}

export interface RunOptions {
  settings?: Partial<CheckSettings>;
  now?: Date;
  reference?: Record<string, unknown>;
  facts?: InventoryFacts;
}

/** Runs one check (the others are not evaluated) over an inventory or manifest YAML. */
export function runCheck(check: Check, input: string | Inventory, options: RunOptions = {}): Finding[] {
  const inventory = typeof input === 'string' ? inventoryFromYaml(input, options.facts) : input;
  return runChecks({
    checks: [check],
    inventory,
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
    now: options.now ?? FIXED_NOW,
    overrides: { [check.id]: { enabled: true } },
    ...(options.reference ? { reference: options.reference } : {}),
  });
}

export function statuses(findings: readonly Finding[]): string[] {
  return findings.map((finding) => finding.status);
}

export function failures(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.status === 'fail');
}
