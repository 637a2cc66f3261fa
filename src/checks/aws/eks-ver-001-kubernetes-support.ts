import { defineCheck, fail, pass, type Verdict } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { ClusterModel } from '../../aws/models.js';
import { EKS_UG, skipped } from '../../aws/verdicts.js';
import { daysBetween, minorOf, versionSupport } from '../../aws/versions.js';
import { clusters } from '../../aws/view.js';
import { awsExample } from './example.js';
import { PATHS, clusterResponse } from './fixtures.js';

/** Days before the end of standard support at which a warning starts. */
export const SUPPORT_WARNING_DAYS = 60;

/**
 * EKS-VER-001: fails when the control plane version is out of EKS support (high), in extended
 * support (medium), or within 60 days of the end of standard support (low), on the shipped
 * calendar.
 */
export const kubernetesVersionSupport = defineCheck<ClusterModel>({
  id: 'EKS-VER-001',
  title: 'The control plane must run a Kubernetes version in standard support',
  area: 'os-updates',
  severity: 'high',
  target: clusters,
  needs: [AWS_KEYS.cluster],
  rationale:
    'Kubernetes versions in EKS extended support cost extra and are upgraded by force when it ends; unsupported versions get no security fixes at all. The version also bounds the node AMIs and add-ons you can run, so a late upgrade blocks patching everywhere else.',
  remediation: 'Upgrade the control plane one minor version at a time (`aws eks update-cluster-version`), after checking EKS upgrade insights, then the node groups and add-ons.',
  messages: {
    unsupportedSince: 'Kubernetes {{version}} is out of EKS support since {{date}} ({{source}})',
    unsupported: 'Kubernetes {{version}} is out of EKS support ({{source}})',
    extendedSupport: 'Kubernetes {{version}} is in extended support (extra cost) until {{date}} ({{source}})',
    standardSupportEnding: 'standard support for Kubernetes {{version}} ends in {{days}} days ({{date}})',
  },
  references: [`${EKS_UG}/kubernetes-versions.html`, `${EKS_UG}/update-cluster.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse() })],
    fail: [awsExample({ [PATHS.cluster]: clusterResponse({ version: '1.31' }) }), awsExample({ [PATHS.cluster]: clusterResponse({ version: '1.27' }) })],
  }),
  evaluate(cluster, ctx): Verdict {
    const version = cluster.version;
    if (version === undefined || minorOf(version) === undefined) return skipped(version === undefined ? 'the cluster version is not known' : `the cluster version ${version} is not a Kubernetes 1.x version`);
    const support = versionSupport(ctx, cluster.region, version);
    const from = support.source === 'api' ? 'eks:DescribeClusterVersions' : 'the shipped EKS calendar';
    const path = fieldPath('version');
    switch (support.status) {
      case 'UNSUPPORTED':
        return support.endOfExtendedSupport
          ? fail({ messageId: 'unsupportedSince', data: { version, date: support.endOfExtendedSupport.slice(0, 10), source: from }, path, severity: 'high' })
          : fail({ messageId: 'unsupported', data: { version, source: from }, path, severity: 'high' });
      case 'EXTENDED_SUPPORT':
        return fail({ messageId: 'extendedSupport', data: { version, date: support.endOfExtendedSupport?.slice(0, 10) ?? '?', source: from }, path, severity: 'medium' });
      case 'STANDARD_SUPPORT': {
        const days = support.endOfStandardSupport ? daysBetween(ctx.now, support.endOfStandardSupport) : Infinity;
        if (days < SUPPORT_WARNING_DAYS) {
          return fail({ messageId: 'standardSupportEnding', data: { version, days, date: support.endOfStandardSupport!.slice(0, 10) }, path, severity: 'low' });
        }
        return pass(`Kubernetes ${cluster.version} is in standard support${support.endOfStandardSupport ? ` until ${support.endOfStandardSupport.slice(0, 10)}` : ''}`);
      }
      default:
        return pass(`Kubernetes ${cluster.version} is newer than the known calendar`);
    }
  },
});
