import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { eksData002 } from './eks-data-002.js';
import { PATHS, clusterResponse } from './fixtures.js';

describe('EKS-DATA-002 secrets encryption', () => {
  it('reports KMS health issues of the cluster even when the key was not readable', () => {
    const files = { [PATHS.cluster]: clusterResponse({ health: { issues: [{ code: 'KmsGrantRevoked', message: 'grant revoked' }] } }), [PATHS.kmsKey]: { KeyMetadata: {} }, [PATHS.kmsRotation]: { KeyRotationEnabled: true } };
    expect(summary(runAws(eksData002, files))).toEqual(['fail:high']);
  });
  it('is not applicable without a key', () => {
    expect(summary(runAws(eksData002, { [PATHS.cluster]: clusterResponse({ encryptionConfig: undefined }) }))).toEqual(['not-applicable']);
  });
});
