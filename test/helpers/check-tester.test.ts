import { describe, expect, it } from 'vitest';
import { allChecks } from '../../src/checks/index.js';
import type { Check } from '../../src/core/check.js';
import { PATHS, nodegroupResponse } from '../../src/checks/aws/fixtures.js';
import { expectFailures, failingFindings, testCheck, validateCases } from './check-tester.js';

const service = (type: string) => `apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: shop }\nspec: { type: ${type}, ports: [{ port: 80 }] }\n`;
const nodePort = allChecks.find((check) => check.id === 'K8S-NET-006')!;

testCheck(nodePort, {
  pass: [{ input: service('ClusterIP') }],
  fail: [{ input: service('NodePort'), failures: [{ path: 'spec.type', messageId: 'nodePort', data: { ports: 'a node port chosen by the cluster' } }] }],
});

describe('CheckTester refuses weak cases', () => {
  it('refuses a duplicate case, a fail case without failures, and a missing pass or fail case', () => {
    const nodePortFailure = { path: 'spec.type', messageId: 'nodePort', data: { ports: 'a node port chosen by the cluster' } };
    const valid = { input: service('NodePort'), failures: [nodePortFailure] };
    expect(() => validateCases(nodePort, { pass: [{ input: service('ClusterIP') }, { input: service('ClusterIP') }], fail: [valid] })).toThrow('duplicate case');
    expect(() => validateCases(nodePort, { pass: [{ input: service('ClusterIP') }], fail: [{ input: service('NodePort'), failures: [] }] })).toThrow('at least one expected failure');
    expect(() => validateCases(nodePort, { pass: [], fail: [valid] })).toThrow('at least one pass case and one fail case');
    expect(() => validateCases(nodePort, { pass: [{ input: service('ClusterIP') }], fail: [] })).toThrow('at least one pass case and one fail case');
  });

  it('runs a case at its own clock: the same input at another date is another case', () => {
    const al2 = allChecks.find((check) => check.id === 'EKS-VER-004')!;
    const input = { aws: { [PATHS.nodegroup()]: nodegroupResponse({ amiType: 'AL2_x86_64' }) } };
    const ending = { input, now: new Date('2025-06-01T00:00:00Z'), failures: [{ path: 'nodegroup.amiType', messageId: 'al2Ending', data: { amiType: 'AL2_x86_64', endOfSupport: '2025-11-26' } }] };
    expect(() => validateCases(al2, { pass: [{ input: { aws: {} } }], fail: [ending, { ...ending, now: new Date('2026-01-01T00:00:00Z') }] })).not.toThrow();
    expectFailures(al2, ending);
    // at the fixed test date support has ended: another message
    const { now: _now, ...atTestDate } = ending;
    expect(() => expectFailures(al2, atTestDate)).toThrow();
  });

  it('refuses a message ID the check does not declare, and data that does not fill the message', () => {
    const pass = [{ input: service('ClusterIP') }];
    expect(() => validateCases(nodePort, { pass, fail: [{ input: service('NodePort'), failures: [{ path: 'spec.type', messageId: 'nodeport' }] }] })).toThrow('K8S-NET-006 has no message "nodeport"');
    expect(() => validateCases(nodePort, { pass, fail: [{ input: service('NodePort'), failures: [{ path: 'spec.type', messageId: 'nodePort' }] }] })).toThrow('{{ports}}');
    expect(() => validateCases(nodePort, { pass, fail: [{ input: service('NodePort'), failures: [{ path: 'spec.type', messageId: 'nodePort', data: { ports: 'x', port: 'y' } }] }] })).toThrow('no placeholder for port');
  });

  it('fails a case whose message data differs from what the check says, or whose ID does', () => {
    const input = service('NodePort');
    expect(() => expectFailures(nodePort, { input, failures: [{ path: 'spec.type', messageId: 'nodePort', data: { ports: 'node port(s) 30080' } }] })).toThrow('is not');
    expect(() => expectFailures(nodePort, { input, failures: [{ path: 'spec.type', messageId: 'nodePort', data: { ports: 'a node port chosen by the cluster' } }] })).not.toThrow();
  });

  it('hands a case its facts, frozen, and tells cases apart by them', () => {
    const skew = allChecks.find((check) => check.id === 'K8S-NODE-001')!;
    const node = 'apiVersion: v1\nkind: Node\nmetadata: { name: n1 }\nstatus: { nodeInfo: { kubeletVersion: v1.30.4 } }\n';
    const failure = { path: 'status.nodeInfo.kubeletVersion', messageId: 'behind', data: { kubelet: 'v1.30.4', behind: 1, controlPlane: '1.31' } };
    expect(() => expectFailures(skew, { input: node, facts: { kubernetesVersion: '1.31' }, failures: [failure] })).not.toThrow();
    // without the control-plane version the check judges nothing
    expect(failingFindings(skew, { input: node })).toEqual([]);
    expect(() => validateCases(skew, { pass: [{ input: node, facts: { kubernetesVersion: '1.30' } }], fail: [{ input: node, facts: { kubernetesVersion: '1.31' }, failures: [failure] }] })).not.toThrow();
    const writesFacts = { ...skew, evaluate: (subject: never, ctx: { inventory: { facts: Record<string, unknown> } }, meta: never) => ((ctx.inventory.facts['kubernetesVersion'] = '1.30'), skew.evaluate(subject, ctx as never, meta)) } as unknown as Check;
    expect(() => failingFindings(writesFacts, { input: node, facts: { kubernetesVersion: '1.31' } })).toThrow('did it write its frozen input');
  });

  it('catches a check that writes its input', () => {
    const mutating = { ...nodePort, evaluate: (subject: never, ctx: never, meta: { value: { raw: Record<string, unknown> } }) => ((meta.value.raw['touched'] = true), nodePort.evaluate(subject, ctx, meta as never)) } as Check;
    expect(() => failingFindings(mutating, { input: service('NodePort'), failures: [{ path: 'spec.type', messageId: 'nodePort', data: { ports: 'x' } }] })).toThrow('did it write its frozen input');
  });
});
