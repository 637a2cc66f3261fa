import { defineCheck, fail, pass } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { ClusterModel } from '../../aws/models.js';
import { EKS_UG, skipped } from '../../aws/verdicts.js';
import { versionSupport } from '../../aws/versions.js';
import { clusters } from '../../aws/view.js';
import { awsExample } from './example.js';
import { PATHS, clusterResponse } from './fixtures.js';

const versions = { clusterVersions: [{ clusterVersion: '1.35', defaultPlatformVersion: 'eks.5', versionStatus: 'STANDARD_SUPPORT', endOfStandardSupportDate: '2027-03-27T00:00:00Z', endOfExtendedSupportDate: '2028-03-27T00:00:00Z' }] };

function platformNumber(version: string | undefined): number | undefined {
  const match = /eks\.(\d+)$/.exec(version ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * EKS-VER-006: fails (info) when the cluster platform version is behind the current one for its
 * Kubernetes version.
 */
export const platformVersionCurrent = defineCheck<ClusterModel>({
  id: 'EKS-VER-006',
  title: 'The cluster should be on the current EKS platform version',
  area: 'os-updates',
  severity: 'info',
  target: clusters,
  needs: [AWS_KEYS.cluster],
  rationale:
    'EKS platform versions carry control-plane fixes and new features within a Kubernetes minor. AWS rolls them out itself, so a lagging platform version is informational: it can explain a missing feature or a fix not yet applied.',
  remediation: 'Nothing to do in most cases: EKS updates platform versions automatically. A cluster update (version or configuration) picks up the latest platform version.',
  messages: {
    behind: 'platform version {{platform}} is behind {{latest}}',
  },
  references: [`${EKS_UG}/platform-versions.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.clusterVersions]: versions })],
    fail: [awsExample({ [PATHS.cluster]: clusterResponse({ platformVersion: 'eks.2' }), [PATHS.clusterVersions]: versions })],
  }),
  evaluate(cluster, ctx) {
    if (!cluster.version) return skipped('the cluster version is not known');
    const support = versionSupport(ctx, cluster.region, cluster.version);
    if (!support.defaultPlatformVersion) return skipped('the current platform version is only known from eks:DescribeClusterVersions, which was not collected');
    const current = platformNumber(cluster.platformVersion);
    const latest = platformNumber(support.defaultPlatformVersion);
    if (current === undefined || latest === undefined || current >= latest) return pass(`platform version ${cluster.platformVersion ?? '?'} (current: ${support.defaultPlatformVersion})`);
    return fail({ messageId: 'behind', data: { platform: cluster.platformVersion ?? '', latest: support.defaultPlatformVersion }, path: fieldPath('platformVersion') });
  },
});
