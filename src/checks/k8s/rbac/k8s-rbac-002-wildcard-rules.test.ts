import { describe, expect, it } from 'vitest';
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
