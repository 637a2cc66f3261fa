import { describe, expect, it } from 'vitest';
import { toKubeObject, type KubeObject } from '../../core/inventory.js';
import { pruneOwnedObjects } from './owners.js';

function object(kind: string, name: string, uid: string, owner?: { uid: string; controller?: unknown; kind?: string }): KubeObject {
  const apiVersion = kind === 'Pod' ? 'v1' : kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : 'apps/v1';
  const ownerReferences = owner ? [{ apiVersion: 'apps/v1', kind: owner.kind ?? 'X', name: 'owner', uid: owner.uid, ...(owner.controller !== undefined ? { controller: owner.controller } : {}) }] : undefined;
  return toKubeObject({ apiVersion, kind, metadata: { name, namespace: 'ns', uid, ...(ownerReferences ? { ownerReferences } : {}) } }, { source: 'cluster', context: 'c' })!;
}

const names = (objects: readonly KubeObject[]) => objects.map((o) => `${o.kind}/${o.name}`);

describe('pruneOwnedObjects', () => {
  it('collapses Deployment → ReplicaSet → Pod to the Deployment', () => {
    const { kept, dropped } = pruneOwnedObjects([
      object('Deployment', 'web', 'd1'),
      object('ReplicaSet', 'web-1', 'r1', { uid: 'd1', controller: true }),
      object('ReplicaSet', 'web-0', 'r0', { uid: 'd1', controller: true }),
      object('Pod', 'web-1-a', 'p1', { uid: 'r1', controller: true }),
      object('Pod', 'web-1-b', 'p2', { uid: 'r1', controller: true }),
    ]);
    expect(names(kept)).toEqual(['Deployment/web']);
    expect(Object.fromEntries(dropped)).toEqual({ ReplicaSet: 2, Pod: 2 });
  });

  it('collapses CronJob → Job → Pod and keeps StatefulSet/DaemonSet pods out', () => {
    const { kept } = pruneOwnedObjects([
      object('CronJob', 'nightly', 'cj'),
      object('Job', 'nightly-1', 'j1', { uid: 'cj', controller: true }),
      object('Pod', 'nightly-1-x', 'p1', { uid: 'j1', controller: true }),
      object('StatefulSet', 'db', 's1'),
      object('Pod', 'db-0', 'p2', { uid: 's1', controller: true }),
    ]);
    expect(names(kept)).toEqual(['CronJob/nightly', 'StatefulSet/db']);
  });

  it('keeps objects whose controller was not listed, or is not a template owner', () => {
    const { kept, dropped } = pruneOwnedObjects([
      object('ReplicaSet', 'orphan-rs', 'r1', { uid: 'missing-deployment', controller: true }),
      object('Pod', 'orphan-rs-a', 'p1', { uid: 'r1', controller: true }),
      object('Pod', 'kube-apiserver-node1', 'p2', { uid: 'node-uid', controller: true, kind: 'Node' }),
      object('Pod', 'bare', 'p3'),
    ]);
    expect(names(kept)).toEqual(['ReplicaSet/orphan-rs', 'Pod/kube-apiserver-node1', 'Pod/bare']);
    expect(Object.fromEntries(dropped)).toEqual({ Pod: 1 });
  });

  it('ignores owner references that are not the controller', () => {
    const { kept } = pruneOwnedObjects([
      object('Deployment', 'web', 'd1'),
      object('Pod', 'adopted', 'p1', { uid: 'd1' }),
      object('Pod', 'weird', 'p2', { uid: 'd1', controller: 'true' }),
    ]);
    expect(names(kept)).toEqual(['Deployment/web', 'Pod/adopted', 'Pod/weird']);
  });

  it('keeps every object on an ownership loop rather than losing them all', () => {
    const { kept } = pruneOwnedObjects([
      object('ReplicaSet', 'a', 'ra', { uid: 'rb', controller: true }),
      object('ReplicaSet', 'b', 'rb', { uid: 'ra', controller: true }),
      object('Pod', 'p', 'p1', { uid: 'ra', controller: true }),
    ]);
    expect(names(kept)).toEqual(['ReplicaSet/a', 'ReplicaSet/b', 'Pod/p']);
  });

  it('does not treat a Deployment as owned even if it claims an owner', () => {
    const { kept } = pruneOwnedObjects([object('Deployment', 'a', 'd1'), object('Deployment', 'b', 'd2', { uid: 'd1', controller: true })]);
    expect(names(kept)).toEqual(['Deployment/a', 'Deployment/b']);
  });
});
