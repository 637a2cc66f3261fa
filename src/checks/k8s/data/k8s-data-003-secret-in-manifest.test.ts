import { describe, expect, it } from 'vitest';
import { createInventory } from '../../../core/inventory.js';
import { failures, inventoryFromYaml, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { secretInManifest } from './k8s-data-003-secret-in-manifest.js';

const VALUE = ['Vb4', 'Pz8r', 'Qm1t'].join('-');
const secret = (body: string) => `apiVersion: v1
kind: Secret
metadata: { name: db, namespace: shop }
${body}`;

describe('K8S-DATA-003 Secret data in manifests', () => {
  it('fails data and stringData, listing key names only', () => {
    const findings = runCheck(secretInManifest, secret(`type: Opaque\ndata: { password: ${Buffer.from(VALUE).toString('base64')} }\nstringData: { user: admin, password: "${VALUE}" }\n`));
    const [finding] = failures(findings);
    expect(finding?.message).toBe('a manifest file holds Secret data (type Opaque, 2 key(s): "password", "user"); base64 is not encryption');
    expect(finding?.path).toBe('data');
    const serialized = JSON.stringify(findings);
    expect(serialized).not.toContain(VALUE);
    expect(serialized).not.toContain(Buffer.from(VALUE).toString('base64'));
  });

  it('passes Secrets without data and SOPS-encrypted Secrets', () => {
    expect(statuses(runCheck(secretInManifest, secret('data: {}\n')))).toEqual(['pass']);
    expect(statuses(runCheck(secretInManifest, secret('stringData: { password: "ENC[AES256_GCM,data:abc,iv:x,tag:y,type:str]" }\n')))).toEqual(['pass']);
    expect(statuses(runCheck(secretInManifest, secret('data: { password: eA== }\nsops: { kms: [] }\n')))).toEqual(['pass']);
  });

  it('applies to manifest sources only', () => {
    const fromFile = inventoryFromYaml(secret('stringData: { password: x }\n')).kube[0]!;
    const inventory = createInventory({ kube: [{ ...fromFile, provenance: { source: 'cluster', context: 'prod' } }] });
    expect(statuses(runCheck(secretInManifest, inventory))).toEqual(['not-applicable']);
  });
});
