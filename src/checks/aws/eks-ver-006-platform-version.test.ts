import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { platformVersionCurrent } from './eks-ver-006-platform-version.js';
import { PATHS, clusterResponse } from './fixtures.js';

const cluster = (version: string) => ({ [PATHS.cluster]: clusterResponse({ version }) });

describe('EKS-VER-006 platform version', () => {
  it('needs DescribeClusterVersions', () => {
    expect(summary(runAws(platformVersionCurrent, { [PATHS.cluster]: clusterResponse() }))).toEqual(['skipped']);
  });
});
