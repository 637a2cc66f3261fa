import { defineCheck, notApplicable } from '../../../core/check.js';
import { fieldPath } from '../../../core/field-path.js';
import type { KubeObject } from '../../../core/inventory.js';
import { describeCredential, detectCredentialInEntry, type EmbeddedCredential } from '../../../k8s/credentials.js';
import { record } from '../../../k8s/fields.js';
import { objectsOfKind } from '../../../k8s/targets.js';
import { BPG, CIS_EKS, offencesVerdict, type Offence } from '../workload/offences.js';

/** binaryData larger than this is not decoded: a bound on work per object. */
const MAX_BINARY_BYTES = 256 * 1024;

function decodeText(base64: string): string | undefined {
  if (base64.length > (MAX_BINARY_BYTES * 4) / 3 + 4) return undefined;
  const bytes = Buffer.from(base64, 'base64');
  const text = bytes.toString('utf8');
  // Binary payloads (images, archives) hold no readable credential worth a regex pass.
  return text.includes('\u0000') || text.includes('\ufffd') ? undefined : text;
}

/** The message of an entry that holds a credential: the entry's key, and the line and key inside it when it is embedded. */
function entryOffence(field: 'data' | 'binaryData', key: string, match: EmbeddedCredential): Offence {
  const path = fieldPath(field, key);
  const data = { key: JSON.stringify(key), credential: describeCredential(match) };
  if (!match.embeddedKey) return { path, messageId: field === 'data' ? 'entry' : 'binaryEntry', data };
  return { path, messageId: field === 'data' ? 'embedded' : 'binaryEmbedded', data: { ...data, line: String(match.line), embeddedKey: JSON.stringify(match.embeddedKey) } };
}

/**
 * K8S-DATA-002: no ConfigMap entry holds a credential, judged with the same
 * detectors as K8S-DATA-001, applied to each entry and to the `key=value` /
 * `key: value` lines of file-like entries (application.properties, .env,
 * YAML). UTF-8 text in binaryData is decoded and scanned the same way.
 */
export const configMapCredential = defineCheck<KubeObject>({
  id: 'K8S-DATA-002',
  title: 'ConfigMaps must not hold credentials',
  area: 'data',
  severity: 'high',
  target: objectsOfKind('ConfigMap'),
  needs: ['kube:ConfigMap'],
  admission: { judges: 'the data of the ConfigMap' },
  scope: 'object',
  rationale:
    'ConfigMaps are meant to be read widely: RBAC often grants them to whole teams, they are mounted into many pods, and they are not encrypted with the KMS key that protects Secrets. A credential in one is exposed to all of that.',
  remediation:
    'Move the credential to AWS Secrets Manager or SSM Parameter Store (Secrets Store CSI driver or External Secrets) or to a Kubernetes Secret, keep only a reference in the ConfigMap, and rotate the exposed credential.',
  messages: {
    entry: 'key {{key}} holds {{credential}}',
    embedded: 'key {{key}} (line {{line}}, {{embeddedKey}}) holds {{credential}}',
    binaryEntry: 'binaryData key {{key}} holds {{credential}}',
    binaryEmbedded: 'binaryData key {{key}} (line {{line}}, {{embeddedKey}}) holds {{credential}}',
  },
  references: [BPG.dataEncryption, 'https://kubernetes.io/docs/concepts/configuration/configmap/', CIS_EKS],
  standards: [],
  examples: {
    pass: [
      `apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: shop }
data:
  LOG_LEVEL: info
  application.properties: |
    db.url=jdbc:postgresql://db:5432/shop
    db.password=\${DB_PASSWORD}
`,
    ],
    fail: [
      `apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: shop }
data:
  application.properties: |
    db.url=jdbc:postgresql://db:5432/shop
    db.password=hunter2-but-longer
`,
      `apiVersion: v1
kind: ConfigMap
metadata: { name: deploy-key, namespace: ci }
data:
  id_rsa: |
    -----BEGIN OPENSSH PRIVATE KEY-----
    b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
    -----END OPENSSH PRIVATE KEY-----
`,
    ],
  },
  evaluate(configMap) {
    if (configMap.apiVersion !== 'v1') return notApplicable('not a core v1 ConfigMap');
    const offences: Offence[] = [];
    for (const [key, value] of Object.entries(record(configMap.raw['data']))) {
      if (typeof value !== 'string') continue;
      const match = detectCredentialInEntry(key, value);
      if (match) offences.push(entryOffence('data', key, match));
    }
    for (const [key, value] of Object.entries(record(configMap.raw['binaryData']))) {
      if (typeof value !== 'string') continue;
      const text = decodeText(value);
      const match = text === undefined ? undefined : detectCredentialInEntry(key, text);
      if (match) offences.push(entryOffence('binaryData', key, match));
    }
    return offencesVerdict(offences, 'no entry holds a credential');
  },
});
