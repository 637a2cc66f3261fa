import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { addonHealth } from './eks-ver-005-addon-health.js';
import { PATHS, clusterResponse } from './fixtures.js';

const cluster = (version: string) => ({ [PATHS.cluster]: clusterResponse({ version }) });

describe('EKS-VER-005 add-ons', () => {
  it('reports health issues and passes add-ons without a known default version', () => {
    const addon = { addon: { addonName: 'kube-proxy', clusterName: 'prod', status: 'ACTIVE', addonVersion: 'v1.35.0-eksbuild.2', health: { issues: [{ code: 'InsufficientNumberOfReplicas', message: 'not enough' }] } } };
    expect(summary(runAws(addonHealth, { [PATHS.cluster]: clusterResponse(), [PATHS.addon('kube-proxy')]: addon, [PATHS.addonVersions('kube-proxy')]: { addons: [] } }))).toEqual(['fail:medium']);
    const healthy = { addon: { ...addon.addon, health: { issues: [] } } };
    expect(summary(runAws(addonHealth, { [PATHS.cluster]: clusterResponse(), [PATHS.addon('kube-proxy')]: healthy, [PATHS.addonVersions('kube-proxy')]: { addons: [] } }))).toEqual(['pass']);
  });
});

const COREDNS_VERSIONS = {
  addons: [
    {
      addonName: 'coredns',
      addonVersions: [
        { addonVersion: 'v1.12.4-eksbuild.1', compatibilities: [{ clusterVersion: '1.35', defaultVersion: true }] },
        { addonVersion: 'v1.11.4-eksbuild.2', compatibilities: [{ clusterVersion: '1.35', defaultVersion: false }] },
      ],
    },
  ],
};
const coredns = (version: string, status = 'ACTIVE', issues: unknown[] = []) => ({
  [PATHS.cluster]: clusterResponse(),
  [PATHS.addon('coredns')]: { addon: { addonName: 'coredns', clusterName: 'prod', status, addonVersion: version, health: { issues } } },
  [PATHS.addonVersions('coredns')]: COREDNS_VERSIONS,
});

testCheck(addonHealth, {
  pass: [{ input: { aws: coredns('v1.12.4-eksbuild.1') } }],
  fail: [
    { input: { aws: coredns('v1.11.4-eksbuild.2') }, failures: [{ path: 'addon.addonVersion', messageId: 'outdated', data: { addon: 'coredns', version: 'v1.11.4-eksbuild.2', wanted: 'v1.12.4-eksbuild.1', kubernetes: '1.35' }, severity: 'low' }] },
    { input: { aws: coredns('v1.12.4-eksbuild.1', 'DEGRADED') }, failures: [{ path: 'addon.status', messageId: 'notActive', data: { addon: 'coredns', status: 'DEGRADED' }, severity: 'medium' }] },
    {
      input: { aws: coredns('v1.12.4-eksbuild.1', 'ACTIVE', [{ code: 'InsufficientNumberOfReplicas', message: 'not enough' }, { code: 'Other', message: 'x' }]) },
      failures: [{ path: 'addon.health.issues', messageId: 'healthIssues', data: { addon: 'coredns', issues: 'InsufficientNumberOfReplicas: not enough; Other: x' }, severity: 'medium' }],
    },
  ],
});
