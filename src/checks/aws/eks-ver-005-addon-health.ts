import { defineCheck, fail, pass, type Verdict } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { compareAddonVersions } from '../../aws/ami.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { AddonModel } from '../../aws/models.js';
import { EKS_UG } from '../../aws/verdicts.js';
import { addons, awsView } from '../../aws/view.js';
import { awsExample } from './example.js';
import { PATHS, clusterResponse } from './fixtures.js';

const coredns = (version: string, status = 'ACTIVE') => ({ addon: { addonName: 'coredns', clusterName: 'prod', status, addonVersion: version, health: { issues: [] } } });
const corednsVersions = {
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

/**
 * EKS-VER-005: fails when an add-on is older than the default version for the cluster's Kubernetes
 * version, or is not ACTIVE.
 */
export const addonHealth = defineCheck<AddonModel>({
  id: 'EKS-VER-005',
  title: 'EKS add-ons should be current and healthy',
  area: 'os-updates',
  severity: 'low',
  target: addons,
  needs: [AWS_KEYS.cluster, AWS_KEYS.addons, AWS_KEYS.addonVersions],
  rationale:
    'Add-ons such as vpc-cni, coredns, kube-proxy and the EBS CSI driver run privileged on every node; their releases carry security fixes and must follow the cluster version. An add-on that is degraded or failed to update leaves the cluster on old code and hides upgrade blockers.',
  remediation: 'Update the add-on to the default version for the cluster version (`aws eks update-addon --addon-name <name> --addon-version <version>`) and resolve the health issues it reports.',
  messages: {
    notActive: 'add-on {{addon}} is {{status}}',
    healthIssues: 'add-on {{addon}} reports {{issues}}',
    outdated: 'add-on {{addon}} {{version}} is older than {{wanted}}, the default for Kubernetes {{kubernetes}}',
  },
  references: [`${EKS_UG}/updating-an-add-on.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.addon('coredns')]: coredns('v1.12.4-eksbuild.1'), [PATHS.addonVersions('coredns')]: corednsVersions })],
    fail: [
      awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.addon('coredns')]: coredns('v1.11.4-eksbuild.2'), [PATHS.addonVersions('coredns')]: corednsVersions }),
      awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.addon('coredns')]: coredns('v1.12.4-eksbuild.1', 'DEGRADED'), [PATHS.addonVersions('coredns')]: corednsVersions }),
    ],
  }),
  evaluate(addon, ctx) {
    const view = awsView(ctx);
    const verdicts: Verdict[] = [];
    if (addon.status && addon.status !== 'ACTIVE') verdicts.push(fail({ messageId: 'notActive', data: { addon: addon.name, status: addon.status }, path: fieldPath('addon', 'status'), severity: 'medium' }));
    if (addon.healthIssues.length > 0) {
      verdicts.push(fail({ messageId: 'healthIssues', data: { addon: addon.name, issues: addon.healthIssues.map((issue) => `${issue.code}: ${issue.message}`).join('; ') }, path: fieldPath('addon', 'health', 'issues'), severity: 'medium' }));
    }
    const cluster = view.clusterOf(addon);
    const wanted = cluster?.version ? view.addonDefault(addon.region, addon.name, cluster.version) : undefined;
    if (wanted && addon.version && compareAddonVersions(addon.version, wanted) < 0) {
      verdicts.push(fail({ messageId: 'outdated', data: { addon: addon.name, version: addon.version, wanted, kubernetes: cluster!.version ?? '' }, path: fieldPath('addon', 'addonVersion') }));
    }
    if (verdicts.length > 0) return verdicts;
    return pass(wanted ? `add-on ${addon.name} ${addon.version} is healthy and current` : `add-on ${addon.name} is healthy (no default version known to compare with)`);
  },
});
