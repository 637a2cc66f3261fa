import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { detector, eksMon001 } from './eks-mon-001.js';
import { PATHS, clusterResponse } from './fixtures.js';

describe('EKS-MON-001 GuardDuty', () => {
  it('reads the legacy DataSources block of older detectors', () => {
    const legacy = { Status: 'ENABLED', DataSources: { Kubernetes: { AuditLogs: { Status: 'ENABLED' } } } };
    expect(summary(runAws(eksMon001, { [PATHS.cluster]: clusterResponse(), [PATHS.guardDuty]: legacy }))).toEqual(['pass']);
  });
  it('fails a disabled detector whatever its features say', () => {
    expect(summary(runAws(eksMon001, { [PATHS.cluster]: clusterResponse(), [PATHS.guardDuty]: detector({ EKS_AUDIT_LOGS: 'ENABLED' }, 'DISABLED') }))).toEqual(['fail:medium']);
  });
});
