import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allChecks } from '../src/checks/index.js';
import type { CheckSettings } from '../src/core/check.js';
import { evaluateChecks, startEvaluation, type EvaluateOptions } from '../src/core/engine.js';
import { createInventory, type KubeObject } from '../src/core/inventory.js';
import { isAwsExample } from './helpers/aws-example.js';
import { FIXED_NOW, inventoryFromYaml } from './helpers/run-check.js';

const root = path.resolve(import.meta.dirname, '..');

/** Every Kubernetes example of every check, and the shipped examples: objects of all kinds, namespaces and quirks together. */
function everyExampleObject(): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const check of allChecks) {
    for (const example of [...check.examples.pass, ...check.examples.fail]) {
      if (!isAwsExample(example)) objects.push(...inventoryFromYaml(example).kube);
    }
  }
  const shop = path.join(root, 'examples/shop');
  for (const file of readdirSync(shop)) objects.push(...inventoryFromYaml(readFileSync(path.join(shop, file), 'utf8')).kube);
  return objects;
}

const objects = everyExampleObject();
const inventory = createInventory({ kube: objects });
const objectChecks = allChecks.filter((check) => check.scope === 'object');

function options(settings: CheckSettings, checks = allChecks): Omit<EvaluateOptions, 'inventory'> {
  // every check on, so opt-in checks are held to their declaration too
  const overrides = Object.fromEntries(checks.map((check) => [check.id, { enabled: true }]));
  return { checks, settings, now: FIXED_NOW, overrides };
}

describe('object-scoped checks', () => {
  it('are declared for the workload checks and the single-object kinds, and the examples give them much to judge', () => {
    expect(objects.length).toBeGreaterThan(150);
    expect(objectChecks.length).toBeGreaterThan(30);
    expect(objectChecks.map((check) => check.id)).toContain('PSS-privileged');
    expect(objectChecks.map((check) => check.id)).not.toContain('K8S-WL-003');
  });
});

describe.each<CheckSettings>([
  { pssLevel: 'restricted', pssVersion: 'latest' },
  { pssLevel: 'baseline', pssVersion: 'v1.22' },
])('object-scoped checks at $pssLevel $pssVersion', (settings) => {
  it('judge each object alone exactly as within the whole inventory', () => {
    const whole = evaluateChecks({ ...options(settings, objectChecks), inventory });
    const alone = startEvaluation(options(settings, objectChecks));
    for (const object of objects) alone.add([object]);
    const early = alone.finish(inventory);
    expect(early.findings.length).toBe(whole.findings.length);
    expect(early.findings.filter((f) => f.status === 'fail').length).toBeGreaterThan(100);
    expect(early).toEqual(whole);
  });

  it('give the whole report, in order, when added in batches and finished with the other checks', () => {
    const whole = evaluateChecks({ ...options(settings), inventory });
    const stream = startEvaluation(options(settings));
    for (let start = 0; start < objects.length; start += 7) stream.add(objects.slice(start, start + 7));
    expect(stream.finish(inventory)).toEqual(whole);
  });
});
