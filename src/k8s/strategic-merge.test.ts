import { describe, expect, it } from 'vitest';
import { applyStrategicMerge } from './strategic-merge.js';

describe('applyStrategicMerge', () => {
  it('merges maps, lists of containers and volumes by name and mounts by path, replaces other lists, and removes a key set to null', () => {
    const base = {
      hostNetwork: false,
      containers: [
        { name: 'main', image: 'a', securityContext: { capabilities: { drop: ['ALL'] } }, volumeMounts: [{ mountPath: '/x', name: 'x' }] },
        { name: 'side', image: 'b' },
      ],
      tolerations: [{ key: 'a' }],
      dnsPolicy: 'ClusterFirst',
    };
    const before = structuredClone(base);
    const patch = {
      hostNetwork: true,
      containers: [
        { name: 'main', securityContext: { privileged: true, capabilities: { drop: ['NET_RAW'] } }, volumeMounts: [{ mountPath: '/x', readOnly: true }] },
        { name: 'extra', image: 'c' },
      ],
      tolerations: [{ key: 'b' }],
      dnsPolicy: null,
      $setElementOrder: { containers: [] },
    };
    expect(applyStrategicMerge(base, patch)).toEqual({
      hostNetwork: true,
      containers: [
        { name: 'main', image: 'a', securityContext: { privileged: true, capabilities: { drop: ['NET_RAW'] } }, volumeMounts: [{ mountPath: '/x', name: 'x', readOnly: true }] },
        { name: 'side', image: 'b' },
        { name: 'extra', image: 'c' },
      ],
      tolerations: [{ key: 'b' }],
    });
    expect(base).toEqual(before);
  });

  it('keeps a __proto__ key as data, never as the prototype', () => {
    const merged = applyStrategicMerge({ a: 1 }, JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.hasOwn(merged, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('lets the patch replace a value of another shape', () => {
    expect(applyStrategicMerge({ a: { b: 1 } }, { a: 'text' })).toEqual({ a: 'text' });
    expect(applyStrategicMerge('text', { a: 1 })).toEqual({ a: 1 });
  });
});
