import { defineCheck, fail, notApplicable, pass } from '../../../core/check.js';
import { fieldPath } from '../../../core/field-path.js';
import type { KubeObject } from '../../../core/inventory.js';
import { asRecord, record, str } from '../../../k8s/fields.js';
import { objectsOfKind } from '../../../k8s/targets.js';
import { BPG, CIS_EKS } from '../workload/offences.js';

const SOPS_VALUE = /^ENC\[[A-Z0-9_]+,data:/;

/** Keys of a Secret's data and stringData; never their values. */
function secretKeys(secret: KubeObject): { data: string[]; stringData: string[] } {
  const keysOf = (field: string): string[] => Object.keys(asRecord(secret.raw[field]) ?? {});
  return { data: keysOf('data'), stringData: keysOf('stringData') };
}

/** A SOPS-encrypted file keeps a top-level `sops` block and wraps every value in `ENC[…]`. */
function isSopsEncrypted(secret: KubeObject): boolean {
  if (asRecord(secret.raw['sops'])) return true;
  const values = [...Object.values(record(secret.raw['data'])), ...Object.values(record(secret.raw['stringData']))];
  return values.length > 0 && values.every((value) => typeof value === 'string' && SOPS_VALUE.test(value));
}

/**
 * K8S-DATA-003: a manifest file does not carry a Secret with data. Applies to
 * manifest sources only: live clusters hold Secrets by design (and eksguard
 * reads only their metadata there). A SOPS-encrypted Secret passes: its
 * values are ciphertext, which is what a repository should hold.
 */
export const secretInManifest = defineCheck<KubeObject>({
  id: 'K8S-DATA-003',
  title: 'Manifest files must not contain Secret data',
  area: 'data',
  severity: 'medium',
  target: objectsOfKind('Secret'),
  needs: ['kube:Secret'],
  admission: { scanOnly: 'judges manifest files in git, not objects in the cluster' },
  scope: 'object',
  rationale:
    'A Secret in a manifest file is a credential in git: base64 is an encoding, not encryption, and the value stays in every clone, fork, CI log and history rewrite that misses it.',
  remediation:
    'Keep the value in AWS Secrets Manager or SSM Parameter Store and deliver it with External Secrets or the Secrets Store CSI driver, or commit it encrypted (Sealed Secrets, SOPS with KMS). Rotate any credential that was committed in the clear.',
  messages: {
    secretData: 'a manifest file holds Secret data (type {{type}}, {{count}} key(s): {{keys}}); base64 is not encryption',
  },
  references: [BPG.dataEncryption, 'https://kubernetes.io/docs/concepts/security/secrets-good-practices/', CIS_EKS],
  standards: [],
  examples: {
    pass: [
      `apiVersion: v1
kind: Secret
metadata: { name: db, namespace: shop }
type: Opaque
`,
    ],
    fail: [
      `apiVersion: v1
kind: Secret
metadata: { name: db, namespace: shop }
type: Opaque
stringData:
  password: correct-horse-battery-staple
`,
    ],
  },
  evaluate(secret) {
    if (secret.provenance.source !== 'manifest') return notApplicable('only Secrets read from manifest files are judged');
    if (secret.apiVersion !== 'v1') return notApplicable('not a core v1 Secret');
    const { data, stringData } = secretKeys(secret);
    const keys = [...new Set([...data, ...stringData])];
    if (keys.length === 0) return pass('the Secret carries no data');
    if (isSopsEncrypted(secret)) return pass('the Secret data is SOPS-encrypted');
    const type = str(secret.raw['type']) ?? 'Opaque';
    const listed = keys.slice(0, 10).map((key) => JSON.stringify(key));
    const more = keys.length > 10 ? ` and ${keys.length - 10} more` : '';
    return fail({ messageId: 'secretData', data: { type, count: keys.length, keys: `${listed.join(', ')}${more}` }, path: fieldPath(data.length > 0 ? 'data' : 'stringData') });
  },
});
