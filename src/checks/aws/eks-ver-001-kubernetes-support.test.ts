import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { CALENDAR_REFERENCE } from '../../aws/versions.js';
import { kubernetesVersionSupport } from './eks-ver-001-kubernetes-support.js';
import { PATHS, clusterResponse } from './fixtures.js';

const cluster = (version: string) => ({ [PATHS.cluster]: clusterResponse({ version }) });

describe('EKS-VER-001 control-plane version support (FIXED_NOW 2026-11-27)', () => {
  it('grades by the shipped calendar', () => {
    expect(summary(runAws(kubernetesVersionSupport, cluster('1.35')))).toEqual(['pass']);
    expect(summary(runAws(kubernetesVersionSupport, cluster('1.34')))).toEqual(['fail:low']); // standard support ends 2026-12-02
    expect(summary(runAws(kubernetesVersionSupport, cluster('1.32')))).toEqual(['fail:medium']);
    expect(summary(runAws(kubernetesVersionSupport, cluster('1.31')))).toEqual(['fail:high']); // extended support ended 2026-11-26
    expect(summary(runAws(kubernetesVersionSupport, cluster('1.12')))).toEqual(['fail:high']); // older than the calendar
    expect(summary(runAws(kubernetesVersionSupport, cluster('1.40')))).toEqual(['pass']);
  });
  it('prefers the dates of DescribeClusterVersions over the calendar and over its status word', () => {
    const versions = { clusterVersions: [{ clusterVersion: '1.35', versionStatus: 'STANDARD_SUPPORT', endOfStandardSupportDate: '2026-11-01T00:00:00Z', endOfExtendedSupportDate: '2027-11-01T00:00:00Z' }] };
    const [finding] = runAws(kubernetesVersionSupport, { ...cluster('1.35'), [PATHS.clusterVersions]: versions });
    expect(finding?.severity).toBe('medium');
    expect(finding?.message).toContain('eks:DescribeClusterVersions');
  });
  it('follows ctx.now and a pinned calendar', () => {
    expect(summary(runAws(kubernetesVersionSupport, cluster('1.35'), '', { now: new Date('2028-04-01T00:00:00Z') }))).toEqual(['fail:high']);
    const reference = { [CALENDAR_REFERENCE]: [{ version: '1.35', endOfStandardSupport: '2026-01-01', endOfExtendedSupport: '2030-01-01' }] };
    expect(summary(runAws(kubernetesVersionSupport, cluster('1.35'), '', { reference }))).toEqual(['fail:medium']);
  });
  it('skips a cluster without a version', () => {
    expect(summary(runAws(kubernetesVersionSupport, { [PATHS.cluster]: clusterResponse({ version: 42 }) }))).toEqual(['skipped']);
    expect(summary(runAws(kubernetesVersionSupport, { [PATHS.cluster]: clusterResponse({ version: 'latest' }) }))).toEqual(['skipped']);
  });
});

const CALENDAR = 'the shipped EKS calendar';

testCheck(kubernetesVersionSupport, {
  pass: [{ input: { aws: cluster('1.35') } }, { input: { aws: cluster('1.40') } }],
  fail: [
    { input: { aws: cluster('1.34') }, failures: [{ path: 'version', messageId: 'standardSupportEnding', data: { version: '1.34', days: 4, date: '2026-12-02' }, severity: 'low' }] },
    { input: { aws: cluster('1.32') }, failures: [{ path: 'version', messageId: 'extendedSupport', data: { version: '1.32', date: '2027-03-23', source: CALENDAR }, severity: 'medium' }] },
    { input: { aws: cluster('1.31') }, failures: [{ path: 'version', messageId: 'unsupportedSince', data: { version: '1.31', date: '2026-11-26', source: CALENDAR }, severity: 'high' }] },
    { input: { aws: cluster('1.12') }, failures: [{ path: 'version', messageId: 'unsupported', data: { version: '1.12', source: CALENDAR }, severity: 'high' }] },
    {
      input: { aws: { ...cluster('1.35'), [PATHS.clusterVersions]: { clusterVersions: [{ clusterVersion: '1.35', versionStatus: 'STANDARD_SUPPORT', endOfStandardSupportDate: '2026-11-01T00:00:00Z', endOfExtendedSupportDate: '2027-11-01T00:00:00Z' }] } } },
      failures: [{ path: 'version', messageId: 'extendedSupport', data: { version: '1.35', date: '2027-11-01', source: 'eks:DescribeClusterVersions' }, severity: 'medium' }],
    },
  ],
});
