import { defineCheck, fail, notApplicable, pass, type Verdict } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { ClusterModel } from '../../aws/models.js';
import { EKS_BPG, skipped } from '../../aws/verdicts.js';
import { awsView, clusters } from '../../aws/view.js';
import { awsExample } from './example.js';
import { KEY_ARN, PATHS, clusterResponse } from './fixtures.js';

const KMS_ISSUES = new Set(['KmsKeyDisabled', 'KmsKeyNotFound', 'KmsKeyMarkedForDeletion', 'KmsGrantRevoked']);

const key = (state: string, manager = 'CUSTOMER') => ({ KeyMetadata: { KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', Arn: KEY_ARN, Enabled: state === 'Enabled', KeyState: state, KeyManager: manager } });
const rotation = (enabled: boolean) => ({ KeyId: KEY_ARN, KeyRotationEnabled: enabled });

/**
 * EKS-DATA-002: fails when the cluster reports a KMS health issue, the Secrets key is not Enabled,
 * is not customer-managed, or has automatic rotation off (low).
 */
export const secretsKeyUsableAndRotated = defineCheck<ClusterModel>({
  id: 'EKS-DATA-002',
  title: 'The Secrets encryption key must be usable and rotated',
  area: 'data',
  severity: 'high',
  target: clusters,
  needs: [AWS_KEYS.cluster, AWS_KEYS.kmsKeys, AWS_KEYS.kmsRotation],
  rationale:
    'If the KMS key that envelope-encrypts Secrets is disabled, scheduled for deletion or its grant is revoked, the API server can no longer read Secrets and the cluster degrades; a deleted key makes them unrecoverable. Automatic rotation limits how much data one key version protects.',
  remediation: 'Re-enable the key or cancel its deletion (`aws kms cancel-key-deletion`), restore the EKS grant, and turn on rotation (`aws kms enable-key-rotation --key-id <key>`).',
  messages: {
    kmsHealthIssue: 'the cluster reports {{code}}: {{detail}}',
    keyNotEnabled: 'KMS key {{key}} is {{state}}: the API server cannot decrypt Secrets',
    keyNotCustomerManaged: 'KMS key {{key}} is managed by {{manager}}, not by you',
    rotationOff: 'automatic rotation is off for KMS key {{key}}',
  },
  references: [`${EKS_BPG}/data-encryption-and-secrets-management.html`, 'https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html'],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.kmsKey]: key('Enabled'), [PATHS.kmsRotation]: rotation(true) })],
    fail: [
      awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.kmsKey]: key('PendingDeletion'), [PATHS.kmsRotation]: rotation(true) }),
      awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.kmsKey]: key('Enabled'), [PATHS.kmsRotation]: rotation(false) }),
    ],
  }),
  evaluate(cluster, ctx) {
    const keyArn = cluster.encryption.find((item) => item.resources.includes('secrets') && item.keyArn)?.keyArn;
    if (!keyArn) return notApplicable('Secrets are not encrypted with a KMS key (see EKS-DATA-001)');
    const verdicts: Verdict[] = cluster.healthIssues
      .filter((issue) => KMS_ISSUES.has(issue.code))
      .map((issue) => fail({ messageId: 'kmsHealthIssue', data: { code: issue.code, detail: issue.message }, path: fieldPath('health', 'issues') }));
    const key = awsView(ctx).kmsKey(keyArn);
    if (!key) return verdicts.length > 0 ? verdicts : skipped(`KMS key ${keyArn} was not found in the collected data`);
    const path = fieldPath('encryptionConfig');
    if (key.state && key.state !== 'Enabled') verdicts.push(fail({ messageId: 'keyNotEnabled', data: { key: key.keyId, state: key.state }, path }));
    if (key.manager && key.manager !== 'CUSTOMER') verdicts.push(fail({ messageId: 'keyNotCustomerManaged', data: { key: key.keyId, manager: key.manager }, path, severity: 'low' }));
    if (key.rotationEnabled === false) verdicts.push(fail({ messageId: 'rotationOff', data: { key: key.keyId }, path, severity: 'low' }));
    if (key.rotationEnabled === undefined && verdicts.length === 0) return skipped(`the rotation status of KMS key ${key.keyId} was not collected`);
    return verdicts.length > 0 ? verdicts : pass(`KMS key ${key.keyId} is enabled, customer managed and rotated`);
  },
});
