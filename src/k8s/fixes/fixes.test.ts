import { describe, expect, it } from 'vitest';
import { createContext } from '../../core/engine.js';
import { createInventory } from '../../core/inventory.js';
import type { FixOutcome } from '../../core/patch.js';
import { MANIFEST_LIMITS, parseManifestText } from '../../sources/manifests/index.js';
import { toWorkload, type Workload } from '../workload.js';
import { fixAllowPrivilegeEscalation, fixDropAllCapabilities, fixPrivileged, fixReadOnlyRootFilesystem } from './container-fixes.js';
import { fixRunAsNonRoot, fixSeccompProfile, fixServiceAccountToken } from './pod-fixes.js';

function objects(text: string) {
  return parseManifestText({ text, file: 't.yaml', limits: MANIFEST_LIMITS, apiChecks: false }).objects;
}

function pod(spec: string): Workload {
  return toWorkload(objects(`apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: n}\nspec:\n${spec}`)[0]!)!;
}

function ops(outcome: FixOutcome | undefined) {
  if (!outcome || !('fix' in outcome)) throw new Error(`no fix: ${JSON.stringify(outcome)}`);
  return outcome.fix.ops;
}

function suggestionOf(outcome: FixOutcome | undefined): string {
  if (!outcome || !('suggestion' in outcome)) throw new Error(`not a suggestion: ${JSON.stringify(outcome)}`);
  return outcome.suggestion;
}

const SAFE = { unsafe: false };
const UNSAFE = { unsafe: true };

describe('container fixes', () => {
  it('privileged: false only with --unsafe, and never next to Bidirectional mount propagation', () => {
    const spec = '  containers:\n  - {name: a, image: b, securityContext: {privileged: true}}\n';
    expect(suggestionOf(fixPrivileged(pod(spec).spec, SAFE))).toMatch(/only with --unsafe/);
    expect(ops(fixPrivileged(pod(spec).spec, UNSAFE))).toEqual([{ op: 'set', path: ['containers', 0, 'securityContext', 'privileged'], value: false }]);
    const propagating = '  containers:\n  - {name: a, image: b, securityContext: {privileged: true}, volumeMounts: [{name: v, mountPath: /x, mountPropagation: Bidirectional}]}\n';
    expect(suggestionOf(fixPrivileged(pod(propagating).spec, UNSAFE))).toMatch(/Bidirectional/);
  });

  it('allowPrivilegeEscalation: false on every container that lacks it, never next to privileged or CAP_SYS_ADMIN', () => {
    const spec = '  initContainers:\n  - {name: i, image: b}\n  containers:\n  - {name: a, image: b, securityContext: {allowPrivilegeEscalation: false}}\n  - {name: c, image: b}\n';
    expect(ops(fixAllowPrivilegeEscalation(pod(spec).spec)).map((op) => op.path)).toEqual([
      ['initContainers', 0, 'securityContext', 'allowPrivilegeEscalation'],
      ['containers', 1, 'securityContext', 'allowPrivilegeEscalation'],
    ]);
    expect(suggestionOf(fixAllowPrivilegeEscalation(pod('  containers:\n  - {name: a, image: b, securityContext: {privileged: true}}\n').spec))).toMatch(/privileged/);
    expect(suggestionOf(fixAllowPrivilegeEscalation(pod('  containers:\n  - {name: a, image: b, securityContext: {capabilities: {add: [CAP_SYS_ADMIN]}}}\n').spec))).toMatch(/CAP_SYS_ADMIN/);
  });

  it('drop: [ALL] keeps NET_BIND_SERVICE added back; other adds are a suggestion', () => {
    const keeps = pod('  containers:\n  - {name: a, image: b, securityContext: {capabilities: {add: [NET_BIND_SERVICE], drop: [NET_RAW]}}}\n');
    const outcome = fixDropAllCapabilities(keeps.spec);
    expect(ops(outcome)).toEqual([{ op: 'append', path: ['containers', 0, 'securityContext', 'capabilities', 'drop'], value: 'ALL' }]);
    expect((outcome as { fix: { description: string } }).fix.description).toMatch(/keeping NET_BIND_SERVICE/);
    expect(suggestionOf(fixDropAllCapabilities(pod('  containers:\n  - {name: a, image: b, securityContext: {capabilities: {add: [NET_ADMIN]}}}\n').spec))).toMatch(/NET_ADMIN/);
  });

  it('readOnlyRootFilesystem only with --unsafe, with an emptyDir at /tmp under a free name', () => {
    const spec = '  containers:\n  - {name: a, image: b}\n  volumes:\n  - {name: tmp, configMap: {name: c}}\n';
    expect(suggestionOf(fixReadOnlyRootFilesystem(pod(spec).spec, SAFE))).toMatch(/--unsafe/);
    expect(ops(fixReadOnlyRootFilesystem(pod(spec).spec, UNSAFE))).toEqual([
      { op: 'set', path: ['containers', 0, 'securityContext', 'readOnlyRootFilesystem'], value: true },
      { op: 'append', path: ['containers', 0, 'volumeMounts'], value: { name: 'eksguard-tmp', mountPath: '/tmp' } },
      { op: 'append', path: ['volumes'], value: { name: 'eksguard-tmp', emptyDir: {} } },
    ]);
  });

  it('a Windows pod gets no Linux settings', () => {
    const windows = pod('  os: {name: windows}\n  containers:\n  - {name: a, image: b}\n');
    expect(suggestionOf(fixAllowPrivilegeEscalation(windows.spec))).toMatch(/Windows/);
    expect(suggestionOf(fixSeccompProfile(windows))).toMatch(/Windows/);
  });
});

describe('pod fixes', () => {
  it('seccompProfile RuntimeDefault at pod level, never over an explicit Unconfined', () => {
    expect(ops(fixSeccompProfile(pod('  containers:\n  - {name: a, image: b}\n')))).toEqual([{ op: 'set', path: ['securityContext', 'seccompProfile'], value: { type: 'RuntimeDefault' } }]);
    expect(suggestionOf(fixSeccompProfile(pod('  securityContext: {seccompProfile: {type: Unconfined}}\n  containers:\n  - {name: a, image: b}\n')))).toMatch(/explicit/);
  });

  it('runAsNonRoot: true only where the user is known not to be root', () => {
    expect(ops(fixRunAsNonRoot(pod('  securityContext: {runAsUser: 1000}\n  containers:\n  - {name: a, image: b}\n').spec))).toEqual([{ op: 'set', path: ['securityContext', 'runAsNonRoot'], value: true }]);
    expect(ops(fixRunAsNonRoot(pod('  containers:\n  - {name: a, image: "gcr.io/distroless/static:nonroot"}\n').spec))).toHaveLength(1);
    expect(suggestionOf(fixRunAsNonRoot(pod('  containers:\n  - {name: a, image: nginx}\n').spec))).toMatch(/not known to be non-root/);
    expect(suggestionOf(fixRunAsNonRoot(pod('  containers:\n  - {name: a, image: b, securityContext: {runAsUser: 0}}\n').spec))).toMatch(/root/);
  });

  it('automountServiceAccountToken: false only where nothing in the input binds the pod’s ServiceAccount', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: n}\nspec:\n  serviceAccountName: app\n  containers:\n  - {name: a, image: b}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app, namespace: n}\n';
    const binding = '---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: rb, namespace: n}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\nsubjects:\n- {kind: ServiceAccount, name: app, namespace: n}\n';
    const run = (input: string) => {
      const kube = objects(input);
      const inventory = createInventory({ kube });
      const ctx = createContext({ inventory, settings: { pssLevel: 'restricted', pssVersion: 'latest' }, now: new Date() });
      return fixServiceAccountToken(toWorkload(kube[0]!)!, ctx);
    };
    expect(ops(run(text))).toEqual([{ op: 'set', path: ['automountServiceAccountToken'], value: false }]);
    expect(suggestionOf(run(text + binding))).toMatch(/RoleBinding (n\/)?rb grants ServiceAccount "app"/);
    expect(suggestionOf(run(text.replace(/---[\s\S]*$/, '')))).toMatch(/not in the input/);
  });
});
