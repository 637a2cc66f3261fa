import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { eksData001 } from './eks-data-001.js';
import { KEY_ARN, PATHS, clusterResponse } from './fixtures.js';

describe('EKS-DATA-001 secrets encryption', () => {
  it('is high on versions before default envelope encryption (1.28)', () => {
    expect(summary(runAws(eksData001, { [PATHS.cluster]: clusterResponse({ version: '1.27', encryptionConfig: undefined }) }))).toEqual(['fail:high']);
    expect(summary(runAws(eksData001, { [PATHS.cluster]: clusterResponse({ encryptionConfig: [{ resources: ['configmaps'], provider: { keyArn: KEY_ARN } }] }) }))).toEqual(['fail:medium']);
  });
});
