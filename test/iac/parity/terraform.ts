/**
 * A scenario as the Terraform plan of the AWS provider resources that build it (attribute names
 * from the provider's documentation: aws_eks_cluster, aws_eks_node_group, aws_launch_template,
 * aws_security_group, aws_iam_role, aws_iam_role_policy_attachment, aws_eks_addon,
 * aws_eks_access_entry, aws_eks_access_policy_association, aws_eks_pod_identity_association,
 * aws_iam_openid_connect_provider, aws_cloudwatch_log_group, aws_subnet, aws_route_table …).
 * The IRSA scenario is a second plan against a cluster that exists already (every value known),
 * which is how a trust policy naming the cluster's OIDC issuer is known at plan time.
 */
import { buildPlan, computed, knownRef, ref, type PlanResource } from './plan-builder.js';
import { ACCOUNT, cniConfiguration, names, REGION, roleArn, sshCidrs, VERSION, VPC_CIDR, type Scenario } from './scenarios.js';

const trust = (service: string, actions: string | string[] = 'sts:AssumeRole') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: actions }] });

/** The OIDC issuer of the existing cluster of the IRSA scenario. */
export const EXISTING_ISSUER = 'https://oidc.eks.us-east-1.amazonaws.com/id/5C0D2F1A9E8B7C6D5E4F3A2B1C0D9E8F';

export function irsaTrust(issuer: string, namespace: string, serviceAccount: string): string {
  const host = issuer.replace(/^https:\/\//, '');
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${host}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${host}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`, [`${host}:aud`]: 'sts.amazonaws.com' } },
      },
    ],
  });
}

export function terraformPlan(s: Scenario): Record<string, unknown> {
  const n = names(s);
  const existing = s.withOIDC;
  const id = (address: string, known: string) => (existing ? known : ref(address, 'id'));
  const arnOf = (address: string, name: string) => (existing ? roleArn(name) : ref(address, 'arn'));
  const state = (resource: PlanResource): PlanResource => (existing ? { ...resource, action: 'no-op', values: { ...resource.values, ...known(resource) } } : resource);
  const known = (resource: PlanResource): Record<string, unknown> =>
    Object.fromEntries(
      (resource.computed ?? []).map((attribute) => [attribute, attribute === 'arn' && resource.address.startsWith('aws_iam_role.') ? roleArn(String(resource.values['name'])) : `${s.name}-${resource.address}-${attribute}`]),
    );
  const clusterSg = existing ? `sg-0${s.name}cluster` : ref('aws_eks_cluster.this', 'vpc_config[0].cluster_security_group_id');
  const nodesSubnet = s.nodes.privateNetworking ? 'aws_subnet.private' : 'aws_subnet.public';
  const resources: PlanResource[] = [
    state({ address: 'aws_vpc.this', values: { cidr_block: VPC_CIDR }, computed: ['id', 'arn'] }),
    state({ address: 'aws_subnet.public', values: { vpc_id: id('aws_vpc.this', `${s.name}-aws_vpc.this-id`), cidr_block: '192.168.0.0/19', map_public_ip_on_launch: true }, computed: ['id', 'arn'] }),
    state({ address: 'aws_subnet.private', values: { vpc_id: id('aws_vpc.this', `${s.name}-aws_vpc.this-id`), cidr_block: '192.168.32.0/19', map_public_ip_on_launch: false }, computed: ['id', 'arn'] }),
    state({ address: 'aws_internet_gateway.this', values: { vpc_id: id('aws_vpc.this', `${s.name}-aws_vpc.this-id`) }, computed: ['id', 'arn'] }),
    state({
      address: 'aws_route_table.public',
      values: { vpc_id: id('aws_vpc.this', `${s.name}-aws_vpc.this-id`), route: [{ cidr_block: '0.0.0.0/0', gateway_id: existing ? 'igw-0p7' : ref('aws_internet_gateway.this', 'id'), ipv6_cidr_block: '' }] },
      computed: ['id', 'arn'],
    }),
    state({ address: 'aws_route_table_association.public', values: { subnet_id: id('aws_subnet.public', `${s.name}-aws_subnet.public-id`), route_table_id: id('aws_route_table.public', `${s.name}-aws_route_table.public-id`) }, computed: ['id'] }),
    state({ address: 'aws_route_table.private', values: { vpc_id: id('aws_vpc.this', `${s.name}-aws_vpc.this-id`), route: [] }, computed: ['id', 'arn'] }),
    state({ address: 'aws_route_table_association.private', values: { subnet_id: id('aws_subnet.private', `${s.name}-aws_subnet.private-id`), route_table_id: id('aws_route_table.private', `${s.name}-aws_route_table.private-id`) }, computed: ['id'] }),
    state({
      address: 'aws_security_group.control_plane',
      values: { name: `${s.name}-control-plane`, vpc_id: id('aws_vpc.this', `${s.name}-aws_vpc.this-id`), ingress: [], egress: [{ from_port: 0, to_port: 0, protocol: '-1', cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false, description: '' }] },
      computed: ['id', 'arn'],
    }),
    state({ address: 'aws_iam_role.cluster', values: { name: n.clusterRole, assume_role_policy: trust('eks.amazonaws.com') }, computed: ['id', 'arn'] }),
    state({
      address: 'aws_eks_cluster.this',
      values: {
        name: s.name,
        version: VERSION,
        role_arn: arnOf('aws_iam_role.cluster', n.clusterRole),
        enabled_cluster_log_types: s.logTypes,
        vpc_config: [
          {
            subnet_ids: [id('aws_subnet.public', `${s.name}-aws_subnet.public-id`), id('aws_subnet.private', `${s.name}-aws_subnet.private-id`)],
            security_group_ids: [id('aws_security_group.control_plane', `${s.name}-aws_security_group.control_plane-id`)],
            endpoint_public_access: s.endpoint.public,
            endpoint_private_access: s.endpoint.private,
            ...(s.endpoint.public ? { public_access_cidrs: s.endpoint.cidrs } : existing ? { public_access_cidrs: ['0.0.0.0/0'] } : {}),
            cluster_security_group_id: existing ? clusterSg : computed,
            vpc_id: existing ? `${s.name}-aws_vpc.this-id` : computed,
          },
        ],
        ...(s.secretsKeyArn ? { encryption_config: [{ resources: ['secrets'], provider: [{ key_arn: s.secretsKeyArn }] }] } : { encryption_config: [] }),
        access_config: [{ authentication_mode: s.auth.mode, bootstrap_cluster_creator_admin_permissions: s.auth.bootstrapAdmin }],
        ...(existing ? { identity: [{ oidc: [{ issuer: EXISTING_ISSUER }] }], arn: `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${s.name}` } : {}),
      },
      computed: existing ? [] : ['arn', 'id', 'identity', 'endpoint', 'platform_version', 'status', 'certificate_authority'],
    }),
  ];
  if (s.logRetentionDays) resources.push(state({ address: 'aws_cloudwatch_log_group.this', values: { name: n.logGroup, retention_in_days: s.logRetentionDays }, computed: ['arn', 'id'] }));
  // nodes: a role with the worker policies, a launch template, the managed node group
  resources.push(state({ address: 'aws_iam_role.nodes', values: { name: n.nodeRole, assume_role_policy: trust('ec2.amazonaws.com') }, computed: ['id', 'arn'] }));
  s.nodes.policies.forEach((policy, index) => resources.push(state({ address: `aws_iam_role_policy_attachment.nodes[${index}]`, values: { role: knownRef('aws_iam_role.nodes', 'name', n.nodeRole), policy_arn: policy }, computed: ['id'] })));
  const ssh = s.nodes.ssh;
  if (ssh) {
    const sources = ssh.sourceGroups;
    const cidrs = sshCidrs(s);
    resources.push(
      state({
        address: 'aws_security_group.ssh',
        values: {
          name: `${s.name}-ssh`,
          vpc_id: id('aws_vpc.this', `${s.name}-aws_vpc.this-id`),
          ingress: [{ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: sources.length ? [] : cidrs.filter((cidr) => !cidr.includes(':')), ipv6_cidr_blocks: sources.length ? [] : cidrs.filter((cidr) => cidr.includes(':')), security_groups: sources, prefix_list_ids: [], self: false, description: 'SSH' }],
          egress: [],
        },
        computed: ['id', 'arn'],
      }),
    );
  }
  resources.push(
    state({
      address: 'aws_launch_template.nodes',
      values: {
        name: `${s.name}-${s.nodes.name}`,
        ...(ssh ? { key_name: ssh.key } : {}),
        vpc_security_group_ids: [clusterSg, ...(ssh ? [id('aws_security_group.ssh', `${s.name}-aws_security_group.ssh-id`)] : [])],
        metadata_options: [{ http_endpoint: 'enabled', http_tokens: s.nodes.disableIMDSv1 || s.nodes.disablePodIMDS ? 'required' : 'optional', http_put_response_hop_limit: s.nodes.disablePodIMDS ? 1 : 2 }],
        block_device_mappings: [{ device_name: '/dev/xvda', ebs: [{ volume_size: 80, encrypted: '' }] }],
        ...(existing ? { latest_version: 1, default_version: 1 } : {}),
      },
      computed: existing ? ['id', 'arn'] : ['id', 'arn', 'latest_version', 'default_version'],
    }),
    state({
      address: 'aws_eks_node_group.this',
      values: {
        cluster_name: knownRef('aws_eks_cluster.this', 'name', s.name),
        node_group_name: s.nodes.name,
        node_role_arn: arnOf('aws_iam_role.nodes', n.nodeRole),
        subnet_ids: [id(nodesSubnet, `${s.name}-${nodesSubnet}-id`)],
        ami_type: 'AL2023_x86_64_STANDARD',
        instance_types: ['m6i.large'],
        scaling_config: [{ desired_size: 2, max_size: 3, min_size: 1 }],
        launch_template: [{ id: id('aws_launch_template.nodes', `${s.name}-aws_launch_template.nodes-id`), version: existing ? '1' : ref('aws_launch_template.nodes', 'latest_version') }],
        ...(existing ? { version: VERSION } : {}),
      },
      computed: existing ? ['arn', 'id'] : ['arn', 'id', 'resources', 'release_version', 'version'],
    }),
  );
  addons(s, resources, existing);
  identities(s, resources);
  s.accessEntries.forEach((entry, index) => {
    resources.push({ address: `aws_eks_access_entry.this[${index}]`, values: { cluster_name: knownRef('aws_eks_cluster.this', 'name', s.name), principal_arn: entry.principal, kubernetes_groups: entry.groups, type: 'STANDARD' }, computed: ['id', 'access_entry_arn', 'user_name'] });
    entry.policies.forEach((policy, at) =>
      resources.push({
        address: `aws_eks_access_policy_association.this_${index}[${at}]`,
        values: { cluster_name: knownRef('aws_eks_cluster.this', 'name', s.name), principal_arn: knownRef(`aws_eks_access_entry.this[${index}]`, 'principal_arn', entry.principal), policy_arn: policy.arn, access_scope: [{ type: policy.scope, namespaces: policy.namespaces }] },
        computed: ['id', 'associated_at'],
      }),
    );
  });
  return buildPlan({ region: REGION, account: ACCOUNT, resources });
}

function addons(s: Scenario, resources: PlanResource[], existing: boolean): void {
  const n = names(s);
  const cluster = knownRef('aws_eks_cluster.this', 'name', s.name);
  const configuration = cniConfiguration(s);
  if (s.vpcCni.podIdentity) {
    resources.push({ address: 'aws_iam_role.aws_node', values: { name: n.vpcCniPodRole, assume_role_policy: trust('pods.eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession']) }, computed: ['id', 'arn'] });
    resources.push({ address: 'aws_iam_role_policy_attachment.aws_node', values: { role: knownRef('aws_iam_role.aws_node', 'name', n.vpcCniPodRole), policy_arn: 'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy' }, computed: ['id'] });
  }
  if (s.withOIDC) {
    resources.push({ address: 'aws_iam_role.vpc_cni', values: { name: n.vpcCniIrsaRole, assume_role_policy: irsaTrust(EXISTING_ISSUER, 'kube-system', 'aws-node') }, computed: ['id', 'arn'] });
    resources.push({ address: 'aws_iam_role_policy_attachment.vpc_cni', values: { role: knownRef('aws_iam_role.vpc_cni', 'name', n.vpcCniIrsaRole), policy_arn: 'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy' }, computed: ['id'] });
  }
  resources.push({
    address: 'aws_eks_addon.vpc_cni',
    values: {
      cluster_name: cluster,
      addon_name: 'vpc-cni',
      ...(configuration ? { configuration_values: configuration } : {}),
      ...(s.withOIDC ? { service_account_role_arn: ref('aws_iam_role.vpc_cni', 'arn') } : {}),
      ...(s.vpcCni.podIdentity ? { pod_identity_association: [{ role_arn: ref('aws_iam_role.aws_node', 'arn'), service_account: 'aws-node' }] } : {}),
    },
    computed: ['arn', 'id', 'addon_version'],
  });
  if (s.podIdentity.length > 0 || s.vpcCni.podIdentity) resources.push({ address: 'aws_eks_addon.pod_identity_agent', values: { cluster_name: cluster, addon_name: 'eks-pod-identity-agent' }, computed: ['arn', 'id', 'addon_version'] });
  void existing;
}

function identities(s: Scenario, resources: PlanResource[]): void {
  const n = names(s);
  if (s.withOIDC) resources.push({ address: 'aws_iam_openid_connect_provider.eks', values: { url: EXISTING_ISSUER, client_id_list: ['sts.amazonaws.com'], thumbprint_list: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'] }, computed: ['arn', 'id'] });
  s.irsa.forEach((sa, index) => {
    resources.push({ address: `aws_iam_role.irsa[${index}]`, values: { name: n.irsaRole(sa), assume_role_policy: irsaTrust(EXISTING_ISSUER, sa.namespace, sa.name) }, computed: ['id', 'arn'] });
    sa.policies.forEach((policy, at) => resources.push({ address: `aws_iam_role_policy_attachment.irsa_${index}[${at}]`, values: { role: knownRef(`aws_iam_role.irsa[${index}]`, 'name', n.irsaRole(sa)), policy_arn: policy }, computed: ['id'] }));
  });
  s.podIdentity.forEach((sa, index) => {
    resources.push({ address: `aws_iam_role.pod[${index}]`, values: { name: n.podRole(sa), assume_role_policy: trust('pods.eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession']) }, computed: ['id', 'arn'] });
    sa.policies.forEach((policy, at) => resources.push({ address: `aws_iam_role_policy_attachment.pod_${index}[${at}]`, values: { role: knownRef(`aws_iam_role.pod[${index}]`, 'name', n.podRole(sa)), policy_arn: policy }, computed: ['id'] }));
    resources.push({
      address: `aws_eks_pod_identity_association.this[${index}]`,
      values: { cluster_name: knownRef('aws_eks_cluster.this', 'name', s.name), namespace: sa.namespace, service_account: sa.name, role_arn: ref(`aws_iam_role.pod[${index}]`, 'arn') },
      computed: ['association_arn', 'association_id', 'id'],
    });
  });
}
