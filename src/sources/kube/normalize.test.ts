import { describe, expect, it } from 'vitest';
import { LAST_APPLIED_ANNOTATION, toClusterObject } from './normalize.js';
import { resourceForKind } from './resources.js';

describe('toClusterObject', () => {
  it('adds the kind and apiVersion that list items lack, and names the context', () => {
    const object = toClusterObject({ metadata: { name: 'web', namespace: 'shop', uid: 'u1' }, spec: { replicas: 2 } }, resourceForKind('Deployment')!, 'prod');
    expect(object).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop', provenance: { source: 'cluster', context: 'prod' } });
    expect(object?.raw['spec']).toEqual({ replicas: 2 });
  });

  it('drops managedFields', () => {
    const object = toClusterObject({ metadata: { name: 'n', managedFields: [{ manager: 'kubectl' }], labels: { a: 'b' } } }, resourceForKind('Namespace')!, 'c');
    expect(object?.raw['metadata']).toEqual({ name: 'n', labels: { a: 'b' } });
  });

  it('keeps nothing of a Secret but metadata and the type its selector guarantees', () => {
    const item = {
      apiVersion: 'meta.k8s.io/v1',
      kind: 'PartialObjectMetadata',
      metadata: {
        name: 'legacy-token',
        namespace: 'default',
        annotations: { 'kubernetes.io/service-account.name': 'builder', [LAST_APPLIED_ANNOTATION]: '{"data":{"token":"c2VjcmV0"}}' },
      },
      // a server that ignored the Accept header would send these
      data: { token: 'c2VjcmV0' },
      stringData: { password: 'hunter2' },
    };
    const object = toClusterObject(item, resourceForKind('Secret')!, 'c');
    expect(object?.raw).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/service-account-token',
      metadata: { name: 'legacy-token', namespace: 'default', annotations: { 'kubernetes.io/service-account.name': 'builder' } },
    });
    expect(JSON.stringify(object)).not.toMatch(/c2VjcmV0|hunter2/);
  });

  it('skips items that are not objects and tolerates missing metadata', () => {
    const pod = resourceForKind('Pod')!;
    expect(toClusterObject(null, pod, 'c')).toBeUndefined();
    expect(toClusterObject('x', pod, 'c')).toBeUndefined();
    expect(toClusterObject({ metadata: 'bad' }, pod, 'c')).toMatchObject({ kind: 'Pod', name: '' });
  });
});
