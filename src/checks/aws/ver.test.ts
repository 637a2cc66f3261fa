import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { AMI_RELEASES_REFERENCE } from '../../aws/ami.js';
import { CALENDAR_REFERENCE } from '../../aws/versions.js';
import { eksVer001 } from './eks-ver-001.js';
import { eksVer002 } from './eks-ver-002.js';
import { eksVer003 } from './eks-ver-003.js';
import { eksVer004 } from './eks-ver-004.js';
import { eksVer005 } from './eks-ver-005.js';
import { eksVer006 } from './eks-ver-006.js';
import { PATHS, clusterResponse, nodegroupResponse } from './fixtures.js';

const cluster = (version: string) => ({ [PATHS.cluster]: clusterResponse({ version }) });

describe('EKS-VER-001 control-plane version support (FIXED_NOW 2026-11-27)', () => {
  it('grades by the shipped calendar', () => {
    expect(summary(runAws(eksVer001, cluster('1.35')))).toEqual(['pass']);
    expect(summary(runAws(eksVer001, cluster('1.34')))).toEqual(['fail:low']); // standard support ends 2026-12-02
    expect(summary(runAws(eksVer001, cluster('1.32')))).toEqual(['fail:medium']);
    expect(summary(runAws(eksVer001, cluster('1.31')))).toEqual(['fail:high']); // extended support ended 2026-11-26
    expect(summary(runAws(eksVer001, cluster('1.12')))).toEqual(['fail:high']); // older than the calendar
    expect(summary(runAws(eksVer001, cluster('1.40')))).toEqual(['pass']);
  });
  it('prefers the dates of DescribeClusterVersions over the calendar and over its status word', () => {
    const versions = { clusterVersions: [{ clusterVersion: '1.35', versionStatus: 'STANDARD_SUPPORT', endOfStandardSupportDate: '2026-11-01T00:00:00Z', endOfExtendedSupportDate: '2027-11-01T00:00:00Z' }] };
    const [finding] = runAws(eksVer001, { ...cluster('1.35'), [PATHS.clusterVersions]: versions });
    expect(finding?.severity).toBe('medium');
    expect(finding?.message).toContain('eks:DescribeClusterVersions');
  });
  it('follows ctx.now and a pinned calendar', () => {
    expect(summary(runAws(eksVer001, cluster('1.35'), '', { now: new Date('2028-04-01T00:00:00Z') }))).toEqual(['fail:high']);
    const reference = { [CALENDAR_REFERENCE]: [{ version: '1.35', endOfStandardSupport: '2026-01-01', endOfExtendedSupport: '2030-01-01' }] };
    expect(summary(runAws(eksVer001, cluster('1.35'), '', { reference }))).toEqual(['fail:medium']);
  });
  it('skips a cluster without a version', () => {
    expect(summary(runAws(eksVer001, { [PATHS.cluster]: clusterResponse({ version: 42 }) }))).toEqual(['skipped']);
    expect(summary(runAws(eksVer001, { [PATHS.cluster]: clusterResponse({ version: 'latest' }) }))).toEqual(['skipped']);
  });
});

describe('EKS-VER-002 node version skew', () => {
  const skew = (version: string) => ({ [PATHS.cluster]: clusterResponse(), [PATHS.nodegroup()]: nodegroupResponse({ version }) });
  it('grades by minors behind, and a newer kubelet as high', () => {
    expect(summary(runAws(eksVer002, skew('1.34')))).toEqual(['fail:low']);
    expect(summary(runAws(eksVer002, skew('1.32')))).toEqual(['fail:medium']);
    expect(summary(runAws(eksVer002, skew('1.30')))).toEqual(['fail:high']);
    expect(summary(runAws(eksVer002, skew('1.36')))).toEqual(['fail:high']);
  });
});

describe('EKS-VER-003 latest AMI release', () => {
  const param = (name: string, value: string) => ({ Parameters: [{ Name: name, Value: value }] });
  const al2023 = '/aws/service/eks/optimized-ami/1.35/amazon-linux-2023/x86_64/standard/recommended/release_version';
  it('is high more than 90 days behind by the date suffix', () => {
    const files = { [PATHS.cluster]: clusterResponse(), [PATHS.nodegroup()]: nodegroupResponse({ releaseVersion: '1.35.0-20260601' }), [PATHS.ssm]: param(al2023, '1.35.3-20261120') };
    expect(summary(runAws(eksVer003, files))).toEqual(['fail:high']);
  });
  it('maps Bottlerocket and compares its releases numerically', () => {
    const br = '/aws/service/bottlerocket/aws-k8s-1.35-nvidia/arm64/latest/image_version';
    const files = (release: string) => ({
      [PATHS.cluster]: clusterResponse(),
      [PATHS.nodegroup()]: nodegroupResponse({ amiType: 'BOTTLEROCKET_ARM_64_NVIDIA', releaseVersion: release }),
      [PATHS.ssm]: param(br, '1.49.10-713f44ce'),
    });
    expect(summary(runAws(eksVer003, files('1.49.9-aaaaaaaa')))).toEqual(['fail:medium']);
    expect(summary(runAws(eksVer003, files('1.49.10-713f44ce')))).toEqual(['pass']);
  });
  it('lets a pinned reference decide over the collected parameter', () => {
    const files = { [PATHS.cluster]: clusterResponse(), [PATHS.nodegroup()]: nodegroupResponse(), [PATHS.ssm]: param(al2023, '1.35.2-20261101') };
    expect(summary(runAws(eksVer003, files, '', { reference: { [AMI_RELEASES_REFERENCE]: { [al2023]: '1.35.9-20261125' } } }))).toEqual(['fail:medium']);
  });
  it('is not applicable to custom AMIs, skipped when the parameter is missing', () => {
    expect(summary(runAws(eksVer003, { [PATHS.nodegroup()]: nodegroupResponse({ amiType: 'CUSTOM', releaseVersion: 'ami-0123' }), [PATHS.ssm]: { Parameters: [] } }))).toEqual(['not-applicable']);
    expect(summary(runAws(eksVer003, { [PATHS.nodegroup()]: nodegroupResponse(), [PATHS.ssm]: { Parameters: [], InvalidParameters: [al2023] } }))).toEqual(['skipped']);
  });
});

describe('EKS-VER-004 Amazon Linux 2', () => {
  it('is medium before the end of support and high after', () => {
    const files = { [PATHS.nodegroup()]: nodegroupResponse({ amiType: 'AL2_ARM_64' }) };
    expect(summary(runAws(eksVer004, files, '', { now: new Date('2025-06-01T00:00:00Z') }))).toEqual(['fail:medium']);
    expect(summary(runAws(eksVer004, files))).toEqual(['fail:high']);
    expect(summary(runAws(eksVer004, { [PATHS.nodegroup()]: nodegroupResponse({ amiType: 'BOTTLEROCKET_x86_64' }) }))).toEqual(['pass']);
  });
});

describe('EKS-VER-005 add-ons', () => {
  it('reports health issues and passes add-ons without a known default version', () => {
    const addon = { addon: { addonName: 'kube-proxy', clusterName: 'prod', status: 'ACTIVE', addonVersion: 'v1.35.0-eksbuild.2', health: { issues: [{ code: 'InsufficientNumberOfReplicas', message: 'not enough' }] } } };
    expect(summary(runAws(eksVer005, { [PATHS.cluster]: clusterResponse(), [PATHS.addon('kube-proxy')]: addon, [PATHS.addonVersions('kube-proxy')]: { addons: [] } }))).toEqual(['fail:medium']);
    const healthy = { addon: { ...addon.addon, health: { issues: [] } } };
    expect(summary(runAws(eksVer005, { [PATHS.cluster]: clusterResponse(), [PATHS.addon('kube-proxy')]: healthy, [PATHS.addonVersions('kube-proxy')]: { addons: [] } }))).toEqual(['pass']);
  });
});

describe('EKS-VER-006 platform version', () => {
  it('needs DescribeClusterVersions', () => {
    expect(summary(runAws(eksVer006, { [PATHS.cluster]: clusterResponse() }))).toEqual(['skipped']);
  });
});
