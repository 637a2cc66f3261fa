import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { secretsKmsEncryption } from './eks-data-001-secrets-kms-encryption.js';
import { KEY_ARN, PATHS, clusterResponse } from './fixtures.js';

const cluster = (patch: unknown) => ({ [PATHS.cluster]: clusterResponse(patch) });

testCheck(secretsKmsEncryption, {
  pass: [{ input: { aws: cluster({}) } }],
  fail: [
    { input: { aws: cluster({ version: '1.27', encryptionConfig: undefined }) }, failures: [{ path: 'encryptionConfig', messageId: 'unencryptedOldVersion', data: { version: '1.27' }, severity: 'high' }] },
    { input: { aws: cluster({ encryptionConfig: undefined }) }, failures: [{ path: 'encryptionConfig', messageId: 'awsOwnedKey', severity: 'medium' }] },
    // a key for other resources does not protect Secrets
    { input: { aws: cluster({ encryptionConfig: [{ resources: ['configmaps'], provider: { keyArn: KEY_ARN } }] }) }, failures: [{ path: 'encryptionConfig', messageId: 'awsOwnedKey', severity: 'medium' }] },
  ],
});

describe('EKS-DATA-001 secrets encryption', () => {
  it('grades an unknown version as current, not as one before default envelope encryption', () => {
    expect(summary(runAws(secretsKmsEncryption, cluster({ version: undefined, encryptionConfig: undefined })))).toEqual(['fail:medium']);
  });
});
