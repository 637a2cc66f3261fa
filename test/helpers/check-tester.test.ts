import { describe, expect, it } from 'vitest';
import { allChecks } from '../../src/checks/index.js';
import type { Check } from '../../src/core/check.js';
import { failingFindings, testCheck, validateCases } from './check-tester.js';

const service = (type: string) => `apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: shop }\nspec: { type: ${type}, ports: [{ port: 80 }] }\n`;
const nodePort = allChecks.find((check) => check.id === 'K8S-NET-006')!;

testCheck(nodePort, {
  pass: [{ input: service('ClusterIP') }],
  fail: [{ input: service('NodePort'), failures: [{ path: 'spec.type', includes: 'NodePort' }] }],
});

describe('CheckTester refuses weak cases', () => {
  it('refuses a duplicate case, a fail case without failures and a failure without words', () => {
    expect(() => validateCases({ pass: [{ input: service('ClusterIP') }, { input: service('ClusterIP') }], fail: [] })).toThrow('duplicate case');
    expect(() => validateCases({ pass: [], fail: [{ input: service('NodePort'), failures: [] }] })).toThrow('at least one expected failure');
    expect(() => validateCases({ pass: [], fail: [{ input: service('NodePort'), failures: [{ path: 'spec.type', includes: ' ' }] }] })).toThrow('words of its message');
  });

  it('catches a check that writes its input', () => {
    const mutating = { ...nodePort, evaluate: (subject: never, ctx: never, meta: { value: { raw: Record<string, unknown> } }) => ((meta.value.raw['touched'] = true), nodePort.evaluate(subject, ctx, meta as never)) } as Check;
    expect(() => failingFindings(mutating, { input: service('NodePort'), failures: [{ path: 'spec.type', includes: 'x' }] })).toThrow('did it write its frozen input');
  });
});
