import { defineCheck, fail, notApplicable, pass } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { MetadataOptions, NodegroupModel } from '../../aws/models.js';
import { metadataSource } from '../../aws/node-config.js';
import { EKS_BPG, skipped } from '../../aws/verdicts.js';
import { awsView, nodegroups } from '../../aws/view.js';
import { awsExample } from './example.js';
import { PATHS, clusterResponse, launchTemplateResponse, nodegroupResponse } from './fixtures.js';

export function templateFixture(dataPatch: unknown, nodegroupPatch: unknown = {}): Record<string, unknown> {
  return {
    [PATHS.cluster]: clusterResponse(),
    [PATHS.nodegroup()]: nodegroupResponse(nodegroupPatch),
    [PATHS.launchTemplate()]: launchTemplateResponse(dataPatch),
  };
}

const protectedByTokens = (options: MetadataOptions) => options.httpTokens === 'required' || options.httpEndpoint === 'disabled';

/**
 * EKS-NODE-001: fails when a node launch template or instance sets HttpTokens to optional (IMDSv1
 * allowed).
 */
export const imdsv2Required = defineCheck<NodegroupModel>({
  id: 'EKS-NODE-001',
  title: 'Nodes must require IMDSv2',
  area: 'nodes',
  severity: 'high',
  target: nodegroups,
  needs: [AWS_KEYS.cluster, AWS_KEYS.nodegroups, AWS_KEYS.launchTemplates],
  rationale:
    'IMDSv1 answers any GET to 169.254.169.254, so a server-side request forgery in any pod, or a pod on the host network, can read the node IAM role credentials. IMDSv2 requires a PUT-obtained session token that SSRF bugs and most proxies cannot produce.',
  remediation:
    'Set `MetadataOptions.HttpTokens: required` in the node group launch template (and roll the node group), or for self-managed nodes `aws ec2 modify-instance-metadata-options --http-tokens required`.',
  messages: {
    launchTemplate: 'the launch template sets HttpTokens to {{httpTokens}}: IMDSv1 is allowed',
    instances: 'instances {{instances}} allow IMDSv1 (HttpTokens optional)',
  },
  references: [`${EKS_BPG}/identity-and-access-management.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample(templateFixture({}))],
    fail: [awsExample(templateFixture({ MetadataOptions: { HttpTokens: 'optional', HttpPutResponseHopLimit: 1 } }))],
  }),
  evaluate(nodegroup, ctx) {
    if (awsView(ctx).clusterOf(nodegroup)?.autoMode) return notApplicable('EKS Auto Mode manages the node metadata settings');
    const source = metadataSource(nodegroup, ctx, 'httpTokens');
    if (source.kind === 'unknown') return skipped(source.reason);
    if (source.kind === 'template') {
      return protectedByTokens(source.options)
        ? pass(source.options.httpEndpoint === 'disabled' ? 'the metadata endpoint is disabled' : 'the launch template requires IMDSv2')
        : fail({ messageId: 'launchTemplate', data: { httpTokens: source.options.httpTokens ?? 'optional' }, path: fieldPath('LaunchTemplateData', 'MetadataOptions', 'HttpTokens') });
    }
    const open = source.options.filter((instance) => !protectedByTokens(instance.options));
    return open.length === 0
      ? pass(`all ${source.options.length} running instances require IMDSv2`)
      : fail({ messageId: 'instances', data: { instances: open.map((instance) => instance.id).join(', ') }, path: fieldPath('Instances', 'MetadataOptions', 'HttpTokens') });
  },
});
