import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { grantData } from '../../../../test/helpers/rbac-grant.js';
import type { KubeObject } from '../../../core/inventory.js';
import { createInventory } from '../../../core/inventory.js';
import { failures, inventoryFromYaml, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { wildcardRules } from './k8s-rbac-002-wildcard-rules.js';

describe('K8S-RBAC-002 wildcard rules', () => {
  it('reports the first wildcard rule with its path and lists the others', () => {
    const findings = runCheck(
      wildcardRules,
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: support-tools
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["get"]
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["get"]
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["*"]
`,
    );
    const [finding] = failures(findings);
    expect(finding!.message).toBe('ClusterRole support-tools grants * in apiGroups, resources at rules[1]: verbs=get apiGroups=* resources=* (also rules[2])');
    expect(finding!.path).toBe('rules[1]');
    expect(finding!.location).toEqual({ file: 'test.yaml', line: 9 });
  });

  it('judges namespaced Roles too and ignores */subresource forms', () => {
    const findings = runCheck(
      wildcardRules,
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: scaler, namespace: shop }
rules: [{ apiGroups: [apps], resources: ["*/scale"], verbs: [update] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: all-verbs, namespace: shop }
rules: [{ apiGroups: [""], resources: [pods], verbs: ["*"] }]
`,
    );
    expect(statuses(findings)).toEqual(['pass', 'fail']);
    expect(failures(findings)[0]!.message).toMatch(/^Role shop\/all-verbs grants \* in verbs at rules\[0\]/);
  });

  it('excepts built-in roles by exact name', () => {
    const findings = runCheck(
      wildcardRules,
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: cluster-admin }
rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: system:controller:lookalike }
rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]
`,
    );
    expect(statuses(findings)).toEqual(['pass', 'fail']);
  });

  it('reports rules an aggregated ClusterRole copied from a source only on the source', () => {
    // a live cluster: the aggregation controller has copied the source rule into `ops`
    const objects = inventoryFromYaml(`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: ops }
aggregationRule: { clusterRoleSelectors: [{ matchLabels: { to-ops: "true" } }] }
rules: [{ apiGroups: ["*"], resources: [widgets], verbs: [get] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: widgets, labels: { to-ops: "true" } }
rules: [{ apiGroups: ["*"], resources: [widgets], verbs: [get] }]
`).kube.map((object): KubeObject => ({ ...object, provenance: { source: 'cluster' } }));
    const findings = runCheck(wildcardRules, createInventory({ kube: objects }));
    expect(statuses(findings)).toEqual(['pass', 'fail']);
    expect(failures(findings)[0]!.resource).toMatchObject({ name: 'widgets' });
  });

  it('passes malformed rules without error', () => {
    const findings = runCheck(
      wildcardRules,
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: odd }
rules: "*"
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: odder }
rules: [null, { verbs: "*" }]
`,
    );
    expect(statuses(findings)).toEqual(['pass', 'pass']);
  });
});

const clusterRole = (name: string, rules: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: ${name} }\nrules: ${rules}\n`;

testCheck(wildcardRules, {
  pass: [
    { input: clusterRole('reader', '[{ apiGroups: [""], resources: [pods], verbs: [get] }]') },
    { input: clusterRole('scaler', '[{ apiGroups: [apps], resources: ["*/scale"], verbs: [update] }]') },
    // built-in by exact name
    { input: clusterRole('cluster-admin', '[{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]') },
    // malformed rules survive
    { input: clusterRole('odd', '[null, { verbs: "*" }]') },
    // an aggregated ClusterRole as written has no rules of its own
    { input: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: agg }\naggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: "true" } }] }\n' },
  ],
  fail: [
    {
      input: clusterRole('support-tools', '[{ apiGroups: [""], resources: [pods], verbs: [get] }, { apiGroups: ["*"], resources: ["*"], verbs: [get] }, { apiGroups: [""], resources: [configmaps], verbs: ["*"] }]'),
      failures: [{ path: 'rules[1]', messageId: 'wildcards', severity: 'high', data: { role: 'ClusterRole support-tools', fields: 'apiGroups, resources', rule: 'rules[1]', description: 'verbs=get apiGroups=* resources=*', others: 'rules[2]' } }],
    },
    {
      input: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: { name: all-verbs, namespace: shop }\nrules: [{ apiGroups: [""], resources: [pods], verbs: ["*"] }]\n',
      failures: [{ path: 'rules[0]', messageId: 'wildcard', data: { role: 'Role shop/all-verbs', fields: 'verbs', rule: 'rules[0]', description: 'verbs=* apiGroups="" resources=pods' } }],
    },
    // a look-alike of a built-in name is not built in
    { input: clusterRole('system:controller:lookalike', '[{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]'), failures: [{ path: 'rules[0]', messageId: 'wildcard', data: { role: 'ClusterRole system:controller:lookalike', fields: 'verbs, apiGroups, resources', rule: 'rules[0]', description: 'verbs=* apiGroups=* resources=*' } }] },
    // the source of an aggregated role is reported for its own rule
    {
      input: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: agg }\naggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: "true" } }] }\n---\n' + clusterRole('part', '[{ apiGroups: ["*"], resources: [widgets], verbs: [get] }]').replace('name: part }', 'name: part, labels: { agg: "true" } }'),
      failures: [{ path: 'rules[0]', messageId: 'wildcard', data: { role: 'ClusterRole part', fields: 'apiGroups', rule: 'rules[0]', description: 'verbs=get apiGroups=* resources=widgets' } }],
    },
  ],
});
