import { defineCheck, fail, pass } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { ClusterModel } from '../../aws/models.js';
import { EKS_UG } from '../../aws/verdicts.js';
import { minorOf } from '../../aws/versions.js';
import { clusters } from '../../aws/view.js';
import { awsExample } from './example.js';
import { PATHS, clusterResponse } from './fixtures.js';

/**
 * EKS-DATA-001: fails when Secrets are not envelope-encrypted with a customer KMS key.
 */
export const secretsKmsEncryption = defineCheck<ClusterModel>({
  id: 'EKS-DATA-001',
  title: 'Kubernetes Secrets should be envelope-encrypted with a customer KMS key',
  area: 'data',
  severity: 'medium',
  target: clusters,
  needs: [AWS_KEYS.cluster],
  rationale:
    'With a customer-managed KMS key, reading Secrets out of etcd backups or storage also needs kms:Decrypt on your key, which you control, audit in CloudTrail and can revoke. From Kubernetes 1.28 EKS encrypts all API data with an AWS-owned key by default; before that, Secrets sat in etcd with only volume encryption.',
  remediation: 'Associate a KMS key: `aws eks associate-encryption-config --cluster-name <cluster> --encryption-config resources=secrets,provider={keyArn=<key-arn>}` (it cannot be removed afterwards).',
  messages: {
    unencryptedOldVersion: 'Secrets are not envelope-encrypted with a KMS key, and Kubernetes {{version}} predates EKS default envelope encryption',
    awsOwnedKey: 'Secrets are encrypted only with the AWS-owned default key, not a customer KMS key you control',
  },
  references: [`${EKS_UG}/enable-kms.html`, `${EKS_UG}/envelope-encryption.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse() })],
    fail: [awsExample({ [PATHS.cluster]: clusterResponse({ encryptionConfig: undefined }) })],
  }),
  evaluate(cluster) {
    const entry = cluster.encryption.find((item) => item.resources.includes('secrets') && item.keyArn);
    if (entry) return pass(`Secrets are encrypted with ${entry.keyArn}`);
    const minor = minorOf(cluster.version);
    const old = minor !== undefined && minor < 28;
    const path = fieldPath('encryptionConfig');
    if (old) return fail({ messageId: 'unencryptedOldVersion', data: { version: cluster.version ?? '(unknown)' }, path, severity: 'high' });
    return fail({ messageId: 'awsOwnedKey', path });
  },
});
