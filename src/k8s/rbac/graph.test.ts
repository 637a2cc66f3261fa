import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../core/inventory.js';
import { inventoryFromYaml } from '../../../test/helpers/run-check.js';
import { MANIFEST_LIMITS, parseManifestText } from '../../sources/manifests/index.js';
import { unsetNamespaceKey } from '../namespace-scope.js';
import { buildRbacGraph, type RbacGraph } from './graph.js';
import { bindingGrants, permission } from './permissions.js';
import { describeRule } from './rules.js';

function graphOf(yaml: string, options = {}): RbacGraph {
  return buildRbacGraph(inventoryFromYaml(yaml).kube, options);
}

const readSecrets = permission({ id: 'test:secrets', verbs: ['get'], group: '', resources: ['secrets'] });

const aggregated = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: monitoring }
aggregationRule:
  clusterRoleSelectors:
    - matchLabels: { example.com/aggregate-to-monitoring: "true" }
    - matchExpressions: [{ key: tier, operator: In, values: [observability] }]
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: b-metrics, labels: { example.com/aggregate-to-monitoring: "true" } }
rules:
  - { apiGroups: [""], resources: [pods], verbs: [get, list] }
  - { apiGroups: [""], resources: [secrets], verbs: [get] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: a-logs, labels: { tier: observability } }
rules:
  - { apiGroups: [""], resources: [pods], verbs: [get, list] }
  - { apiGroups: [""], resources: [pods/log], verbs: [get] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: unrelated, labels: { tier: web } }
rules:
  - { apiGroups: ["*"], resources: ["*"], verbs: ["*"] }
`;

describe('RBAC graph', () => {
  it('resolves RoleBindings to Roles in their namespace and ClusterRoles, and ClusterRoleBindings to ClusterRoles only', () => {
    const graph = graphOf(`
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: reader, namespace: shop }
rules: [{ apiGroups: [""], resources: [secrets], verbs: [get] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: local, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader }
subjects: [{ kind: User, name: alice }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: elsewhere, namespace: billing }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader }
subjects: [{ kind: User, name: bob }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: invalid }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader }
subjects: [{ kind: User, name: carol }]
`);
    const [local, elsewhere, invalid] = graph.bindings;
    expect(local!.role?.name).toBe('reader');
    expect(bindingGrants(graph, local!, readSecrets)?.effective.index).toBe(0);
    expect(elsewhere!.role).toBeUndefined();
    expect(invalid!.role).toBeUndefined();
    expect(invalid!.clusterWide).toBe(true);
  });

  it('aggregates ClusterRoles by matchLabels and matchExpressions, de-duplicated, sources in name order', () => {
    const graph = graphOf(aggregated);
    const monitoring = graph.clusterRole('monitoring')!;
    expect(graph.aggregationSources(monitoring).map((role) => role.name)).toEqual(['a-logs', 'b-metrics']);
    const rules = graph.effectiveRules(monitoring);
    expect(rules.map((effective) => `${effective.role.name}[${effective.index}] ${describeRule(effective.rule)}`)).toEqual([
      'a-logs[0] verbs=get,list apiGroups="" resources=pods',
      'a-logs[1] verbs=get apiGroups="" resources=pods/log',
      'b-metrics[1] verbs=get apiGroups="" resources=secrets',
    ]);
  });

  it('resolves aggregation transitively and survives cycles', () => {
    const graph = graphOf(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: outer }
aggregationRule: { clusterRoleSelectors: [{ matchLabels: { to-outer: "true" } }] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: middle, labels: { to-outer: "true", to-middle: "true" } }
aggregationRule: { clusterRoleSelectors: [{ matchLabels: { to-middle: "true" } }] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: leaf, labels: { to-middle: "true" } }
rules: [{ apiGroups: [""], resources: [nodes/proxy], verbs: [get] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: loop-a, labels: { loop: b } }
aggregationRule: { clusterRoleSelectors: [{ matchLabels: { loop: a } }] }
rules: [{ apiGroups: [""], resources: [pods], verbs: [get] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: loop-b, labels: { loop: a } }
aggregationRule: { clusterRoleSelectors: [{ matchLabels: { loop: b } }] }
rules: [{ apiGroups: [""], resources: [services], verbs: [get] }]
`);
    expect(graph.effectiveRules(graph.clusterRole('outer')!).map((effective) => effective.role.name)).toEqual(['leaf']);
    const loop = graph.effectiveRules(graph.clusterRole('loop-a')!).map((effective) => effective.rule.resources[0]);
    expect(loop.sort()).toEqual(['pods', 'services']);
  });

  it('keeps an aggregated role as written when a selector is invalid (the controller stops)', () => {
    const graph = graphOf(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: broken }
aggregationRule: { clusterRoleSelectors: [{ matchExpressions: [{ key: x, operator: Bogus }] }] }
rules: [{ apiGroups: [""], resources: [pods], verbs: [get] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: source, labels: { x: "1" } }
rules: [{ apiGroups: [""], resources: [secrets], verbs: [get] }]
`);
    const broken = graph.clusterRole('broken')!;
    expect(broken.aggregation).toEqual({ invalid: expect.stringContaining('Bogus') });
    expect(graph.effectiveRules(broken).map((effective) => effective.rule.resources[0])).toEqual(['pods']);
  });

  it('stands in Kubernetes default ClusterRoles for a manifest scan, including aggregation into edit', () => {
    const graph = graphOf(`
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: team-edit, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ kind: Group, name: shop-devs }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: widgets-edit, labels: { rbac.authorization.k8s.io/aggregate-to-edit: "true" } }
rules: [{ apiGroups: [example.com], resources: [widgets], verbs: ["*"] }]
`);
    const binding = graph.bindings[0]!;
    expect(binding.role?.name).toBe('edit');
    expect(binding.role?.object).toBeUndefined();
    const match = bindingGrants(graph, binding, readSecrets);
    expect(match?.effective.role.name).toBe('system:aggregate-to-edit');
    const widgets = permission({ id: 'test:widgets', verbs: ['delete'], group: 'example.com', resources: ['widgets'] });
    expect(bindingGrants(graph, binding, widgets)?.effective.role.name).toBe('widgets-edit');
    // view does not read Secrets
    expect(graph.effectiveRules(graph.clusterRole('view')!).some((effective) => effective.rule.resources.includes('secrets'))).toBe(false);
  });

  it('prefers the inventory role over the stand-in, and drops stand-ins when told to', () => {
    const yaml = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: edit }
rules: [{ apiGroups: [""], resources: [configmaps], verbs: [get] }]
`;
    expect(graphOf(yaml).clusterRole('edit')!.object).toBeDefined();
    expect(graphOf(yaml).effectiveRules(graphOf(yaml).clusterRole('edit')!)).toHaveLength(1);
    expect(graphOf('', { builtInStandIns: false }).clusterRole('cluster-admin')).toBeUndefined();
    expect(graphOf('').clusterRole('cluster-admin')).toBeDefined();
  });

  it('does not use stand-ins when the ClusterRoles come from a live cluster', () => {
    const objects = inventoryFromYaml(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: something }
rules: []
`).kube.map((object): KubeObject => ({ ...object, provenance: { source: 'cluster', context: 'prod' } }));
    expect(buildRbacGraph(objects).clusterRole('cluster-admin')).toBeUndefined();
  });

  it('marks built-in objects by exact name only', () => {
    const graph = graphOf(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: system:controller:replicaset-controller }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:controller:replicaset-controller }
subjects: [{ kind: ServiceAccount, name: replicaset-controller, namespace: kube-system }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: system:controller:my-own-thing }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: User, name: mallory }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: eks:node-manager }
rules: []
`);
    expect(graph.bindings[0]!.builtIn?.origin).toBe('kubernetes');
    expect(graph.bindings[1]!.builtIn).toBeUndefined();
    expect(graph.roles[0]!.builtIn).toBe('eks');
  });

  it('scales linearly: 20,000 bindings to one aggregated role resolve it once', () => {
    const docs: string[] = [aggregated];
    for (let i = 0; i < 20_000; i += 1) {
      docs.push(`apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: b${i}, namespace: ns${i % 500} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: monitoring }
subjects: [{ kind: ServiceAccount, name: sa${i} }]`);
    }
    const graph = graphOf(docs.join('\n---\n'));
    const started = performance.now();
    const granted = graph.bindings.filter((binding) => bindingGrants(graph, binding, readSecrets)).length;
    expect(granted).toBe(20_000);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('namespace-less Roles and RoleBindings', () => {
  const role = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: reader }
rules: [{ apiGroups: [""], resources: [secrets], verbs: [get] }]
`;
  const binding = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: reader }
subjects: [{ kind: ServiceAccount, name: app }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader }
`;
  const parse = (text: string, file: string) => parseManifestText({ text, file, limits: MANIFEST_LIMITS, apiChecks: false }).objects;

  it('joins a RoleBinding to the Role of its own source, whose ServiceAccount subject lands in the same namespace', () => {
    const graph = buildRbacGraph(parse(`${role}---\n${binding}`, 'app/rbac.yaml'));
    const [node] = graph.bindings;
    expect(node?.role?.name).toBe('reader');
    expect(bindingGrants(graph, node!, readSecrets)).toBeDefined();
    expect(node?.subjects).toEqual([{ kind: 'ServiceAccount', name: 'app', scope: unsetNamespaceKey('app/rbac.yaml'), index: 0 }]);
  });

  it('never joins them across sources: the Role of another file may land in another namespace', () => {
    const graph = buildRbacGraph([...parse(role, 'a/role.yaml'), ...parse(binding, 'b/binding.yaml')]);
    expect(graph.bindings[0]?.role).toBeUndefined();
  });
});
