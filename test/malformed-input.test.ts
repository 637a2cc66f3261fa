import { describe, expect, it } from 'vitest';
import { allChecks } from '../src/checks/index.js';
import { runChecks } from '../src/core/engine.js';
import { createInventory, toKubeObject, type KubeObject } from '../src/core/inventory.js';
import { WORKLOAD_KINDS } from '../src/k8s/workload.js';
import { FIXED_NOW } from './helpers/run-check.js';

// Every field of an object we did not write may be missing, null or of the wrong type.
// No check may throw on such input: a throw would be an `error` result and exit 2.
const WRONG_VALUES: unknown[] = [null, 'x', 7, true, [], {}, [null], ['x'], [{}], { a: null }];

const API_VERSIONS: Record<string, string> = {
  Deployment: 'apps/v1', StatefulSet: 'apps/v1', DaemonSet: 'apps/v1', ReplicaSet: 'apps/v1', Job: 'batch/v1', CronJob: 'batch/v1', Rollout: 'argoproj.io/v1alpha1',
  Role: 'rbac.authorization.k8s.io/v1', ClusterRole: 'rbac.authorization.k8s.io/v1', RoleBinding: 'rbac.authorization.k8s.io/v1', ClusterRoleBinding: 'rbac.authorization.k8s.io/v1',
  NetworkPolicy: 'networking.k8s.io/v1', Ingress: 'networking.k8s.io/v1', StorageClass: 'storage.k8s.io/v1',
};
const KINDS = [...WORKLOAD_KINDS, 'Namespace', 'ServiceAccount', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'NetworkPolicy', 'Service', 'Ingress', 'ConfigMap', 'Secret', 'StorageClass', 'Node', 'LimitRange'];

/** Objects whose every level in turn holds a wrong-typed value: spec, template, containers, securityContext, rules, data… */
function malformedObjects(): KubeObject[] {
  const shapes: ((wrong: unknown) => Record<string, unknown>)[] = [
    (wrong) => ({ spec: wrong }),
    (wrong) => ({ spec: { template: wrong, jobTemplate: wrong, containers: wrong, volumes: wrong, securityContext: wrong, podSelector: wrong, ingress: wrong, egress: wrong, rules: wrong, ports: wrong, tls: wrong } }),
    (wrong) => ({ spec: { template: { metadata: wrong, spec: { containers: [wrong, { name: wrong, image: wrong, securityContext: wrong, env: wrong, ports: wrong, resources: wrong, volumeMounts: wrong }] } } } }),
    (wrong) => ({ spec: { containers: [{ name: 'c', securityContext: { capabilities: wrong, privileged: wrong, seccompProfile: wrong, appArmorProfile: wrong, seLinuxOptions: wrong } , env: [wrong, { name: 'PASSWORD', value: wrong, valueFrom: wrong }] }], volumes: [wrong, { name: 'v', hostPath: wrong }] } }),
    (wrong) => ({ rules: wrong, subjects: wrong, roleRef: wrong, aggregationRule: wrong, data: wrong, stringData: wrong, type: wrong, parameters: wrong, provisioner: wrong, status: wrong }),
    (wrong) => ({ rules: [wrong, { verbs: wrong, resources: wrong, apiGroups: wrong, resourceNames: wrong }], subjects: [wrong, { kind: wrong, name: wrong }], roleRef: { kind: wrong, name: wrong }, data: { mapRoles: wrong, mapUsers: wrong, mapAccounts: wrong }, status: { nodeInfo: wrong } }),
    (wrong) => ({ metadata: { name: 'm', namespace: 'ns', labels: wrong, annotations: wrong, ownerReferences: wrong } }),
  ];
  const objects: KubeObject[] = [];
  for (const kind of KINDS) {
    for (const shape of shapes) {
      for (const wrong of WRONG_VALUES) {
        const raw: { metadata: Record<string, unknown> } & Record<string, unknown> = { apiVersion: API_VERSIONS[kind] ?? 'v1', kind, metadata: { name: `${kind.toLowerCase()}-x`, namespace: 'ns' }, ...shape(wrong) };
        // a ConfigMap named aws-auth in kube-system also reaches the aws-auth parser
        if (kind === 'ConfigMap') raw.metadata = { ...raw.metadata, name: 'aws-auth', namespace: 'kube-system' };
        const object = toKubeObject(raw, { source: 'manifest' });
        if (object) objects.push(object);
      }
    }
  }
  return objects;
}

describe('every check on malformed objects', () => {
  const inventory = createInventory({ kube: malformedObjects(), facts: { kubernetesVersion: '1.31' } });

  for (const pssLevel of ['baseline', 'restricted'] as const) {
    it(`never throws (${pssLevel})`, () => {
      const findings = runChecks({
        checks: allChecks,
        inventory,
        settings: { pssLevel, pssVersion: 'latest' },
        now: FIXED_NOW,
        overrides: Object.fromEntries(allChecks.map((check) => [check.id, { enabled: true }])),
      });
      expect(inventory.kube.length).toBeGreaterThan(1000);
      expect(findings.length).toBeGreaterThan(1000);
      const errors = findings.filter((finding) => finding.status === 'error').map((finding) => `${finding.checkId}: ${finding.message}`);
      expect([...new Set(errors)]).toEqual([]);
    });
  }
});
