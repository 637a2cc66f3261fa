import type { Check } from '../../src/core/check.js';
import type { Inventory, InventoryFacts } from '../../src/core/inventory.js';
import { awsExampleInventory, isAwsExample } from './aws-example.js';
import { inventoryFromYaml } from './run-check.js';

const FACT_KEYS: readonly (keyof InventoryFacts)[] = ['kubernetesVersion', 'context'];

/** A first line `# facts: kubernetesVersion=1.31` supplies what a live source would know (the control-plane version). */
function exampleFacts(example: string): InventoryFacts {
  const match = /^#\s*facts:(.*)$/.exec(example.split('\n', 1)[0] ?? '');
  const facts: InventoryFacts = {};
  for (const pair of (match?.[1] ?? '').trim().split(/\s+/)) {
    const [key, value] = pair.split('=');
    if (value && (FACT_KEYS as readonly string[]).includes(key ?? '')) facts[key as keyof InventoryFacts] = value;
  }
  return facts;
}

/** Turns a check's labelled example into the inventory the check reads. */
export function exampleInventory(_check: Check, example: string): Inventory {
  if (isAwsExample(example)) return awsExampleInventory(example, (yaml) => inventoryFromYaml(yaml, exampleFacts(example)));
  return inventoryFromYaml(example, exampleFacts(example));
}
