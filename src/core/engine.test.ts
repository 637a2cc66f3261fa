import { describe, expect, it } from 'vitest';
import { defineCheck, fail, pass, UnknownValueError, type Target } from './check.js';
import { fieldPath } from './field-path.js';
import { evaluateChecks, runChecks, startEvaluation } from './engine.js';
import { createInventory, toKubeObject, type KubeObject } from './inventory.js';
import type { Gap } from './types.js';

const pods: Target<KubeObject> = {
  id: 'test:pods',
  select: (inventory) =>
    inventory.kube.map((object) => ({
      ref: { apiVersion: 'v1', kind: 'Pod', name: object.name },
      value: object,
      location: { file: 'f.yaml', line: 1 },
      pathPrefix: 'spec',
      annotations: (object.raw['metadata'] as { annotations?: Record<string, string> }).annotations ?? {},
      locate: (path: string) => ({ file: 'f.yaml', line: path.length }),
    })),
};

const base = {
  title: 'Test check title',
  area: 'containers' as const,
  severity: 'high' as const,
  target: pods,
  needs: ['kube:Pod'],
  rationale: 'r',
  remediation: 'fix it',
  references: [],
  standards: ['X 1'],
  examples: { pass: [], fail: [] },
};

const badName = defineCheck<KubeObject>({
  ...base,
  id: 'K8S-WL-901',
  messages: { badPod: 'bad pod' },
  evaluate: (pod) => (pod.name.startsWith('bad') ? fail({ messageId: 'badPod', path: fieldPath('containers', 0) }) : pass()),
});
const thrower = defineCheck<KubeObject>({
  ...base,
  id: 'K8S-WL-902',
  evaluate: (pod) => {
    if (pod.name === 'bad-1') throw new TypeError('boom');
    return pass();
  },
});

const pod = (name: string, annotations: Record<string, string> = {}) =>
  toKubeObject({ kind: 'Pod', apiVersion: 'v1', metadata: { name, annotations } }, { source: 'manifest' })!;

const inventory = createInventory({ kube: [pod('bad-1'), pod('good'), pod('bad-2', { 'eksguard.io/ignore.K8S-WL-901': 'accepted risk' })] });
const settings = { pssLevel: 'restricted' as const, pssVersion: 'latest' };
const now = new Date('2026-01-01T00:00:00Z');

describe('evaluateChecks', () => {
  it('gives each subject one result, with prefixed paths and exact locations', () => {
    const findings = runChecks({ checks: [badName], inventory, settings, now });
    expect(findings.map((f) => [(f.resource as { name: string }).name, f.status])).toEqual([
      ['bad-1', 'fail'],
      ['good', 'pass'],
      ['bad-2', 'suppressed'],
    ]);
    expect(findings[0]).toMatchObject({ path: 'spec.containers[0]', location: { file: 'f.yaml', line: 'spec.containers[0]'.length } });
    expect(findings[1]?.location).toEqual({ file: 'f.yaml', line: 1 });
    expect(findings[2]?.suppression).toEqual({ reason: 'accepted risk', source: 'annotation' });
  });

  it('turns a throwing check into an error result and goes on', () => {
    const findings = runChecks({ checks: [thrower, badName], inventory, settings, now });
    expect(findings.filter((f) => f.checkId === 'K8S-WL-902').map((f) => f.status)).toEqual(['error', 'pass', 'pass']);
    expect(findings.find((f) => f.status === 'error')?.message).toBe('check failed to run: TypeError: boom');
    expect(findings.filter((f) => f.checkId === 'K8S-WL-901')).toHaveLength(3);
  });

  it('turns a target that throws into one error result for that check and goes on', () => {
    const broken = defineCheck<KubeObject>({
      ...base,
      id: 'K8S-WL-903',
      target: { id: 'test:broken', select: () => { throw new RangeError('bad view'); } },
      evaluate: () => pass(),
    });
    const { findings, tally } = evaluateChecks({ checks: [broken, badName], inventory, settings, now });
    expect(findings[0]).toMatchObject({ checkId: 'K8S-WL-903', status: 'error', message: 'check failed to select its subjects: RangeError: bad view' });
    expect(tally.error).toBe(1);
    expect(findings.filter((f) => f.checkId === 'K8S-WL-901')).toHaveLength(3);
  });

  it('skips a check whose data could not be collected', () => {
    const gap: Gap = { source: 'kube list pods', reason: 'Forbidden', checks: ['K8S-WL-901'] };
    const starved = createInventory({ kube: inventory.kube as KubeObject[], missing: new Map([['kube:Pod', gap]]) });
    const findings = runChecks({ checks: [badName], inventory: starved, settings, now });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'skipped', message: 'skipped: kube list pods could not be collected (Forbidden)' });
  });

  it('honours enable and severity overrides', () => {
    expect(runChecks({ checks: [badName], inventory, settings, now, overrides: { 'K8S-WL-901': { enabled: false } } })).toEqual([]);
    const findings = runChecks({ checks: [badName], inventory, settings, now, overrides: { 'K8S-WL-901': { severity: 'low' } } });
    expect(findings.every((f) => f.severity === 'low')).toBe(true);
  });

  it('counts every result but keeps only the retained ones', () => {
    const { findings, tally } = evaluateChecks({ checks: [badName, thrower], inventory, settings, now, retain: (s) => s !== 'pass' });
    expect(tally).toEqual({ fail: 1, pass: 3, 'not-applicable': 0, skipped: 0, suppressed: 1, error: 1 });
    expect(findings.map((f) => f.status).sort()).toEqual(['error', 'fail', 'suppressed']);
  });
});

describe('startEvaluation', () => {
  const early = <S>(check: ReturnType<typeof defineCheck<S>>) => defineCheck<S>({ ...check, scope: 'object' });
  const everyPod = defineCheck<KubeObject>({
    ...base,
    id: 'K8S-WL-904',
    messages: { seen: '{{name}} of {{count}}' },
    evaluate: (pod, ctx) => fail({ messageId: 'seen', data: { name: pod.name, count: ctx.inventory.kube.length } }),
  });
  const batches = (evaluation: ReturnType<typeof startEvaluation>): void => {
    for (const object of inventory.kube) evaluation.add([object]);
  };

  it('gives what evaluateChecks gives: object-scoped checks per batch, the others on the whole inventory, in check order', () => {
    const checks = [early(badName), everyPod, early(thrower)];
    const evaluation = startEvaluation({ checks, settings, now });
    batches(evaluation);
    const whole = evaluateChecks({ checks, inventory, settings, now });
    expect(evaluation.finish(inventory)).toEqual(whole);
    // the inventory-wide check saw all three objects
    expect(whole.findings.filter((f) => f.checkId === 'K8S-WL-904').map((f) => f.message)).toEqual(['bad-1 of 3', 'good of 3', 'bad-2 of 3']);
  });

  it('evaluates the object-scoped check on the whole inventory when its data turns out to be missing', () => {
    const gap: Gap = { source: 'kube list pods', reason: 'Forbidden', checks: ['K8S-WL-901'] };
    const starved = createInventory({ kube: inventory.kube as KubeObject[], missing: new Map([['kube:Pod', gap]]) });
    const evaluation = startEvaluation({ checks: [early(badName)], settings, now });
    batches(evaluation);
    const { findings } = evaluation.finish(starved);
    expect(findings.map((f) => f.status)).toEqual(['skipped']);
  });

  it('evaluates the object-scoped check on the whole inventory when its target fails on a batch', () => {
    let calls = 0;
    const flaky = defineCheck<KubeObject>({
      ...base,
      id: 'K8S-WL-905',
      scope: 'object',
      target: {
        id: 'test:flaky',
        select: (inv) => {
          calls += 1;
          if (calls === 2) throw new RangeError('bad batch');
          return pods.select(inv, undefined as never);
        },
      },
      evaluate: () => pass(),
    });
    const evaluation = startEvaluation({ checks: [flaky], settings, now });
    batches(evaluation);
    const { findings, tally } = evaluation.finish(inventory);
    expect(tally).toEqual({ fail: 0, pass: 3, 'not-applicable': 0, skipped: 0, suppressed: 0, error: 0 });
    expect(findings).toHaveLength(3);
  });
});

describe('values a source cannot know', () => {
  const inventory = () => createInventory({ kube: ['good', 'unknown'].map((name) => toKubeObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name } }, { source: 'manifest' })!) });

  it('make the subject whose verdict reads one skipped with the reason, never an error or a pass', () => {
    const reader = defineCheck<KubeObject>({
      ...base,
      id: 'K8S-WL-903',
      evaluate: (pod) => {
        if (pod.name === 'unknown') throw new UnknownValueError('aws_x.y: attr is known only after apply');
        return pass();
      },
    });
    const findings = runChecks({ checks: [reader], inventory: inventory(), settings: { pssLevel: 'restricted', pssVersion: 'latest' }, now: new Date() });
    expect(findings.map((finding) => [(finding.resource as { name: string }).name, finding.status, finding.message])).toEqual([
      ['good', 'pass', 'ok'],
      ['unknown', 'skipped', 'aws_x.y: attr is known only after apply'],
    ]);
  });

  it('skip the whole check, once, when the subjects themselves depend on one', () => {
    const unknownTarget: Target<KubeObject> = {
      id: 'test:unknown',
      select: () => {
        throw new UnknownValueError('a trust policy is known only after apply');
      },
    };
    const check = defineCheck<KubeObject>({ ...base, id: 'K8S-WL-904', target: unknownTarget, evaluate: () => pass() });
    const { findings, tally } = evaluateChecks({ checks: [check], inventory: inventory(), settings: { pssLevel: 'restricted', pssVersion: 'latest' }, now: new Date() });
    expect(findings.map((finding) => [finding.status, finding.message, finding.resource])).toEqual([
      ['skipped', 'skipped: a trust policy is known only after apply', { apiVersion: 'eksguard.io/v1', kind: 'UnknownValue', name: 'K8S-WL-904' }],
    ]);
    expect(tally.skipped).toBe(1);
    expect(tally.error).toBe(0);
  });
});

describe('checks of stage findings', () => {
  const reader = defineCheck<KubeObject>({
    ...base,
    id: 'K8S-WL-903',
    stage: 'findings',
    target: { id: 'test:once', select: (inventory) => [{ ref: { apiVersion: 'v1', kind: 'Pod', name: 'summary' }, value: inventory.kube[0]! }] },
    messages: { saw: 'saw {{findings}}' },
    evaluate: (_pod, ctx) => fail({ messageId: 'saw', data: { findings: (ctx.findings ?? []).map((f) => `${f.checkId}:${(f.resource as { name: string }).name}:${f.status}`).join(',') } }),
  });

  it('run after every other check, whatever the registry order, and read their failed and suppressed results', () => {
    const findings = runChecks({ checks: [reader, badName], inventory, settings, now });
    expect(findings.map((f) => f.checkId)).toEqual(['K8S-WL-903', 'K8S-WL-901', 'K8S-WL-901', 'K8S-WL-901']);
    expect(findings[0]!.message).toBe('saw K8S-WL-901:bad-1:fail,K8S-WL-901:bad-2:suppressed');
  });

  it('see the failures even when the report keeps only some results', () => {
    const { findings } = evaluateChecks({ checks: [badName, reader], inventory, settings, now, retain: (status) => status === 'pass' });
    expect(findings.map((f) => f.checkId)).toEqual(['K8S-WL-901']);
    const all = evaluateChecks({ checks: [badName, reader], inventory, settings, now });
    expect(all.findings.at(-1)!.message).toBe('saw K8S-WL-901:bad-1:fail,K8S-WL-901:bad-2:suppressed');
  });

  it('read the early object-scoped results of an incremental evaluation too', () => {
    const scoped = defineCheck<KubeObject>({ ...base, id: 'K8S-WL-904', scope: 'object', messages: { bad: 'bad' }, evaluate: (pod) => (pod.name.startsWith('bad') ? fail({ messageId: 'bad' }) : pass()) });
    const incremental = startEvaluation({ checks: [scoped, reader], settings, now });
    incremental.add(inventory.kube);
    const { findings } = incremental.finish(inventory);
    expect(findings.find((f) => f.checkId === 'K8S-WL-903')!.message).toBe('saw K8S-WL-904:bad-1:fail,K8S-WL-904:bad-2:fail');
  });
});

describe('message IDs', () => {
  const settings = { pssLevel: 'restricted' as const, pssVersion: 'latest' };
  const now = new Date('2026-01-01T00:00:00Z');
  const withMessages = (id: string, evaluate: (pod: KubeObject) => ReturnType<typeof pass>) =>
    defineCheck<KubeObject>({ ...base, id, messages: { badPod: 'pod {{name}} is bad', also: 'and {{what}}' }, evaluate });

  it('renders the message from the check, keeps its ID on the finding and takes the name verbatim', () => {
    const check = withMessages('K8S-WL-911', (pod) => (pod.name.startsWith('bad') ? fail({ messageId: 'badPod', data: { name: `{{what}}${pod.name}` }, more: [{ messageId: 'also', data: { what: 'worse' } }], omitted: 2 }) : pass()));
    const [first] = runChecks({ checks: [check], inventory, settings, now }).filter((finding) => finding.status === 'fail');
    expect(first).toMatchObject({ messageId: 'badPod', message: 'pod {{what}}bad-1 is bad; and worse; and 2 more' });
  });

  it('reports an undeclared message ID or an unfilled placeholder as an error of the check, not a crash', () => {
    const unknown = withMessages('K8S-WL-912', () => fail({ messageId: 'nope' }));
    const unfilled = withMessages('K8S-WL-913', () => fail({ messageId: 'badPod' }));
    for (const check of [unknown, unfilled]) {
      const findings = runChecks({ checks: [check], inventory, settings, now });
      expect(findings.map((finding) => finding.status)).toEqual(['error', 'error', 'error']);
      expect(findings[0]!.message).toMatch(/^check failed to run: /);
    }
  });
});
