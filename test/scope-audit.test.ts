import { describe, expect, it } from 'vitest';
import { allChecks } from '../src/checks/index.js';
import { defineCheck, fail, pass, type CheckSettings, type Subject } from '../src/core/check.js';
import type { KubeObject, KubeRaw } from '../src/core/inventory.js';
import { objectsOfKind, kubeSubject, workloads } from '../src/k8s/targets.js';
import { exampleClusterObjects } from './helpers/cluster-objects.js';
import { FIXED_NOW, inventoryFromYaml } from './helpers/run-check.js';
import { auditScope } from './helpers/scope-audit.js';

const examples = exampleClusterObjects();

/** A deterministic generator, so a failing inventory can be rebuilt. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function withNamespace(object: KubeObject, namespace: string): KubeObject {
  const metadata = { ...(object.raw['metadata'] as KubeRaw), namespace };
  return { ...object, namespace, raw: { ...object.raw, metadata } };
}

function renamed(object: KubeObject, name: string): KubeObject {
  const metadata = { ...(object.raw['metadata'] as KubeRaw), name };
  return { ...object, name, raw: { ...object.raw, metadata } };
}

/**
 * The examples mixed across namespaces: each namespaced object moves to one of a few shared
 * namespaces or stays, and some Namespace objects take a shared name, so objects of different
 * examples (policies, quotas, service accounts, workloads, namespace labels) meet.
 */
function generatedInventory(seed: number): KubeObject[] {
  const random = generator(seed);
  const shared = ['team-a', 'team-b', 'team-c'];
  const byKey = new Map<string, KubeObject>();
  for (const object of examples) {
    const pick = shared[Math.floor(random() * shared.length)]!;
    const move = random() < 0.6;
    let placed = object;
    if (object.namespace !== undefined && move) placed = withNamespace(object, pick);
    else if (object.kind === 'Namespace' && move) placed = renamed(object, pick);
    byKey.set(`${placed.kind}/${placed.namespace ?? ''}/${placed.name}`, placed);
  }
  return [...byKey.values()];
}

const inventories: [string, KubeObject[]][] = [['examples', examples], ...[1, 2, 3].map((seed): [string, KubeObject[]] => [`generated seed ${seed}`, generatedInventory(seed)])];
const scoped = allChecks.filter((check) => check.scope !== undefined);
const settingsCases: CheckSettings[] = [
  { pssLevel: 'restricted', pssVersion: 'latest' },
  { pssLevel: 'baseline', pssVersion: 'v1.22' },
];

describe('every declared scope holds', () => {
  it('has checks of both scopes and inventories with much to judge', () => {
    expect(scoped.filter((check) => check.scope === 'object').length).toBeGreaterThan(30);
    expect(scoped.filter((check) => check.scope === 'namespace').length).toBeGreaterThan(10);
    for (const [, objects] of inventories) expect(new Set(objects.map((object) => object.namespace)).size).toBeGreaterThan(5);
  });

  describe.each(settingsCases)('at $pssLevel $pssVersion', (settings) => {
    it.each(inventories)('on %s: reads and slices agree with every declaration', (_name, objects) => {
      const violations = scoped.flatMap((check) => auditScope(check, objects, { settings, now: FIXED_NOW }));
      expect(violations).toEqual([]);
    });
  });
});

/** A pod with a NetworkPolicy beside it in its namespace, and a pod alone in another. */
const PODS = inventoryFromYaml(`apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec: { containers: [{ name: web, image: nginx }] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny, namespace: shop }
spec: { podSelector: {} }
---
apiVersion: v1
kind: Pod
metadata: { name: api, namespace: billing }
spec: { containers: [{ name: api, image: nginx }] }
`).kube;

/** The namespace of a subject's object (these checks judge Kubernetes objects only). */
const namespaceOf = (subject: Subject<unknown>): string | undefined => ('namespace' in subject.ref ? subject.ref.namespace : undefined);

const options = { settings: settingsCases[0]!, now: FIXED_NOW };
const common = {
  area: 'network' as const,
  severity: 'low' as const,
  rationale: 'r',
  remediation: 'r',
  references: [],
  standards: [],
  admission: { scanOnly: 'test' },
  examples: { pass: [], fail: [] },
  messages: { noPolicy: 'no policy', tooManyPods: 'too many pods' },
};

describe('auditScope', () => {
  it("refuses a check declared 'object' that looks up other objects while judging", () => {
    const check = defineCheck({
      ...common,
      id: 'K8S-NET-901',
      title: 'wrongly object-scoped: reads the inventory',
      target: workloads,
      needs: ['kube:workloads', 'kube:NetworkPolicy'],
      scope: 'object',
      evaluate(_workload, ctx, subject) {
        const covered = ctx.inventory.kube.some((object) => object.kind === 'NetworkPolicy' && object.namespace === namespaceOf(subject));
        return covered ? pass() : fail({ messageId: 'noPolicy' });
      },
    });
    const violations = auditScope(check, PODS, options);
    expect(violations.length).toBeGreaterThan(0);
    expect(violations[0]).toMatchObject({ checkId: 'K8S-NET-901', subject: 'Pod shop/web' });
    expect(violations[0]!.problem).toContain("declared scope 'object' but read");
    expect(violations[0]!.problem).toContain('NetworkPolicy shop/deny');
  });

  it("refuses a check declared 'object' whose memoised view joins objects", () => {
    const check = defineCheck({
      ...common,
      id: 'K8S-NET-902',
      title: 'wrongly object-scoped: a shared view',
      target: workloads,
      needs: ['kube:workloads', 'kube:NetworkPolicy'],
      scope: 'object',
      evaluate(_workload, ctx, subject) {
        const covered = ctx.memo('test:covered', () => new Set(ctx.inventory.kube.filter((object) => object.kind === 'NetworkPolicy').map((object) => object.namespace)));
        return covered.has(namespaceOf(subject)) ? pass() : fail({ messageId: 'noPolicy' });
      },
    });
    expect(auditScope(check, PODS, options).map((violation) => violation.problem)).toContainEqual(expect.stringContaining("declared scope 'object' but read"));
  });

  it("refuses a check declared 'object' whose target joins objects before evaluate runs (the slices disagree)", () => {
    const check = defineCheck<{ covered: boolean }>({
      ...common,
      id: 'K8S-NET-903',
      title: 'wrongly object-scoped: a joining target',
      target: {
        id: 'test:pods-with-coverage',
        kinds: ['Pod'],
        select(inventory) {
          const covered = new Set(inventory.kube.filter((object) => object.kind === 'NetworkPolicy').map((object) => object.namespace));
          return inventory.kube.filter((object) => object.kind === 'Pod').map((object): Subject<{ covered: boolean }> => kubeSubject(object, { covered: covered.has(object.namespace) }));
        },
      },
      needs: ['kube:Pod', 'kube:NetworkPolicy'],
      scope: 'object',
      evaluate: (subject) => (subject.covered ? pass() : fail({ messageId: 'noPolicy' })),
    });
    const violations = auditScope(check, PODS, options);
    expect(violations).toEqual([{ checkId: 'K8S-NET-903', subject: 'Pod shop/web', problem: "declared scope 'object' but judging each object alone gives other results than judging the whole inventory" }]);
  });

  it("refuses a check declared 'namespace' that reads another namespace's objects", () => {
    const check = defineCheck({
      ...common,
      id: 'K8S-NET-904',
      title: 'wrongly namespace-scoped: counts every pod of the cluster',
      target: objectsOfKind('NetworkPolicy'),
      needs: ['kube:NetworkPolicy', 'kube:Pod'],
      scope: 'namespace',
      evaluate(_policy, ctx) {
        const pods = ctx.inventory.kube.filter((object) => object.kind === 'Pod').map((object) => object.name);
        return pods.length > 1 ? fail({ messageId: 'tooManyPods' }) : pass();
      },
    });
    const problems = auditScope(check, PODS, options).map((violation) => violation.problem);
    expect(problems).toContainEqual(expect.stringContaining("declared scope 'namespace' but read objects outside namespace shop: Pod billing/api"));
    expect(problems).toContain("declared scope 'namespace' but judging the namespace's slice gives other results than judging the whole inventory");
  });

  it("refuses a scope declared on a check that reads AWS data or other checks' results, which its units never carry", () => {
    const check = defineCheck({
      ...common,
      id: 'K8S-NET-905',
      title: 'wrongly object-scoped: reads node groups',
      target: workloads,
      needs: ['kube:workloads'],
      reads: ['aws:eks:DescribeNodegroup'],
      scope: 'object',
      stage: 'findings',
      evaluate: () => pass(),
    });
    expect(auditScope(check, PODS, options).map((violation) => violation.problem)).toEqual([
      "declared scope 'object' but reads AWS data (aws:eks:DescribeNodegroup), which its units do not carry",
      "declared scope 'object' but reads the results of every other check (stage 'findings')",
    ]);
  });

  it('accepts checks that keep to their declaration (an object check, a namespace check)', () => {
    const objectCheck = allChecks.find((check) => check.id === 'PSS-privileged')!;
    const namespaceCheck = allChecks.find((check) => check.id === 'K8S-NET-001')!;
    expect(objectCheck.scope).toBe('object');
    expect(namespaceCheck.scope).toBe('namespace');
    expect(auditScope(objectCheck, PODS, options)).toEqual([]);
    expect(auditScope(namespaceCheck, PODS, options)).toEqual([]);
  });
});
