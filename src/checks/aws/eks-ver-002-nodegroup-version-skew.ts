import { defineCheck, fail, pass } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { NodegroupModel } from '../../aws/models.js';
import { EKS_UG, skipped } from '../../aws/verdicts.js';
import { minorOf } from '../../aws/versions.js';
import { awsView, nodegroups } from '../../aws/view.js';
import { awsExample } from './example.js';
import { PATHS, clusterResponse, nodegroupResponse } from './fixtures.js';

const VERSION = fieldPath('nodegroup', 'version');

/**
 * EKS-VER-002: fails when a node group runs behind the control plane (low for one or two minors,
 * medium for three, high beyond) or newer than it (high, unsupported).
 */
export const nodegroupVersionSkew = defineCheck<NodegroupModel>({
  id: 'EKS-VER-002',
  title: 'Node group Kubernetes versions should not lag the control plane',
  area: 'os-updates',
  severity: 'low',
  target: nodegroups,
  needs: [AWS_KEYS.cluster, AWS_KEYS.nodegroups],
  rationale:
    'Nodes behind the control plane miss kubelet security fixes and block the next control-plane upgrade; upstream supports kubelets up to three minors behind, EKS recommends keeping them on the control-plane version, and a kubelet newer than the API server is unsupported.',
  remediation: 'Update the node group to the control-plane version (`aws eks update-nodegroup-version --cluster-name <cluster> --nodegroup-name <ng>`).',
  messages: {
    newer: 'node group {{nodegroup}} is newer than the control plane {{cluster}}: unsupported',
    behindVersion: 'node group {{nodegroup}} is {{behind}} minor version behind the control plane {{cluster}}',
    behindVersions: 'node group {{nodegroup}} is {{behind}} minor versions behind the control plane {{cluster}}',
  },
  references: [`${EKS_UG}/update-managed-node-group.html`, `${EKS_UG}/kubernetes-versions.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.nodegroup()]: nodegroupResponse() })],
    fail: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.nodegroup()]: nodegroupResponse({ version: '1.33', releaseVersion: '1.33.5-20261101' }) })],
  }),
  evaluate(nodegroup, ctx) {
    const cluster = awsView(ctx).clusterOf(nodegroup);
    const planeMinor = minorOf(cluster?.version);
    const nodeMinor = minorOf(nodegroup.version);
    if (planeMinor === undefined || nodeMinor === undefined) return skipped('the cluster or node group version is not known');
    const behind = planeMinor - nodeMinor;
    if (behind === 0) return pass(`node group on the control-plane version ${cluster!.version}`);
    if (behind < 0) return fail({ messageId: 'newer', data: { nodegroup: nodegroup.version ?? '', cluster: cluster!.version ?? '' }, path: VERSION, severity: 'high' });
    const severity = behind > 3 ? 'high' : behind === 3 ? 'medium' : 'low';
    return fail({ messageId: behind > 1 ? 'behindVersions' : 'behindVersion', data: { nodegroup: nodegroup.version ?? '', behind, cluster: cluster!.version ?? '' }, path: VERSION, severity });
  },
});
