// A `terraform show -json` plan (format 1.2) with `size` resource instances: EKS clusters in
// modules (`module.eks_N`), each with its roles and policy attachments, KMS key, log group,
// subnets, node security group and rules, launch template, node group, add-on and access entry,
// the values referring to each other the way Terraform plans them (unknown until apply, with the
// configuration listing the references). Every 20th resource is a cluster: 100 clusters for 2,000.
import { writeFileSync } from 'node:fs';

const trust = (service) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
const refs = (...references) => ({ references });

function clusterModule(index) {
  const name = `bench-${index}`;
  const resources = [
    ['aws_iam_role', 'cluster', { name: `${name}-cluster`, assume_role_policy: trust('eks.amazonaws.com') }, { arn: true, id: true }, {}],
    ['aws_iam_role', 'nodes', { name: `${name}-nodes`, assume_role_policy: trust('ec2.amazonaws.com') }, { arn: true, id: true }, {}],
    ['aws_kms_key', 'secrets', { enable_key_rotation: index % 2 === 0, is_enabled: true }, { arn: true, key_id: true, id: true }, {}],
    ['aws_subnet', 'a', { vpc_id: `vpc-${index}`, cidr_block: '10.0.0.0/20', map_public_ip_on_launch: index % 3 === 0 }, { id: true, arn: true }, {}],
    ['aws_subnet', 'b', { vpc_id: `vpc-${index}`, cidr_block: '10.0.16.0/20', map_public_ip_on_launch: false }, { id: true, arn: true }, {}],
    [
      'aws_eks_cluster',
      'this',
      { name, version: '1.33', enabled_cluster_log_types: index % 2 ? ['audit'] : [], vpc_config: [{ endpoint_public_access: index % 4 === 0, endpoint_private_access: true }], access_config: [{ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false }], encryption_config: [{ resources: ['secrets'], provider: [{}] }] },
      { arn: true, id: true, identity: true, role_arn: true, vpc_config: [{ cluster_security_group_id: true, vpc_id: true, public_access_cidrs: true, subnet_ids: true }], encryption_config: [{ provider: [{ key_arn: true }] }] },
      { role_arn: refs('aws_iam_role.cluster.arn', 'aws_iam_role.cluster'), vpc_config: [{ subnet_ids: refs('aws_subnet.a.id', 'aws_subnet.a', 'aws_subnet.b.id', 'aws_subnet.b') }], encryption_config: [{ provider: [{ key_arn: refs('aws_kms_key.secrets.arn', 'aws_kms_key.secrets') }] }] },
    ],
    ['aws_cloudwatch_log_group', 'this', { name: `/aws/eks/${name}/cluster`, retention_in_days: 30 }, { arn: true, id: true }, {}],
    ['aws_security_group', 'node', { name: `${name}-node`, vpc_id: `vpc-${index}` }, { id: true, arn: true, ingress: true, egress: true }, {}],
    ['aws_security_group_rule', 'ssh', { type: 'ingress', from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: [index % 5 === 0 ? '0.0.0.0/0' : '10.0.0.0/8'] }, { id: true, security_group_id: true, source_security_group_id: true }, { security_group_id: refs('aws_security_group.node.id', 'aws_security_group.node') }],
    ['aws_security_group_rule', 'kubelet', { type: 'ingress', from_port: 10250, to_port: 10250, protocol: 'tcp' }, { id: true, security_group_id: true, source_security_group_id: true }, { security_group_id: refs('aws_security_group.node.id', 'aws_security_group.node'), source_security_group_id: refs('aws_eks_cluster.this.vpc_config[0].cluster_security_group_id', 'aws_eks_cluster.this') }],
    ['aws_launch_template', 'nodes', { name: `${name}-nodes`, metadata_options: [{ http_tokens: index % 2 ? 'required' : 'optional', http_put_response_hop_limit: 1 }] }, { id: true, arn: true, latest_version: true, vpc_security_group_ids: true }, { vpc_security_group_ids: refs('aws_security_group.node.id', 'aws_security_group.node') }],
    [
      'aws_eks_node_group',
      'this',
      { cluster_name: name, node_group_name: 'default', ami_type: 'AL2023_x86_64_STANDARD', launch_template: [{}] },
      { arn: true, id: true, node_role_arn: true, subnet_ids: true, version: true, launch_template: [{ id: true, version: true, name: true }] },
      { cluster_name: refs('aws_eks_cluster.this.name', 'aws_eks_cluster.this'), node_role_arn: refs('aws_iam_role.nodes.arn', 'aws_iam_role.nodes'), subnet_ids: refs('aws_subnet.a.id', 'aws_subnet.a'), launch_template: [{ id: refs('aws_launch_template.nodes.id', 'aws_launch_template.nodes'), version: refs('aws_launch_template.nodes.latest_version', 'aws_launch_template.nodes') }] },
    ],
    ['aws_eks_addon', 'vpc_cni', { cluster_name: name, addon_name: 'vpc-cni', configuration_values: '{"enableNetworkPolicy":"true"}' }, { arn: true, id: true, addon_version: true }, { cluster_name: refs('aws_eks_cluster.this.name', 'aws_eks_cluster.this') }],
    ['aws_eks_access_entry', 'admin', { cluster_name: name, principal_arn: 'arn:aws:iam::111122223333:role/admin', type: 'STANDARD' }, { id: true, kubernetes_groups: true }, { cluster_name: refs('aws_eks_cluster.this.name', 'aws_eks_cluster.this') }],
    ['aws_eks_access_policy_association', 'admin', { cluster_name: name, principal_arn: 'arn:aws:iam::111122223333:role/admin', policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy', access_scope: [{ type: 'namespace', namespaces: ['apps'] }] }, { id: true }, {}],
  ];
  for (const policy of ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly', 'AmazonSSMManagedInstanceCore', 'AmazonEKS_CNI_Policy']) {
    resources.push(['aws_iam_role_policy_attachment', `nodes_${policy}`, { role: `${name}-nodes`, policy_arn: `arn:aws:iam::aws:policy/${policy}` }, { id: true }, { role: refs('aws_iam_role.nodes.name', 'aws_iam_role.nodes') }]);
  }
  return resources;
}

export function generatePlan(file, size) {
  const changes = [];
  const calls = {};
  let index = 0;
  while (changes.length < size) {
    const module = `module.eks_${index}`;
    const configResources = [];
    for (const [type, name, after, unknown, expressions] of clusterModule(index)) {
      if (changes.length >= size) break;
      changes.push({ address: `${module}.${type}.${name}`, module_address: module, mode: 'managed', type, name, provider_name: 'registry.terraform.io/hashicorp/aws', change: { actions: ['create'], before: null, after, after_unknown: unknown, after_sensitive: {} } });
      configResources.push({ address: `${type}.${name}`, mode: 'managed', type, name, provider_config_key: 'aws', expressions, schema_version: 0 });
    }
    calls[`eks_${index}`] = { source: './modules/eks', module: { resources: configResources } };
    index += 1;
  }
  const plan = {
    format_version: '1.2',
    terraform_version: '1.11.4',
    planned_values: { root_module: {} },
    resource_changes: changes,
    configuration: { provider_config: { aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', expressions: { region: { constant_value: 'us-east-1' } } } }, root_module: { module_calls: calls } },
  };
  writeFileSync(file, JSON.stringify(plan));
  return { resources: changes.length, clusters: index };
}
