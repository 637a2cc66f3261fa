import { defineCheck, fail, notApplicable, pass } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { NodegroupModel } from '../../aws/models.js';
import { metadataSource } from '../../aws/node-config.js';
import { EKS_BPG, skipped } from '../../aws/verdicts.js';
import { awsView, nodegroups } from '../../aws/view.js';
import { awsExample } from './example.js';
import { templateFixture } from './eks-node-001-imdsv2.js';

/**
 * EKS-NODE-002: fails when the IMDSv2 hop limit of a launch template or instance is 2 or more, so
 * pods reach the node role credentials.
 */
export const podMetadataAccess = defineCheck<NodegroupModel>({
  id: 'EKS-NODE-002',
  title: 'Pods should not reach the node role through the instance metadata service',
  area: 'nodes',
  severity: 'medium',
  target: nodegroups,
  needs: [AWS_KEYS.cluster, AWS_KEYS.nodegroups, AWS_KEYS.launchTemplates],
  rationale:
    'With an IMDSv2 hop limit of 2 or more (the EKS-generated launch template sets 2), every pod that is not on the host network can fetch a token and the node IAM role credentials, and act as the node in AWS (pull any ECR image, describe the account, and with the CNI policy attached, change network interfaces). A hop limit of 1 stops the token response at the pod network namespace.',
  remediation:
    'Set `MetadataOptions.HttpPutResponseHopLimit: 1` in the launch template and give pods their own credentials through IRSA or EKS Pod Identity. Keep 2 only for node groups whose workloads are documented to need IMDS.',
  messages: { metadataReachable: '{{instances}}: pods can reach the instance metadata service' },
  references: [`${EKS_BPG}/identity-and-access-management.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample(templateFixture({}))],
    fail: [awsExample(templateFixture({ MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 2 } }))],
  }),
  evaluate(nodegroup, ctx) {
    if (awsView(ctx).clusterOf(nodegroup)?.autoMode) return notApplicable('EKS Auto Mode manages the node metadata settings');
    const source = metadataSource(nodegroup, ctx, 'hopLimit');
    if (source.kind === 'unknown') return skipped(source.reason);
    const settings = source.kind === 'template' ? [{ id: 'the launch template', options: source.options }] : source.options;
    const reachable = settings.filter((entry) => entry.options.httpEndpoint !== 'disabled' && (entry.options.hopLimit ?? 1) > 1);
    if (reachable.length === 0) return pass('the metadata hop limit is 1: pods cannot reach the node credentials');
    const path = fieldPath(source.kind === 'template' ? 'LaunchTemplateData' : 'Instances', 'MetadataOptions', 'HttpPutResponseHopLimit');
    const instances = reachable.map((entry) => `${entry.id} (hop limit ${entry.options.hopLimit})`).join(', ');
    return fail({ messageId: 'metadataReachable', data: { instances }, path });
  },
});
