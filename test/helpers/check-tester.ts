import { describe, expect, it } from 'vitest';
import type { Check, CheckSettings } from '../../src/core/check.js';
import type { Inventory } from '../../src/core/inventory.js';
import type { Finding, Severity } from '../../src/core/types.js';
import { awsInventory } from './aws.js';
import { inventoryFromYaml, runCheck } from './run-check.js';

/** Input of one case: manifest YAML, or AWS CLI responses keyed by snapshot path. */
export type CaseInput = string | { aws: Record<string, unknown>; kubeYaml?: string };

export interface PassCase {
  input: CaseInput;
  settings?: Partial<CheckSettings>;
}

/** What one failing finding must say: its field path (`null`: the check names none), words of its message, its severity. */
export interface ExpectedFailure {
  path: string | null;
  includes: string;
  severity?: Severity;
}

export interface FailCase {
  input: CaseInput;
  settings?: Partial<CheckSettings>;
  failures: readonly ExpectedFailure[];
}

/** Freezes a value and everything it holds, so a check that writes its input throws. */
export function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key], seen);
  return Object.freeze(value);
}

function frozenInventory(input: CaseInput): Inventory {
  const inventory = typeof input === 'string' ? inventoryFromYaml(input) : awsInventory(input.aws, input.kubeYaml ?? '');
  for (const object of inventory.kube) deepFreeze(object);
  for (const record of inventory.aws) deepFreeze(record);
  return inventory;
}

/** Refuses what RuleTester refuses: a fail case without failures, a failure without words, a case given twice. */
export function validateCases(cases: { pass: readonly PassCase[]; fail: readonly FailCase[] }): void {
  const seen = new Set<string>();
  for (const testCase of [...cases.pass, ...cases.fail]) {
    const key = JSON.stringify([testCase.input, testCase.settings ?? {}]);
    if (seen.has(key)) throw new Error(`duplicate case: ${key.slice(0, 120)}`);
    seen.add(key);
  }
  for (const testCase of cases.fail) {
    if (testCase.failures.length === 0) throw new Error('a fail case must state at least one expected failure');
    for (const failure of testCase.failures) if (failure.includes.trim() === '') throw new Error('an expected failure must state words of its message');
  }
}

export function failingFindings(check: Check, testCase: PassCase | FailCase): Finding[] {
  const findings = runCheck(check, frozenInventory(testCase.input), testCase.settings ? { settings: testCase.settings } : {});
  expect(findings.filter((finding) => finding.status === 'error').map((finding) => finding.message), 'the check threw (did it write its frozen input?)').toEqual([]);
  return findings.filter((finding) => finding.status === 'fail');
}

/**
 * A strict tester in the spirit of typescript-eslint's RuleTester: pass cases must give no failure
 * and at least one pass; fail cases must give exactly the stated failures, in order, each with its
 * path, message words and (when stated) severity. Inputs are deep-frozen; duplicates are refused.
 */
export function testCheck(check: Check, cases: { pass: readonly PassCase[]; fail: readonly FailCase[] }): void {
  validateCases(cases);
  describe(`${check.id} (CheckTester)`, () => {
    cases.pass.forEach((testCase, index) => {
      it(`pass case ${index + 1}`, () => {
        const findings = runCheck(check, frozenInventory(testCase.input), testCase.settings ? { settings: testCase.settings } : {});
        expect(findings.filter((finding) => finding.status === 'fail' || finding.status === 'error')).toEqual([]);
        expect(findings.some((finding) => finding.status === 'pass'), 'no subject was judged').toBe(true);
      });
    });
    cases.fail.forEach((testCase, index) => {
      it(`fail case ${index + 1}`, () => {
        const found = failingFindings(check, testCase);
        expect(found.map((finding) => finding.path ?? null)).toEqual(testCase.failures.map((failure) => failure.path));
        testCase.failures.forEach((failure, position) => {
          expect(found[position]!.message).toContain(failure.includes);
          if (failure.severity) expect(found[position]!.severity).toBe(failure.severity);
        });
      });
    });
  });
}
