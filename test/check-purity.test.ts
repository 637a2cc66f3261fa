import { describe, expect, it } from 'vitest';
import { allChecks } from '../src/checks/index.js';
import type { Check } from '../src/core/check.js';
import type { Inventory } from '../src/core/inventory.js';
import type { Finding } from '../src/core/types.js';
import { deepFreeze } from './helpers/check-tester.js';
import { exampleInventory } from './helpers/example-inventory.js';
import { runCheck } from './helpers/run-check.js';

/**
 * In the spirit of typescript-eslint's RuleTester: a check reads its input and never writes it.
 * Every example runs once on a plain inventory and once with every object and AWS record frozen
 * deeply; a check that mutates throws in strict mode, which the engine turns into an `error`
 * finding, and the two runs then differ. Examples are also refused when duplicated.
 */
function frozen(inventory: Inventory): Inventory {
  for (const object of inventory.kube) deepFreeze(object);
  for (const record of inventory.aws) deepFreeze(record);
  return inventory;
}

const outcome = (findings: readonly Finding[]) => findings.map((finding) => `${finding.status} ${finding.path ?? ''} ${finding.message}`);

function run(check: Check, example: string, freeze: boolean): Finding[] {
  const inventory = exampleInventory(check, example);
  return runCheck(check, freeze ? frozen(inventory) : inventory, check.examples.settings ? { settings: check.examples.settings } : {});
}

describe('checks never mutate their input', () => {
  it('turns a mutating check into an error finding (the guard can fail)', () => {
    const base = allChecks.find((check) => check.id === 'K8S-NET-006')!;
    const mutating = { ...base, evaluate: (subject: unknown, ctx: unknown, meta: { value: { raw: Record<string, unknown> } }) => ((meta.value.raw['touched'] = true), base.evaluate(subject, ctx as never, meta as never)) } as Check;
    const example = base.examples.fail[0]!;
    expect(outcome(run(mutating, example, false))).toEqual(outcome(run(base, example, false)));
    expect(run(mutating, example, true).map((finding) => finding.status)).toContain('error');
  });

  for (const check of allChecks) {
    it(`${check.id} gives the same verdicts on frozen input, and has no duplicate example`, () => {
      const examples = [...check.examples.pass, ...check.examples.fail];
      expect(new Set(examples).size, 'duplicate example').toBe(examples.length);
      for (const example of examples) expect(outcome(run(check, example, true)), example).toEqual(outcome(run(check, example, false)));
    });
  }
});
