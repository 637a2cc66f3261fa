import { defineCheck, fail, notApplicable, pass } from '../../core/check.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { NodegroupModel } from '../../aws/models.js';
import { internetIngress, subnetExposure } from '../../aws/network.js';
import { EKS_BPG, skipped } from '../../aws/verdicts.js';
import { awsView, nodegroups } from '../../aws/view.js';
import { awsExample } from './example.js';
import { PATHS, privateRoutes, privateSubnets } from './fixtures.js';
import { templateFixture } from './eks-node-001-imdsv2.js';

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
  references: [`${EKS_BPG}/protecting-the-infrastructure.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample({ ...templateFixture({}), [PATHS.subnets]: privateSubnets, [PATHS.routeTables]: privateRoutes })],
    fail: [awsExample({ ...templateFixture({}), [PATHS.subnets]: privateSubnets, [PATHS.routeTables]: publicRoutes })],
  }),
  evaluate(nodegroup, ctx) {
    const view = awsView(ctx);
    if (view.clusterOf(nodegroup)?.autoMode) return notApplicable('EKS Auto Mode places nodes in the subnets of its node pools');
    const problems: string[] = [];
    const unknown: string[] = [];
    const tables = view.routeTablesIn(nodegroup.region);
    for (const id of nodegroup.subnets) {
      const subnet = view.subnet(id);
      if (!subnet) {
        unknown.push(id);
        continue;
      }
      const exposure = subnetExposure(subnet, tables);
      if (exposure.public) problems.push(`subnet ${id} ${exposure.reasons.join(' and ')}`);
    }
    if (view.launchTemplateOf(nodegroup)?.associatePublicIp === true) problems.push('the launch template associates a public IP address');
    const exposed = view.instancesOf(nodegroup).filter((instance) => instance.publicIp);
    if (exposed.length > 0) problems.push(`instances ${exposed.map((instance) => instance.id).join(', ')} have public IP addresses`);
    if (problems.length > 0) {
      // a public address only matters as far as the security groups let the internet in
      const groups = view.nodeGroups(nodegroup).map((id) => view.securityGroup(id)).filter((group) => group !== undefined);
      const open = internetIngress(groups).length > 0;
      return fail(`${problems.join('; ')}${open ? ', and the node security groups admit traffic from the internet' : ''}`, 'nodegroup.subnets', open ? { severity: 'high' } : {});
    }
    if (unknown.length > 0) return skipped(`subnets ${unknown.join(', ')} were not found in the collected data`);
    return pass('the nodes run in private subnets');
  },
});
