import { describe, expect, it } from 'vitest';
import { applyPatch, type PatchOp } from '../core/patch.js';
import { kubectlPatchCommand, shellQuote, strategicMergePatch } from './strategic-patch.js';

const DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { template: { spec: { containers: [{ name: 'side', image: 'a' }, { name: 'web', image: 'b', securityContext: { capabilities: { drop: ['NET_RAW'] } } }] } } },
};

describe('strategicMergePatch', () => {
  it('names list items by their merge key and replaces lists that have none whole', () => {
    const ops: PatchOp[] = [
      { op: 'set', path: ['spec', 'template', 'spec', 'containers', 1, 'securityContext', 'allowPrivilegeEscalation'], value: false },
      { op: 'append', path: ['spec', 'template', 'spec', 'containers', 1, 'securityContext', 'capabilities', 'drop'], value: 'ALL' },
      { op: 'append', path: ['spec', 'template', 'spec', 'containers', 1, 'volumeMounts'], value: { name: 'tmp', mountPath: '/tmp' } },
      { op: 'append', path: ['spec', 'template', 'spec', 'volumes'], value: { name: 'tmp', emptyDir: {} } },
      { op: 'set', path: ['spec', 'template', 'spec', 'securityContext', 'seccompProfile'], value: { type: 'RuntimeDefault' } },
    ];
    const patched = structuredClone(DEPLOYMENT);
    applyPatch(patched, ops);
    expect(strategicMergePatch(patched, ops)).toEqual({
      spec: {
        template: {
          spec: {
            containers: [{ name: 'web', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['NET_RAW', 'ALL'] } }, volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }] }],
            volumes: [{ name: 'tmp', emptyDir: {} }],
            securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          },
        },
      },
    });
  });
});

describe('kubectlPatchCommand', () => {
  it('quotes every word for a POSIX shell, names the API group, and never runs anything', () => {
    const command = kubectlPatchCommand({ apiVersion: 'apps/v1', kind: 'Deployment', name: "it's", namespace: 'shop', context: 'prod' }, { spec: { a: "b'c" } });
    expect(command).toBe(`kubectl --context prod patch deployment.apps 'it'\\''s' --namespace shop --type=strategic --patch '{"spec":{"a":"b'\\''c"}}'`);
    expect(shellQuote('$(rm -rf /)')).toBe(`'$(rm -rf /)'`);
  });
});
