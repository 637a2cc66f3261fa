import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { secretsKeyUsableAndRotated } from './eks-data-002-secrets-key-health.js';
import { KEY_ARN, PATHS, clusterResponse } from './fixtures.js';

const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const key = (state: string, manager = 'CUSTOMER') => ({ KeyMetadata: { KeyId: KEY_ID, Arn: KEY_ARN, Enabled: state === 'Enabled', KeyState: state, KeyManager: manager } });
const files = (options: { cluster?: unknown; key?: unknown; rotation?: boolean } = {}) => ({
  [PATHS.cluster]: clusterResponse(options.cluster ?? {}),
  [PATHS.kmsKey]: options.key ?? key('Enabled'),
  [PATHS.kmsRotation]: { KeyId: KEY_ARN, KeyRotationEnabled: options.rotation ?? true },
});

testCheck(secretsKeyUsableAndRotated, {
  pass: [{ input: { aws: files() } }],
  fail: [
    {
      input: { aws: files({ cluster: { health: { issues: [{ code: 'KmsGrantRevoked', message: 'grant revoked' }] } } }) },
      failures: [{ path: 'health.issues', messageId: 'kmsHealthIssue', data: { code: 'KmsGrantRevoked', detail: 'grant revoked' }, severity: 'high' }],
    },
    { input: { aws: files({ key: key('PendingDeletion') }) }, failures: [{ path: 'encryptionConfig', messageId: 'keyNotEnabled', data: { key: KEY_ID, state: 'PendingDeletion' }, severity: 'high' }] },
    { input: { aws: files({ key: key('Enabled', 'AWS') }) }, failures: [{ path: 'encryptionConfig', messageId: 'keyNotCustomerManaged', data: { key: KEY_ID, manager: 'AWS' }, severity: 'low' }] },
    { input: { aws: files({ rotation: false }) }, failures: [{ path: 'encryptionConfig', messageId: 'rotationOff', data: { key: KEY_ID }, severity: 'low' }] },
    {
      input: { aws: files({ key: key('Disabled'), rotation: false }) },
      failures: [
        { path: 'encryptionConfig', messageId: 'keyNotEnabled', data: { key: KEY_ID, state: 'Disabled' }, severity: 'high' },
        { path: 'encryptionConfig', messageId: 'rotationOff', data: { key: KEY_ID }, severity: 'low' },
      ],
    },
  ],
});

describe('EKS-DATA-002 secrets encryption key', () => {
  it('reports KMS health issues of the cluster even when the key was not readable', () => {
    const unread = { [PATHS.cluster]: clusterResponse({ health: { issues: [{ code: 'KmsGrantRevoked', message: 'grant revoked' }] } }), [PATHS.kmsKey]: { KeyMetadata: {} }, [PATHS.kmsRotation]: { KeyRotationEnabled: true } };
    expect(summary(runAws(secretsKeyUsableAndRotated, unread))).toEqual(['fail:high']);
  });
  it('ignores health issues that are not about KMS', () => {
    expect(summary(runAws(secretsKeyUsableAndRotated, files({ cluster: { health: { issues: [{ code: 'SubnetNotFound', message: 'subnet gone' }] } } })))).toEqual(['pass']);
  });
  it('is not applicable without a key, and skipped when the key or its rotation status was not collected', () => {
    expect(summary(runAws(secretsKeyUsableAndRotated, { [PATHS.cluster]: clusterResponse({ encryptionConfig: undefined }) }))).toEqual(['not-applicable']);
    expect(summary(runAws(secretsKeyUsableAndRotated, { [PATHS.cluster]: clusterResponse() }))).toEqual(['skipped']);
    expect(summary(runAws(secretsKeyUsableAndRotated, { [PATHS.cluster]: clusterResponse(), [PATHS.kmsKey]: key('Enabled') }))).toEqual(['skipped']);
  });
});
