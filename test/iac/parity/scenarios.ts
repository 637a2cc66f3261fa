/**
 * The intended infrastructure of each parity scenario, in one place: ./moto.ts, ./terraform.ts,
 * ./cloudformation.ts and ./eksctl.ts express the same intent as a moto world, a Terraform plan,
 * a CloudFormation template and an eksctl ClusterConfig. Every scenario is what eksctl would
 * build from its config (eksctl decides the most, so the others follow it): a VPC with a public
 * and a private subnet, the EKS cluster security group, an additional control-plane group, a
 * launch template for the managed node group, and the roles eksctl creates.
 */
export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const VERSION = '1.34';
export const VPC_CIDR = '192.168.0.0/16';
/** a customer key that exists outside the code (the code only names it) */
export const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0e7c1f7a-5b7e-4d47-9f6c-2d3f8a1b9c00`;
export const ALL_LOGS = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];
const managed = (name: string) => `arn:aws:iam::aws:policy/${name}`;
export const WORKER_POLICIES = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly', 'AmazonSSMManagedInstanceCore'].map(managed);
export const CLUSTER_ADMIN = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';
export const VIEW = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy';

export interface AccessEntry {
  principal: string;
  groups: string[];
  policies: { arn: string; scope: 'cluster' | 'namespace'; namespaces: string[] }[];
}

export interface ServiceAccountRole {
  namespace: string;
  name: string;
  policies: string[];
}

export interface Scenario {
  /** the cluster name; every role and group name starts with it */
  name: string;
  endpoint: { public: boolean; private: boolean; cidrs: string[] };
  logTypes: string[];
  logRetentionDays?: number;
  secretsKeyArn?: string;
  auth: { mode: 'API' | 'API_AND_CONFIG_MAP' | 'CONFIG_MAP'; bootstrapAdmin: boolean };
  accessEntries: AccessEntry[];
  nodes: {
    name: string;
    privateNetworking: boolean;
    disableIMDSv1: boolean;
    disablePodIMDS: boolean;
    ssh?: { key: string; sourceGroups: string[] };
    policies: string[];
  };
  withOIDC: boolean;
  irsa: ServiceAccountRole[];
  podIdentity: ServiceAccountRole[];
  vpcCni: { networkPolicy: boolean; podIdentity: boolean };
}

const base = (name: string): Scenario => ({
  name,
  endpoint: { public: false, private: true, cidrs: [] },
  logTypes: ALL_LOGS,
  logRetentionDays: 365,
  secretsKeyArn: KEY_ARN,
  auth: { mode: 'API', bootstrapAdmin: false },
  accessEntries: [],
  nodes: { name: 'general', privateNetworking: true, disableIMDSv1: true, disablePodIMDS: true, policies: WORKER_POLICIES },
  withOIDC: false,
  irsa: [],
  podIdentity: [],
  vpcCni: { networkPolicy: true, podIdentity: false },
});

export const SCENARIOS: readonly Scenario[] = [
  // public endpoint open to the world, nothing else hardened: aws-auth only, SSH open, IMDSv1, public nodes, CNI policy on the node role
  {
    ...base('p1-public'),
    endpoint: { public: true, private: false, cidrs: ['0.0.0.0/0'] },
    logTypes: [],
    logRetentionDays: undefined,
    secretsKeyArn: undefined,
    auth: { mode: 'CONFIG_MAP', bootstrapAdmin: true },
    nodes: { name: 'legacy', privateNetworking: false, disableIMDSv1: false, disablePodIMDS: false, ssh: { key: 'ops-key', sourceGroups: [] }, policies: [...WORKER_POLICIES, managed('AmazonEKS_CNI_Policy')] },
    vpcCni: { networkPolicy: false, podIdentity: false },
  },
  // private endpoint only, everything hardened
  base('p2-private'),
  // public endpoint limited to an office range, private on; SSH only from a bastion group (a tight group)
  {
    ...base('p3-restricted'),
    endpoint: { public: true, private: true, cidrs: ['203.0.113.0/24'] },
    auth: { mode: 'API_AND_CONFIG_MAP', bootstrapAdmin: false },
    nodes: { ...base('').nodes, name: 'bastioned', ssh: { key: 'ops-key', sourceGroups: ['sg-0b1a2c3d4e5f60718'] } },
  },
  // IMDSv1 allowed with a hop limit of 2 on otherwise hardened nodes
  { ...base('p4-imdsv1'), nodes: { ...base('').nodes, name: 'imds', disableIMDSv1: false, disablePodIMDS: false } },
  // no secrets encryption and only two log types, kept a week
  { ...base('p5-logging'), secretsKeyArn: undefined, logTypes: ['api', 'audit'], logRetentionDays: 7 },
  // access entries instead of aws-auth: a cluster-wide admin, a namespaced viewer, an IAM user
  {
    ...base('p6-access'),
    auth: { mode: 'API', bootstrapAdmin: true },
    accessEntries: [
      { principal: `arn:aws:iam::${ACCOUNT}:role/p6-access-admins`, groups: [], policies: [{ arn: CLUSTER_ADMIN, scope: 'cluster', namespaces: [] }] },
      { principal: `arn:aws:iam::${ACCOUNT}:role/p6-access-team-a`, groups: [], policies: [{ arn: VIEW, scope: 'namespace', namespaces: ['team-a'] }] },
      { principal: `arn:aws:iam::${ACCOUNT}:user/p6-access-alice`, groups: ['viewers'], policies: [] },
    ],
  },
  // IRSA: an OIDC provider, a role per service account, vpc-cni on its own IRSA role
  { ...base('p7-irsa'), withOIDC: true, irsa: [{ namespace: 'apps', name: 'reader', policies: [managed('AmazonS3ReadOnlyAccess')] }] },
  // Pod Identity: the agent add-on, two service accounts, vpc-cni through a Pod Identity association
  {
    ...base('p8-pod-identity'),
    podIdentity: [
      { namespace: 'apps', name: 'api', policies: [managed('AmazonS3ReadOnlyAccess')] },
      { namespace: 'apps', name: 'worker', policies: [managed('AmazonSQSFullAccess')] },
    ],
    vpcCni: { networkPolicy: true, podIdentity: true },
  },
];

/** Names every representation shares (eksctl's own names where eksctl picks them). */
export const names = (s: Scenario) => ({
  clusterRole: `eksctl-${s.name}-cluster-ServiceRole`,
  nodeRole: `${s.name}-nodes`,
  irsaRole: (sa: ServiceAccountRole) => `${s.name}-${sa.name}`,
  podRole: (sa: ServiceAccountRole) => `${s.name}-pod-${sa.name}`,
  vpcCniIrsaRole: `eksctl-${s.name}-addon-vpc-cni-Role1`,
  vpcCniPodRole: `${s.name}-aws-node`,
  logGroup: `/aws/eks/${s.name}/cluster`,
});

export const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

/** The vpc-cni configuration values of a scenario (JSON, as the EKS API takes them). */
export const cniConfiguration = (s: Scenario) => (s.vpcCni.networkPolicy ? '{"enableNetworkPolicy":"true"}' : undefined);

export const sshCidrs = (s: Scenario) => (s.nodes.privateNetworking ? [VPC_CIDR] : ['0.0.0.0/0', '::/0']);
