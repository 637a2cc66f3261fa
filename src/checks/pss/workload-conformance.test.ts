import { describe, expect, it } from 'vitest';
import { runChecks } from '../../core/engine.js';
import { createInventory, toKubeObject, type KubeObject } from '../../core/inventory.js';
import type { Finding, KubeResourceRef } from '../../core/types.js';
import { evaluatePodSecurity, formatAggregate } from '../../k8s/pss/index.js';
import { expectedSubstring, fixtureLabel, loadPssFixtures, type PssFixture } from '../../../test/fixtures/pod-security/fixtures.js';
import { pssChecks } from './index.js';

type Template = { metadata: unknown; spec: unknown };

/** Every kind whose pod template PodSecurity evaluates, wrapping the fixture's metadata and spec. */
const WRAPPERS: Record<string, (name: string, template: Template) => Record<string, unknown>> = {
  Deployment: (name, template) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: { selector: {}, template } }),
  StatefulSet: (name, template) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name }, spec: { serviceName: name, selector: {}, template } }),
  DaemonSet: (name, template) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name }, spec: { selector: {}, template } }),
  ReplicaSet: (name, template) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name }, spec: { selector: {}, template } }),
  Job: (name, template) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name }, spec: { template } }),
  CronJob: (name, template) => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name }, spec: { schedule: '@daily', jobTemplate: { spec: { template } } } }),
  ReplicationController: (name, template) => ({ apiVersion: 'v1', kind: 'ReplicationController', metadata: { name }, spec: { template } }),
  PodTemplate: (name, template) => ({ apiVersion: 'v1', kind: 'PodTemplate', metadata: { name }, template }),
};

const fixtures = loadPssFixtures();

function groups(): Map<string, PssFixture[]> {
  const byPolicy = new Map<string, PssFixture[]>();
  for (const fixture of fixtures) {
    const key = `${fixture.level}:${fixture.version}`;
    byPolicy.set(key, [...(byPolicy.get(key) ?? []), fixture]);
  }
  return byPolicy;
}

/** Runs the real checks over every fixture wrapped in every kind; returns the mismatches. */
function mismatches(level: PssFixture['level'], version: string, group: readonly PssFixture[]): string[] {
  const objects: KubeObject[] = [];
  const fixtureOf = new Map<string, PssFixture>();
  for (const fixture of group) {
    const template = { metadata: fixture.pod['metadata'], spec: fixture.pod['spec'] };
    for (const [kind, wrap] of Object.entries(WRAPPERS)) {
      const name = `${fixture.outcome}-${fixture.name}`;
      const object = toKubeObject(wrap(name, template), { source: 'manifest' });
      if (!object) throw new Error(`cannot wrap ${name} as ${kind}`);
      objects.push(object);
      fixtureOf.set(`${kind}/${name}`, fixture);
    }
  }
  const findings = runChecks({ checks: pssChecks, inventory: createInventory({ kube: objects }), settings: { pssLevel: level, pssVersion: version }, now: new Date(0) });
  const bySubject = new Map<string, Finding[]>();
  for (const finding of findings) {
    const ref = finding.resource as KubeResourceRef;
    const key = `${ref.kind}/${ref.name}`;
    bySubject.set(key, [...(bySubject.get(key) ?? []), finding]);
  }
  const problems: string[] = [];
  for (const [key, fixture] of fixtureOf) {
    const subjectFindings = bySubject.get(key) ?? [];
    const label = `${key} (${fixtureLabel(fixture)})`;
    if (subjectFindings.length !== pssChecks.length) problems.push(`${label}: ${subjectFindings.length} findings`);
    if (subjectFindings.some((finding) => finding.status === 'error')) problems.push(`${label}: error`);
    const failures = subjectFindings.filter((finding) => finding.status === 'fail');
    const aggregate = failures.map((finding) => finding.message).join(', ');
    const direct = formatAggregate(evaluatePodSecurity({ metadata: fixture.pod['metadata'], spec: fixture.pod['spec'] }, { level, version }));
    if (aggregate !== direct) problems.push(`${label}: checks say "${aggregate}", the evaluator "${direct}"`);
    if (fixture.outcome === 'pass' && failures.length > 0) problems.push(`${label}: expected pass, got ${aggregate}`);
    if (fixture.outcome === 'fail' && !aggregate.includes(expectedSubstring(fixture))) problems.push(`${label}: expected ${expectedSubstring(fixture)} in "${aggregate}"`);
  }
  return problems;
}

describe('Pod Security conformance through the checks and the engine, for every workload kind', () => {
  const byPolicy = groups();

  it('covers every fixture in 8 kinds', () => {
    expect([...byPolicy.values()].reduce((count, group) => count + group.length, 0)).toBe(4537);
  });

  for (const [policy, group] of byPolicy) {
    const [level, version] = policy.split(':') as [PssFixture['level'], string];
    it(`${policy}: ${group.length} fixtures × ${Object.keys(WRAPPERS).length} kinds`, () => {
      expect(mismatches(level, version, group)).toEqual([]);
    });
  }
});
