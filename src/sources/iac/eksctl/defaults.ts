/**
 * What eksctl v0.230.0 does with a ClusterConfig, where the config leaves it to eksctl
 * (pkg/apis/eksctl.io/v1alpha5/defaults.go and pkg/cfn/builder of that release). Kept in one
 * place: docs/eksctl.md lists the same values.
 */
export const EKSCTL_VERSION = '0.230.0';

/** metadata.version left out */
export const DEFAULT_KUBERNETES_VERSION = '1.34';
/** accessConfig.authenticationMode left out (not on Outposts) */
export const DEFAULT_AUTHENTICATION_MODE = 'API_AND_CONFIG_MAP';
/** vpc.clusterEndpoints left out: public on, private off; vpc.publicAccessCIDRs left out */
export const DEFAULT_PUBLIC_ACCESS = true;
export const DEFAULT_PRIVATE_ACCESS = false;
export const DEFAULT_PUBLIC_ACCESS_CIDRS = ['0.0.0.0/0'];
/** managedNodeGroups[].amiFamily left out */
export const DEFAULT_AMI_FAMILY = 'AmazonLinux2023';
/** disableIMDSv1 defaults to true, disablePodIMDS to false; the launch template eksctl writes (makeMetadataOptions) */
export const DEFAULT_DISABLE_IMDSV1 = true;
export const DEFAULT_DISABLE_POD_IMDS = false;
/** control-plane log types `'*'` or `'all'` expand to */
export const ALL_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];
/** the add-ons eksctl creates as EKS add-ons unless addonsConfig.disableDefaultAddons (known_addons.go) */
export const DEFAULT_ADDONS = ['vpc-cni', 'kube-proxy', 'coredns', 'metrics-server'];

const policy = (name: string) => `arn:aws:iam::aws:policy/${name}`;

/** The managed policies of the node role eksctl creates for a managed node group (makeManagedPolicies). */
export function nodeRolePolicies(options: { withOIDC: boolean; attachPolicyARNs: string[]; imageBuilder: boolean; cloudWatch: boolean; ebs: boolean }): string[] {
  const names = new Set<string>();
  const arns: string[] = [];
  if (options.attachPolicyARNs.length === 0) {
    names.add('AmazonEKSWorkerNodePolicy');
    if (!options.withOIDC) names.add('AmazonEKS_CNI_Policy');
    names.add('AmazonEC2ContainerRegistryPullOnly');
    names.add('AmazonSSMManagedInstanceCore');
  }
  if (options.imageBuilder) names.add('AmazonEC2ContainerRegistryPowerUser');
  if (options.cloudWatch) names.add('CloudWatchAgentServerPolicy');
  if (options.ebs) names.add('service-role/AmazonEBSCSIDriverPolicy');
  arns.push(...options.attachPolicyARNs);
  return [...[...names].map(policy), ...arns];
}

/** AMI family → the EKS AMI type of a managed node group (x86_64 unless the instance type is Graviton). */
export function amiTypeOf(family: string, instanceTypes: readonly string[], customAmi: boolean): string | undefined {
  if (customAmi) return 'CUSTOM';
  const arm = instanceTypes.length > 0 && instanceTypes.every((type) => /^[a-z]+\d+g[a-z]*\./.test(type));
  switch (family) {
    case 'AmazonLinux2023':
      return arm ? 'AL2023_ARM_64_STANDARD' : 'AL2023_x86_64_STANDARD';
    case 'AmazonLinux2':
      return arm ? 'AL2_ARM_64' : 'AL2_x86_64';
    case 'Bottlerocket':
      return arm ? 'BOTTLEROCKET_ARM_64' : 'BOTTLEROCKET_x86_64';
    case 'WindowsServer2019FullContainer':
      return 'WINDOWS_FULL_2019_x86_64';
    case 'WindowsServer2019CoreContainer':
      return 'WINDOWS_CORE_2019_x86_64';
    case 'WindowsServer2022FullContainer':
      return 'WINDOWS_FULL_2022_x86_64';
    case 'WindowsServer2022CoreContainer':
      return 'WINDOWS_CORE_2022_x86_64';
    default:
      return 'CUSTOM';
  }
}
