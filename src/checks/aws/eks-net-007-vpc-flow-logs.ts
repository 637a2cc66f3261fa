import { defineCheck, fail, pass } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { ClusterModel } from '../../aws/models.js';
import { EKS_BPG, skipped } from '../../aws/verdicts.js';
import { awsView, clusters } from '../../aws/view.js';
import { awsExample } from './example.js';
import { PATHS, clusterResponse } from './fixtures.js';

const flowLogs = (status: string) => ({ FlowLogs: [{ FlowLogId: 'fl-0123', ResourceId: 'vpc-0fedcba9876543210', FlowLogStatus: status, TrafficType: 'ALL' }] });

/**
 * EKS-NET-007: fails when the cluster VPC has no flow log.
 */
export const vpcFlowLogs = defineCheck<ClusterModel>({
  id: 'EKS-NET-007',
  title: 'VPC flow logs should be on for the cluster VPC',
  area: 'data-plane',
  severity: 'low',
  target: clusters,
  needs: [AWS_KEYS.cluster, AWS_KEYS.flowLogs],
  rationale:
    'Flow logs are the only record of which addresses talked to the nodes, the pods (with the VPC CNI, pods have VPC addresses) and the control-plane ENIs. Without them an intrusion or data exfiltration cannot be traced on the network.',
  remediation: 'Create a flow log for the cluster VPC: `aws ec2 create-flow-logs --resource-type VPC --resource-ids <vpc-id> --traffic-type ALL ...`.',
  messages: {
    inactive: 'the flow logs on {{vpc}} are not active',
    noFlowLog: 'VPC {{vpc}} has no flow log',
  },
  references: [`${EKS_BPG}/network-security.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.flowLogs]: flowLogs('ACTIVE') })],
    fail: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.flowLogs]: { FlowLogs: [] } })],
  }),
  evaluate(cluster, ctx) {
    const view = awsView(ctx);
    // moto and old responses omit vpcId; the subnets know it
    const vpcId = cluster.vpcId ?? cluster.subnetIds.map((id) => view.subnet(id)?.vpcId).find(Boolean);
    if (!vpcId) return skipped('the cluster VPC is not known (no vpcId and no collected subnet)');
    const logs = view.flowLogsFor(cluster.region, vpcId);
    const active = logs.filter((log) => log.status === undefined || log.status === 'ACTIVE');
    if (active.length > 0) return pass(`flow log ${active.map((log) => log.id).join(', ')} on ${vpcId}`);
    return fail({ messageId: logs.length > 0 ? 'inactive' : 'noFlowLog', data: { vpc: vpcId }, path: fieldPath('resourcesVpcConfig', 'vpcId') });
  },
});
