import { describe, expect, it } from 'vitest';
import { allChecks } from '../checks/index.js';
import type { CheckSettings } from '../core/check.js';
import { evaluateChecks } from '../core/engine.js';
import { createInventory, type KubeObject } from '../core/inventory.js';
import type { Finding, Gap } from '../core/types.js';
import { pruneOwnedObjects } from '../sources/kube/owners.js';
import { exampleAwsInventory, exampleClusterObjects, touched } from '../../test/helpers/cluster-objects.js';
import { FIXED_NOW } from '../../test/helpers/run-check.js';
import { IncrementalEvaluator } from './evaluator.js';
import { parseScope, resourceScope, scopeOf } from './results.js';
import { ClusterStore, compareObjects } from './store.js';

const settings: CheckSettings = { pssLevel: 'restricted', pssVersion: 'latest' };
// every check on, so opt-in checks are held to their scope too
const overrides = Object.fromEntries(allChecks.map((check) => [check.id, { enabled: true }]));
const objects = exampleClusterObjects();
const aws = exampleAwsInventory();

/** A deterministic generator, so a failing sequence can be replayed. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function canonical(findings: Iterable<Finding>): string[] {
  return [...findings].map((finding) => JSON.stringify(finding)).sort();
}

function whole(current: readonly KubeObject[], includePassed: boolean): string[] {
  const kube = pruneOwnedObjects([...current].sort(compareObjects)).kept;
  const { findings } = evaluateChecks({
    checks: allChecks,
    inventory: createInventory({ kube, aws: [...aws.aws] }),
    settings,
    now: FIXED_NOW,
    overrides,
    retain: includePassed ? () => true : (status) => status !== 'pass' && status !== 'not-applicable',
  });
  return canonical(findings);
}

function incremental(evaluator: IncrementalEvaluator): string[] {
  const all: Finding[] = [];
  for (const scope of evaluator.scopes()) all.push(...evaluator.findingsIn(scope));
  return canonical(all);
}

/** Each report's results, canonical. */
function byScope(evaluator: IncrementalEvaluator): Map<string, string[]> {
  return new Map(evaluator.scopes().map((scope) => [scope, canonical(evaluator.findingsIn(scope))]));
}

function setup(includePassed: boolean) {
  const store = new ClusterStore();
  const evaluator = new IncrementalEvaluator({ checks: allChecks, settings, overrides, includePassed }, store);
  evaluator.setAws(aws.aws, [], new Map());
  return { store, evaluator };
}

describe('IncrementalEvaluator', () => {
  it('has examples of every kind of unit to judge', () => {
    expect(objects.length).toBeGreaterThan(100);
    expect(new Set(objects.map((object) => object.kind)).size).toBeGreaterThan(15);
    expect(allChecks.filter((check) => check.scope === 'namespace').length).toBeGreaterThan(10);
    expect(aws.aws.length).toBeGreaterThan(10);
  });

  it.each([false, true])('after any sequence of adds, changes and deletes, holds exactly what judging the whole cluster gives (includePassed %s)', (includePassed) => {
    for (const seed of [1, 2, 3]) {
      const random = generator(seed);
      const { store, evaluator } = setup(includePassed);
      const current = new Map<string, KubeObject>();
      const order = [...objects].sort(() => random() - 0.5);
      let version = 1_000_000;
      let before = byScope(evaluator);
      for (let step = 0; step < 12; step += 1) {
        // a burst of changes, then one flush, as the debounced watch does
        for (let change = 0; change < 40; change += 1) {
          const pick = order[Math.floor(random() * order.length)]!;
          const key = `${pick.kind}/${pick.namespace ?? ''}/${pick.name}`;
          const roll = random();
          if (roll < 0.55) {
            const object = current.has(key) && roll < 0.2 ? touched(current.get(key)!, String(version++)) : pick;
            current.set(key, object);
            evaluator.noteChanges(store.upsert(object));
          } else if (current.has(key)) {
            current.delete(key);
            evaluator.noteChanges(store.remove(pick));
          }
        }
        const flushed = evaluator.flush(FIXED_NOW);
        expect(incremental(evaluator), `seed ${seed}, step ${step}`).toEqual(whole([...current.values()], includePassed));
        // only the reports named are rewritten: every report whose results changed must be named
        const after = byScope(evaluator);
        for (const scope of new Set([...before.keys(), ...after.keys()])) {
          if (JSON.stringify(before.get(scope) ?? []) !== JSON.stringify(after.get(scope) ?? [])) expect(flushed.scopes.has(scope), `seed ${seed}, step ${step}: ${scope}`).toBe(true);
        }
        before = after;
      }
    }
  });

  it('puts every result in the report of its resource, its namespace, or the cluster-wide one', () => {
    const { store, evaluator } = setup(false);
    evaluator.noteChanges(store.replaceKind('Pod', objects.filter((object) => object.kind === 'Pod')));
    for (const kind of new Set(objects.map((object) => object.kind))) if (kind !== 'Pod') evaluator.noteChanges(store.replaceKind(kind, objects.filter((object) => object.kind === kind)));
    evaluator.flush(FIXED_NOW);
    for (const scope of evaluator.scopes()) for (const finding of evaluator.findingsIn(scope)) expect(scopeOf(finding)).toBe(scope);
    expect(evaluator.findingsIn('').some((finding) => 'arn' in finding.resource)).toBe(true);
    const pod = evaluator.findingsIn('').length > 0 ? objects.find((object) => object.kind === 'Pod' && evaluator.findingsIn(resourceScope({ namespace: object.namespace!, apiVersion: 'v1', kind: 'Pod', name: object.name })).length > 0) : undefined;
    expect(pod, 'a Pod with results of its own report').toBeDefined();
    const namespaceResults = evaluator.scopes().filter((scope) => !scope.includes('\u0000') && scope !== '').flatMap((scope) => evaluator.findingsIn(scope));
    expect(namespaceResults.length).toBeGreaterThan(0);
    for (const finding of namespaceResults) expect(finding.resource).toMatchObject({ kind: 'Namespace' });
    expect(parseScope(scopeOf(evaluator.findingsIn(resourceScope({ namespace: pod!.namespace!, apiVersion: 'v1', kind: 'Pod', name: pod!.name }))[0]!))).toEqual({ namespace: pod!.namespace, resource: { apiVersion: 'v1', kind: 'Pod', name: pod!.name, namespace: pod!.namespace } });
  });

  it('re-judges only the changed object and its namespace for a pod change', () => {
    const { store, evaluator } = setup(false);
    for (const kind of new Set(objects.map((object) => object.kind))) evaluator.noteChanges(store.replaceKind(kind, objects.filter((object) => object.kind === kind)));
    evaluator.flush(FIXED_NOW);
    const pod = objects.find((object) => object.kind === 'Pod')!;
    evaluator.noteChanges(store.upsert(touched(pod, '99999999')));
    const flushed = evaluator.flush(FIXED_NOW);
    // the object, its namespace, the checks of the AWS account (which join workloads' images),
    // and the attack paths once (they read every other result)
    const awsChecks = allChecks.filter((check) => check.scope === undefined && check.stage !== 'findings' && check.needs.some((need) => need.startsWith('aws:')) && !check.needs.some((need) => need.startsWith('kube:'))).length;
    expect(flushed.units).toBe(1 + 1 + awsChecks + 1);
    expect(flushed.seconds.namespace).toBeGreaterThan(0);
  });

  it('names the report of an object deleted and made again (a new uid) with the same results: the report names and is owned by the uid', () => {
    const { store, evaluator } = setup(false);
    for (const kind of new Set(objects.map((object) => object.kind))) evaluator.noteChanges(store.replaceKind(kind, objects.filter((object) => object.kind === kind)));
    evaluator.flush(FIXED_NOW);
    const pod = objects.find((object) => object.kind === 'Pod' && evaluator.findingsIn(resourceScope({ namespace: object.namespace!, apiVersion: 'v1', kind: 'Pod', name: object.name })).length > 0)!;
    const scope = resourceScope({ namespace: pod.namespace!, apiVersion: 'v1', kind: 'Pod', name: pod.name });
    const results = canonical(evaluator.findingsIn(scope));
    const again = touched(pod, '99999998');
    (again.raw['metadata'] as Record<string, unknown>)['uid'] = 'a-new-uid';
    evaluator.noteChanges(store.remove(pod));
    evaluator.noteChanges(store.upsert(again));
    const flushed = evaluator.flush(FIXED_NOW, { deferJoins: true });
    expect(canonical(evaluator.findingsIn(scope))).toEqual(results);
    expect(flushed.scopes.has(scope)).toBe(true);
    // a change that keeps the uid and the results names nothing
    evaluator.noteChanges(store.upsert(touched(again, '99999999')));
    expect(evaluator.flush(FIXED_NOW, { deferJoins: true }).scopes.has(scope)).toBe(false);
  });

  it('judges no check of the AWS account for a change of the cluster while there are no AWS records (their subjects are AWS records)', () => {
    const store = new ClusterStore();
    const evaluator = new IncrementalEvaluator({ checks: allChecks, settings, overrides, includePassed: false }, store);
    for (const kind of new Set(objects.map((object) => object.kind))) evaluator.noteChanges(store.replaceKind(kind, objects.filter((object) => object.kind === kind)));
    evaluator.flush(FIXED_NOW);
    const pod = objects.find((object) => object.kind === 'Pod')!;
    evaluator.noteChanges(store.upsert(touched(pod, '99999999')));
    // the object, its namespace and the attack paths: nothing that joins the AWS account
    expect(evaluator.flush(FIXED_NOW).units).toBe(1 + 1 + 1);
  });

  it('leaves the joins over the whole inventory (attack paths, AWS account) owed when a flush defers them, and the next flush judges them to where judging the whole cluster ends', () => {
    const { store, evaluator } = setup(false);
    for (const kind of new Set(objects.map((object) => object.kind))) evaluator.noteChanges(store.replaceKind(kind, objects.filter((object) => object.kind === kind)));
    evaluator.flush(FIXED_NOW);
    expect(evaluator.joinsPending()).toBe(false);
    // a privileged Pod changes the attack paths, which wait while the Pod's own results do not
    const pod = objects.find((object) => object.kind === 'Pod')!;
    const changed = touched(pod, '99999999');
    const spec = (changed.raw['spec'] as { containers: Record<string, unknown>[] });
    changed.raw['spec'] = { ...spec, hostNetwork: true, containers: spec.containers.map((container) => ({ ...container, securityContext: { privileged: true } })) };
    evaluator.noteChanges(store.upsert(changed));
    const deferred = evaluator.flush(FIXED_NOW, { deferJoins: true });
    // the Pod and its namespace only
    expect(deferred.units).toBe(2);
    expect(evaluator.joinsPending()).toBe(true);
    const current = objects.map((object) => (object === pod ? changed : object));
    const expected = whole(current, false);
    const attackIds = new Set(allChecks.filter((check) => check.stage === 'findings' || (check.scope === undefined && !check.needs.some((need) => need.startsWith('kube:')))).map((check) => check.id));
    const withoutAttack = (list: string[]) => list.filter((line) => !attackIds.has(JSON.parse(line).checkId));
    expect(withoutAttack(incremental(evaluator))).toEqual(withoutAttack(expected));
    const later = evaluator.flush(FIXED_NOW);
    const awsChecks = allChecks.filter((check) => check.scope === undefined && check.stage !== 'findings' && check.needs.some((need) => need.startsWith('aws:')) && !check.needs.some((need) => need.startsWith('kube:'))).length;
    expect(later.units).toBe(awsChecks + 1);
    expect(evaluator.joinsPending()).toBe(false);
    expect(incremental(evaluator)).toEqual(expected);
  });

  it('reports each check whose data a refused list left missing once, as skipped, and judges it again when the data comes back', () => {
    const { store, evaluator } = setup(false);
    for (const kind of new Set(objects.map((object) => object.kind))) evaluator.noteChanges(store.replaceKind(kind, objects.filter((object) => object.kind === kind)));
    const gap: Gap = { source: 'kube list networkpolicies.networking.k8s.io', reason: 'Forbidden: networkpolicies is forbidden', checks: [] };
    evaluator.setKubeGaps([gap], new Map([['kube:NetworkPolicy', gap]]));
    evaluator.flush(FIXED_NOW);
    const all = evaluator.scopes().flatMap((scope) => evaluator.findingsIn(scope));
    const net001 = all.filter((finding) => finding.checkId === 'K8S-NET-001');
    expect(net001).toHaveLength(1);
    expect(net001[0]).toMatchObject({ status: 'skipped', message: `skipped: ${gap.source} could not be collected (${gap.reason})` });
    expect(evaluator.gaps()).toEqual([gap]);

    evaluator.setKubeGaps([], new Map());
    evaluator.flush(FIXED_NOW);
    const after = evaluator.scopes().flatMap((scope) => evaluator.findingsIn(scope));
    expect(after.filter((finding) => finding.checkId === 'K8S-NET-001' && finding.status === 'fail').length).toBeGreaterThan(1);
    expect(after.some((finding) => finding.status === 'skipped' && finding.checkId === 'K8S-NET-001')).toBe(false);
  });
});
