import type { Check } from '../../src/core/check.js';
import type { Inventory } from '../../src/core/inventory.js';
import { inventoryFromYaml } from './run-check.js';

/** Turns a check's labelled example into the inventory the check reads. */
export function exampleInventory(_check: Check, example: string): Inventory {
  return inventoryFromYaml(example);
}
