import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
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

const manyKeys = Array.from({ length: 12 }, (_, index) => `k${String(index).padStart(2, '0')}: eA==`).join(', ');

testCheck(secretInManifest, {
  pass: [
    { input: secret('type: Opaque\n') },
    { input: secret('data: {}\nstringData: {}\n') },
    // a wrong-typed data field carries no keys
    { input: secret('data: not-a-map\n') },
    { input: secret('stringData: { password: "ENC[AES256_GCM,data:abc,iv:x,tag:y,type:str]" }\n') },
    { input: secret('data: { password: eA== }\nsops: { kms: [] }\n') },
  ],
  fail: [
    { input: secret('type: Opaque\nstringData: { password: x }\n'), failures: [{ path: 'stringData', messageId: 'secretData', data: { type: 'Opaque', count: 1, keys: '"password"' }, severity: 'medium' }] },
    // no type: the API server's default; data and stringData keys counted once
    { input: secret('data: { password: eA== }\nstringData: { user: admin, password: y }\n'), failures: [{ path: 'data', messageId: 'secretData', data: { type: 'Opaque', count: 2, keys: '"password", "user"' } }] },
    { input: secret('type: kubernetes.io/tls\ndata: { tls.crt: eA==, tls.key: eA== }\n'), failures: [{ path: 'data', messageId: 'secretData', data: { type: 'kubernetes.io/tls', count: 2, keys: '"tls.crt", "tls.key"' } }] },
    // a key with a quote is shown escaped; ten keys at most are listed
    { input: secret('stringData: { \'a"b\': x }\n'), failures: [{ path: 'stringData', messageId: 'secretData', data: { type: 'Opaque', count: 1, keys: '"a\\"b"' } }] },
    { input: secret(`data: { ${manyKeys} }\n`), failures: [{ path: 'data', messageId: 'secretData', data: { type: 'Opaque', count: 12, keys: `${Array.from({ length: 10 }, (_, index) => `"k${String(index).padStart(2, '0')}"`).join(', ')} and 2 more` } }] },
    // one value in the clear is not a SOPS file
    { input: secret('stringData: { a: "ENC[AES256_GCM,data:abc]", b: plain }\n'), failures: [{ path: 'stringData', messageId: 'secretData', data: { type: 'Opaque', count: 2, keys: '"a", "b"' } }] },
  ],
});
