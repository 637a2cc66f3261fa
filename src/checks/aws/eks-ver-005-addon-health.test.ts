import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
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
