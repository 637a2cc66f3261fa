import { describe, expect, it } from 'vitest';
import { createContext } from '../core/engine.js';
import type { KubeObject } from '../core/inventory.js';
import { DEFAULT_SETTINGS, FIXED_NOW, inventoryFromYaml } from '../../test/helpers/run-check.js';
import { unsetNamespaceKey } from './namespace-scope.js';
import {
  egressRuleAdmitsImds,
  ingressFromEverywhere,
  isDefaultDenyEgress,
  isDefaultDenyIngress,
  policiesIn,
  policiesSelecting,
  toNetworkPolicyView,
} from './network-policy.js';
import { selectorMatches } from './selectors.js';

function contextOf(yaml: string) {
  return createContext({ inventory: inventoryFromYaml(yaml), settings: DEFAULT_SETTINGS, now: FIXED_NOW });
}

function policy(spec: string, namespace = 'shop'): KubeObject {
  return inventoryFromYaml(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: p, namespace: ${namespace} }
spec:
${spec
  .split('\n')
  .map((line) => `  ${line}`)
  .join('\n')}
`).kube[0]!;
}

describe('NetworkPolicy view', () => {
  it('treats an absent, null or empty podSelector as every pod of the namespace', () => {
    for (const spec of ['policyTypes: [Ingress]', 'podSelector: null', 'podSelector: {}']) {
      const view = toNetworkPolicyView(policy(spec));
      expect(view.selectsAllPods, spec).toBe(true);
      expect(selectorMatches(view.podSelector, { any: 'thing' })).toBe(true);
    }
  });

  it('selects nothing with an invalid selector and says why', () => {
    const view = toNetworkPolicyView(policy('podSelector: { matchExpressions: [{ key: app, operator: Equals, values: [web] }] }'));
    expect(view.selectsAllPods).toBe(false);
    expect(view.invalidSelector).toMatch(/operator "Equals"/);
    expect(selectorMatches(view.podSelector, { app: 'web' })).toBe(false);
  });

  it('defaults policyTypes like the API server', () => {
    expect(toNetworkPolicyView(policy('podSelector: {}'))).toMatchObject({ ingress: true, egress: false });
    expect(toNetworkPolicyView(policy('podSelector: {}\negress: []'))).toMatchObject({ ingress: true, egress: false });
    expect(toNetworkPolicyView(policy('podSelector: {}\negress: [{}]'))).toMatchObject({ ingress: true, egress: true });
    expect(toNetworkPolicyView(policy('podSelector: {}\npolicyTypes: [Egress]\ningress: [{}]'))).toMatchObject({ ingress: false, egress: true });
  });

  it('recognises default-deny policies only when they select every pod and allow nothing', () => {
    expect(isDefaultDenyIngress(toNetworkPolicyView(policy('podSelector: {}')))).toBe(true);
    expect(isDefaultDenyIngress(toNetworkPolicyView(policy('podSelector: {}\ningress: []')))).toBe(true);
    expect(isDefaultDenyIngress(toNetworkPolicyView(policy('podSelector: {}\ningress: [{ from: [{ podSelector: {} }] }]')))).toBe(false);
    expect(isDefaultDenyIngress(toNetworkPolicyView(policy('podSelector: { matchLabels: { app: web } }')))).toBe(false);
    expect(isDefaultDenyIngress(toNetworkPolicyView(policy('podSelector: {}\npolicyTypes: [Egress]')))).toBe(false);
    // without policyTypes, a policy with no egress rules is not an egress policy at all
    expect(isDefaultDenyEgress(toNetworkPolicyView(policy('podSelector: {}')))).toBe(false);
    expect(isDefaultDenyEgress(toNetworkPolicyView(policy('podSelector: {}\npolicyTypes: [Ingress, Egress]')))).toBe(true);
    expect(isDefaultDenyEgress(toNetworkPolicyView(policy('podSelector: {}\npolicyTypes: [Egress]\negress: [{ to: [{ podSelector: {} }] }]')))).toBe(false);
  });

  it('finds ingress rules that admit every source', () => {
    const open = (spec: string) => ingressFromEverywhere(toNetworkPolicyView(policy(spec))).map((item) => item.path);
    expect(open('podSelector: {}\ningress: [{}]')).toEqual(['spec.ingress[0]']);
    expect(open('podSelector: {}\ningress: [{ from: [] }]')).toEqual(['spec.ingress[0]']);
    expect(open('podSelector: {}\ningress: [{ from: [{}] }]')).toEqual(['spec.ingress[0].from[0]']);
    expect(open('podSelector: {}\ningress: [{ from: [{ podSelector: {} }, { ipBlock: { cidr: "::/0" } }] }]')).toEqual(['spec.ingress[0].from[1].ipBlock.cidr']);
    expect(open('podSelector: {}\ningress: [{ from: [{ ipBlock: { cidr: 10.0.0.0/8 } }, { namespaceSelector: {} }] }]')).toEqual([]);
    // an Egress-only policy's ingress rules are ignored by Kubernetes
    expect(open('podSelector: {}\npolicyTypes: [Egress]\ningress: [{}]')).toEqual([]);
  });

  it('does not crash on malformed rules', () => {
    const view = toNetworkPolicyView(policy('podSelector: {}\ningress: [7, null, { from: "x", ports: [{ port: { nested: 1 } }] }]\negress: "nope"'));
    expect(view.ingressRules).toHaveLength(1);
    expect(view.ingressRules[0]!.peers).toBe('all');
    expect(view.egressRules).toEqual([]);
  });
});

describe('egress to the instance metadata service', () => {
  const rule = (spec: string) => toNetworkPolicyView(policy(`podSelector: {}\npolicyTypes: [Egress]\negress:\n  - ${spec}`)).egressRules[0]!;

  it('is admitted by a rule without destinations, on matching ports', () => {
    expect(egressRuleAdmitsImds(rule('{}'))).toMatch(/names no destination/);
    expect(egressRuleAdmitsImds(rule('ports: [{ port: 80 }]'))).toBeDefined();
    expect(egressRuleAdmitsImds(rule('ports: [{ port: 443 }]'))).toBeUndefined();
    expect(egressRuleAdmitsImds(rule('ports: [{ port: 53, protocol: UDP }, { port: 1, endPort: 1024 }]'))).toBeDefined();
    expect(egressRuleAdmitsImds(rule('ports: [{ port: 81, endPort: 1024 }]'))).toBeUndefined();
    expect(egressRuleAdmitsImds(rule('ports: [{ protocol: UDP }]'))).toBeUndefined();
    expect(egressRuleAdmitsImds(rule('ports: [{ protocol: TCP }]'))).toBeDefined();
    expect(egressRuleAdmitsImds(rule('ports: [{ port: http }]'))).toBeUndefined();
    expect(egressRuleAdmitsImds(rule('ports: [{ port: "80" }]'))).toBeDefined();
  });

  it('is admitted by an ipBlock that contains the address and does not except it', () => {
    expect(egressRuleAdmitsImds(rule('to: [{ ipBlock: { cidr: 0.0.0.0/0 } }]'))).toMatch(/0\.0\.0\.0\/0/);
    expect(egressRuleAdmitsImds(rule('to: [{ ipBlock: { cidr: 169.254.169.254/32 } }]'))).toBeDefined();
    expect(egressRuleAdmitsImds(rule('to: [{ ipBlock: { cidr: 0.0.0.0/0, except: [169.254.169.254/32] } }]'))).toBeUndefined();
    expect(egressRuleAdmitsImds(rule('to: [{ ipBlock: { cidr: 10.0.0.0/8 } }, { podSelector: {} }, { namespaceSelector: {} }]'))).toBeUndefined();
  });

  it('is admitted by an IPv6 ipBlock that holds fd00:ec2::254, the metadata service on IPv6', () => {
    expect(egressRuleAdmitsImds(rule('to: [{ ipBlock: { cidr: "::/0" } }]'))).toMatch(/::\/0, which holds fd00:ec2::254/);
    expect(egressRuleAdmitsImds(rule('to: [{ ipBlock: { cidr: "fd00:ec2::/32" } }]'))).toBeDefined();
    expect(egressRuleAdmitsImds(rule('to: [{ ipBlock: { cidr: "::/0", except: ["fd00::/8"] } }]'))).toBeUndefined();
    expect(egressRuleAdmitsImds(rule('to: [{ ipBlock: { cidr: "2600:1f00::/24" } }]'))).toBeUndefined();
  });

  it('groups policies by namespace, treating an absent namespace as its own group, and caches selections', () => {
    const ctx = contextOf(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: a }
spec: { podSelector: {} }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: b, namespace: shop }
spec: { podSelector: { matchLabels: { app: web } } }
---
apiVersion: crd.projectcalico.org/v1
kind: NetworkPolicy
metadata: { name: calico, namespace: shop }
spec: {}
`);
    expect(policiesIn(unsetNamespaceKey('test.yaml'), ctx).map((p) => p.name)).toEqual(['a']);
    expect(policiesIn('shop', ctx).map((p) => p.name)).toEqual(['b']);
    const first = policiesSelecting('shop', { app: 'web' }, ctx);
    expect(first.map((p) => p.name)).toEqual(['b']);
    expect(policiesSelecting('shop', { app: 'web' }, ctx)).toBe(first);
    expect(policiesSelecting('shop', { app: 'db' }, ctx)).toEqual([]);
  });
});

describe('indexed policy selection', () => {
  it('returns exactly what evaluating every selector returns, in declaration order', () => {
    // A deterministic pseudo-random generator keeps the case reproducible.
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const keys = ['app', 'tier', 'team', 'env'];
    const values = ['a', 'b', 'c'];
    const operators = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
    const selectors: string[] = ['{}', 'null', '{ matchExpressions: [{ key: app, operator: In, values: [] }] }'];
    for (let i = 0; i < 60; i += 1) {
      const labels = random(2) ? `matchLabels: { ${keys[random(4)]}: ${values[random(3)]} }` : '';
      const expressions = Array.from({ length: random(3) }, () => {
        const operator = operators[random(4)]!;
        const list = operator === 'In' || operator === 'NotIn' ? `, values: [${values.slice(0, 1 + random(3)).join(', ')}]` : '';
        return `{ key: ${keys[random(4)]}, operator: ${operator}${list} }`;
      });
      selectors.push(`{ ${[labels, expressions.length ? `matchExpressions: [${expressions.join(', ')}]` : ''].filter(Boolean).join(', ')} }`);
    }
    const yaml = selectors
      .map((selector, i) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: p${i}, namespace: shop }\nspec: { podSelector: ${selector} }\n`)
      .join('---\n');
    const ctx = contextOf(yaml);
    const all = policiesIn('shop', ctx);
    expect(all).toHaveLength(selectors.length);
    let matched = 0;
    for (let i = 0; i < 300; i += 1) {
      const labels: Record<string, string> = {};
      for (const key of keys) if (random(2)) labels[key] = values[random(3)]!;
      const expected = all.filter((policy) => selectorMatches(policy.podSelector, labels)).map((policy) => policy.name);
      expect(policiesSelecting('shop', labels, ctx).map((policy) => policy.name), JSON.stringify(labels)).toEqual(expected);
      matched += expected.length;
    }
    // the generated cases select some policies but far from all: the comparison is not vacuous
    expect(matched).toBeGreaterThan(300 * 2);
    expect(matched).toBeLessThan(300 * all.length * 0.5);
  });
});
