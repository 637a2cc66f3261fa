import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { eksIam001 } from './eks-iam-001.js';
import { PATHS, clusterResponse } from './fixtures.js';

const mode = (authenticationMode: unknown) => ({ [PATHS.cluster]: clusterResponse({ accessConfig: { authenticationMode } }) });

describe('EKS-IAM-001 authentication mode', () => {
  it('grades CONFIG_MAP, API_AND_CONFIG_MAP and a missing accessConfig', () => {
    expect(summary(runAws(eksIam001, mode('CONFIG_MAP')))).toEqual(['fail:medium']);
    expect(summary(runAws(eksIam001, mode('API_AND_CONFIG_MAP')))).toEqual(['fail:low']);
    expect(summary(runAws(eksIam001, { [PATHS.cluster]: clusterResponse({ accessConfig: undefined }) }))).toEqual(['fail:info']);
  });
});
