import { defineCheck, fail, notApplicable, pass } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import type { MessageRef } from '../../core/message.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { NodegroupModel } from '../../aws/models.js';
import { internetIngress, subnetExposure } from '../../aws/network.js';
import { EKS_BPG, skipped } from '../../aws/verdicts.js';
import { awsView, nodegroups } from '../../aws/view.js';
import { awsExample } from './example.js';
import { PATHS, privateRoutes, privateSubnets } from './fixtures.js';
import { templateFixture } from './eks-node-001-imdsv2.js';

/** At most this many exposures are listed (one per subnet at most, so a response cannot make the message unbounded). */
const LISTED = 9;

export const publicRoutes = {
  RouteTables: [
    {
      RouteTableId: 'rtb-0public',
      VpcId: 'vpc-0fedcba9876543210',
      Associations: [{ Main: false, SubnetId: 'subnet-0a000000000000001' }],
      Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0123456789', State: 'active' }],
    },
  ],
};

/**
 * EKS-NODE-005: fails when a node group subnet routes 0.0.0.0/0 to an internet gateway or assigns
 * public IPs on launch.
 */
export const nodesInPublicSubnets = defineCheck<NodegroupModel>({
  id: 'EKS-NODE-005',
  title: 'Nodes should not run in public subnets or get public IP addresses',
  area: 'nodes',
  severity: 'medium',
  target: nodegroups,
  needs: [AWS_KEYS.cluster, AWS_KEYS.nodegroups, AWS_KEYS.subnets, AWS_KEYS.routeTables, AWS_KEYS.launchTemplates],
  rationale:
    'A node with a public address in a subnet routed to an internet gateway is one security-group rule away from the internet: every hostPort, NodePort and the kubelet become reachable. Private subnets with a NAT gateway or VPC endpoints keep nodes unreachable from outside whatever the security groups say.',
  remediation: 'Place node groups in private subnets (no 0.0.0.0/0 route to an internet gateway, MapPublicIpOnLaunch off) and do not set AssociatePublicIpAddress in the launch template.',
  messages: {
    publicSubnet: 'subnet {{subnet}} {{reasons}}',
    publicIpTemplate: 'the launch template associates a public IP address',
    publicIpInstances: 'instances {{instances}} have public IP addresses',
    internetIngress: 'the node security groups admit traffic from the internet',
  },
  references: [`${EKS_BPG}/protecting-the-infrastructure.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample({ ...templateFixture({}), [PATHS.subnets]: privateSubnets, [PATHS.routeTables]: privateRoutes })],
    fail: [awsExample({ ...templateFixture({}), [PATHS.subnets]: privateSubnets, [PATHS.routeTables]: publicRoutes })],
  }),
  evaluate(nodegroup, ctx) {
    const view = awsView(ctx);
    if (view.clusterOf(nodegroup)?.autoMode) return notApplicable('EKS Auto Mode places nodes in the subnets of its node pools');
    const problems: MessageRef[] = [];
    const unknown: string[] = [];
    const tables = view.routeTablesIn(nodegroup.region);
    for (const id of nodegroup.subnets) {
      const subnet = view.subnet(id);
      if (!subnet) {
        unknown.push(id);
        continue;
      }
      const exposure = subnetExposure(subnet, tables);
      if (exposure.public) problems.push({ messageId: 'publicSubnet', data: { subnet: id, reasons: exposure.reasons.join(' and ') } });
    }
    if (view.launchTemplateOf(nodegroup)?.associatePublicIp === true) problems.push({ messageId: 'publicIpTemplate' });
    const exposed = view.instancesOf(nodegroup).filter((instance) => instance.publicIp);
    if (exposed.length > 0) problems.push({ messageId: 'publicIpInstances', data: { instances: exposed.map((instance) => instance.id).join(', ') } });
    const [first, ...rest] = problems.slice(0, LISTED);
    if (first) {
      // a public address only matters as far as the security groups let the internet in
      const groups = view.nodeGroups(nodegroup).map((id) => view.securityGroup(id)).filter((group) => group !== undefined);
      const open = internetIngress(groups).length > 0;
      const more: MessageRef[] = [...rest, ...(open ? [{ messageId: 'internetIngress' }] : [])];
      const omitted = problems.length - 1 - rest.length;
      return fail({
        ...first,
        ...(more.length > 0 ? { more } : {}),
        ...(omitted > 0 ? { omitted } : {}),
        path: fieldPath('nodegroup', 'subnets'),
        ...(open ? { severity: 'high' as const } : {}),
      });
    }
    if (unknown.length > 0) return skipped(`subnets ${unknown.join(', ')} were not found in the collected data`);
    return pass('the nodes run in private subnets');
  },
});
