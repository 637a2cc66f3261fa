import { describe, expect, it } from 'vitest';
import type { Check, CheckSettings } from '../../src/core/check.js';
import type { Inventory, InventoryFacts } from '../../src/core/inventory.js';
import { renderMessageRef, type MessageData } from '../../src/core/message.js';
import type { Finding, Severity } from '../../src/core/types.js';
import { awsInventory } from './aws.js';
import { inventoryFromYaml, runCheck, type RunOptions } from './run-check.js';

/** Input of one case: manifest YAML, or AWS CLI responses keyed by snapshot path. */
export type CaseInput = string | { aws: Record<string, unknown>; kubeYaml?: string };

export interface PassCase {
  input: CaseInput;
  settings?: Partial<CheckSettings>;
  /** what a live source would know beside the objects: the control-plane version, the context */
  facts?: InventoryFacts;
  /** the check's clock (`ctx.now`), when not the fixed test date: for checks that judge dates */
  now?: Date;
}

/**
 * What one failing finding must say: its field path (`null`: the check names none), the ID of its
 * message and the data that fills it (the finding's text must be exactly that message, followed
 * only by the further offences of the same subject), and its severity when stated.
 */
export interface ExpectedFailure {
  path: string | null;
  messageId: string;
  data?: MessageData;
  severity?: Severity;
}

export interface FailCase {
  input: CaseInput;
  settings?: Partial<CheckSettings>;
  facts?: InventoryFacts;
  now?: Date;
  failures: readonly ExpectedFailure[];
}

/** Freezes a value and everything it holds, so a check that writes its input throws. */
export function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key], seen);
  return Object.freeze(value);
}

function frozenInventory({ input, facts }: PassCase): Inventory {
  const read = typeof input === 'string' ? inventoryFromYaml(input) : awsInventory(input.aws, input.kubeYaml ?? '');
  const inventory = facts ? { ...read, facts: { ...read.facts, ...facts } } : read;
  for (const object of inventory.kube) deepFreeze(object);
  for (const record of inventory.aws) deepFreeze(record);
  deepFreeze(inventory.facts);
  return inventory;
}

/**
 * Refuses what RuleTester refuses: no pass case or no fail case, a fail case without failures, a
 * case given twice, a message ID the check does not declare or data that does not fill its message.
 */
export function validateCases(check: Pick<Check, 'id' | 'messages'>, cases: { pass: readonly PassCase[]; fail: readonly FailCase[] }): void {
  if (cases.pass.length === 0 || cases.fail.length === 0) throw new Error(`${check.id}: give at least one pass case and one fail case`);
  const seen = new Set<string>();
  for (const testCase of [...cases.pass, ...cases.fail]) {
    const key = JSON.stringify([testCase.input, testCase.settings ?? {}, testCase.facts ?? {}, testCase.now ?? null]);
    if (seen.has(key)) throw new Error(`duplicate case: ${key.slice(0, 120)}`);
    seen.add(key);
  }
  for (const testCase of cases.fail) {
    if (testCase.failures.length === 0) throw new Error('a fail case must state at least one expected failure');
    for (const failure of testCase.failures) expectedText(check, failure);
  }
}

/** The text the expected failure's message renders to; throws for an undeclared ID or data that does not fill it. */
function expectedText(check: Pick<Check, 'id' | 'messages'>, failure: ExpectedFailure): string {
  return renderMessageRef(check.messages, { messageId: failure.messageId, ...(failure.data ? { data: failure.data } : {}) }, check.id);
}

function runOptions(testCase: PassCase | FailCase): RunOptions {
  return { ...(testCase.settings ? { settings: testCase.settings } : {}), ...(testCase.now ? { now: testCase.now } : {}) };
}

export function failingFindings(check: Check, testCase: PassCase | FailCase): Finding[] {
  const findings = runCheck(check, frozenInventory(testCase), runOptions(testCase));
  expect(findings.filter((finding) => finding.status === 'error').map((finding) => finding.message), 'the check threw (did it write its frozen input?)').toEqual([]);
  return findings.filter((finding) => finding.status === 'fail');
}

/** Runs a fail case: exactly the stated failures, in order, with their paths, message IDs, texts and severities. */
export function expectFailures(check: Check, testCase: FailCase): void {
  const found = failingFindings(check, testCase);
  expect(found.map((finding) => finding.path ?? null)).toEqual(testCase.failures.map((failure) => failure.path));
  expect(found.map((finding) => finding.messageId)).toEqual(testCase.failures.map((failure) => failure.messageId));
  testCase.failures.forEach((failure, position) => {
    const message = found[position]!.message;
    const text = expectedText(check, failure);
    // the first offence is the stated one; a subject with several lists the others after it
    expect(message === text || message.startsWith(`${text}; `), `${JSON.stringify(message)} is not ${JSON.stringify(text)}`).toBe(true);
    if (failure.severity) expect(found[position]!.severity).toBe(failure.severity);
  });
}

/**
 * A strict tester in the spirit of typescript-eslint's RuleTester: pass cases must give no failure
 * and at least one pass; fail cases must give exactly the stated failures, in order, each with its
 * path, message ID, message data and (when stated) severity. Inputs are deep-frozen; duplicates are
 * refused. test/check-conventions.test.ts requires a call for every check.
 */
export function testCheck(check: Check, cases: { pass: readonly PassCase[]; fail: readonly FailCase[] }): void {
  validateCases(check, cases);
  describe(`${check.id} (CheckTester)`, () => {
    cases.pass.forEach((testCase, index) => {
      it(`pass case ${index + 1}`, () => {
        const findings = runCheck(check, frozenInventory(testCase), runOptions(testCase));
        expect(findings.filter((finding) => finding.status === 'fail' || finding.status === 'error')).toEqual([]);
        expect(findings.some((finding) => finding.status === 'pass'), 'no subject was judged').toBe(true);
      });
    });
    cases.fail.forEach((testCase, index) => {
      it(`fail case ${index + 1}`, () => expectFailures(check, testCase));
    });
  });
}
