import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { eksLog003 } from './eks-log-003.js';
import { PATHS, clusterResponse } from './fixtures.js';

const logging = (entries: unknown) => ({ [PATHS.cluster]: clusterResponse({ logging: { clusterLogging: entries } }) });

describe('EKS-LOG-003 control-plane logging', () => {
  it('skips retention when the log group does not exist yet, and is not applicable without logging', () => {
    expect(summary(runAws(eksLog003, { [PATHS.cluster]: clusterResponse(), [PATHS.logGroups]: { logGroups: [] } }))).toEqual(['skipped']);
    expect(summary(runAws(eksLog003, { ...logging([{ types: ['audit'], enabled: false }]), [PATHS.logGroups]: { logGroups: [] } }))).toEqual(['not-applicable']);
  });
});
