/** A scenario as an eksctl ClusterConfig (schema: eksctl.io/v1alpha5, eksctl 0.230.0). */
import { stringify } from 'yaml';
import { cniConfiguration, names, REGION, VERSION, VPC_CIDR, type Scenario } from './scenarios.js';

export function eksctlConfig(s: Scenario): string {
  const n = names(s);
  const nodes = s.nodes;
  const config = {
    apiVersion: 'eksctl.io/v1alpha5',
    kind: 'ClusterConfig',
    metadata: { name: s.name, region: REGION, version: VERSION },
    vpc: {
      cidr: VPC_CIDR,
      clusterEndpoints: { publicAccess: s.endpoint.public, privateAccess: s.endpoint.private },
      ...(s.endpoint.public ? { publicAccessCIDRs: s.endpoint.cidrs } : {}),
    },
    iam: {
      withOIDC: s.withOIDC,
      ...(s.irsa.length > 0 ? { serviceAccounts: s.irsa.map((sa) => ({ metadata: { name: sa.name, namespace: sa.namespace }, roleName: n.irsaRole(sa), attachPolicyARNs: sa.policies })) } : {}),
      ...(s.podIdentity.length > 0
        ? { podIdentityAssociations: s.podIdentity.map((sa) => ({ namespace: sa.namespace, serviceAccountName: sa.name, roleName: n.podRole(sa), permissionPolicyARNs: sa.policies })) }
        : {}),
    },
    accessConfig: {
      authenticationMode: s.auth.mode,
      bootstrapClusterCreatorAdminPermissions: s.auth.bootstrapAdmin,
      ...(s.accessEntries.length > 0
        ? {
            accessEntries: s.accessEntries.map((entry) => ({
              principalARN: entry.principal,
              ...(entry.groups.length > 0 ? { kubernetesGroups: entry.groups } : {}),
              ...(entry.policies.length > 0 ? { accessPolicies: entry.policies.map((policy) => ({ policyARN: policy.arn, accessScope: { type: policy.scope, ...(policy.namespaces.length > 0 ? { namespaces: policy.namespaces } : {}) } })) } : {}),
            })),
          }
        : {}),
    },
    ...(s.secretsKeyArn ? { secretsEncryption: { keyARN: s.secretsKeyArn } } : {}),
    ...(s.logTypes.length > 0 ? { cloudWatch: { clusterLogging: { enableTypes: s.logTypes, ...(s.logRetentionDays ? { logRetentionInDays: s.logRetentionDays } : {}) } } } : {}),
    addonsConfig: { disableDefaultAddons: true },
    addons: [
      {
        name: 'vpc-cni',
        ...(cniConfiguration(s) ? { configurationValues: cniConfiguration(s) } : {}),
        ...(s.vpcCni.podIdentity ? { podIdentityAssociations: [{ namespace: 'kube-system', serviceAccountName: 'aws-node', roleName: n.vpcCniPodRole, permissionPolicyARNs: ['arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy'] }] } : {}),
      },
      ...(s.podIdentity.length > 0 || s.vpcCni.podIdentity ? [{ name: 'eks-pod-identity-agent' }] : []),
    ],
    managedNodeGroups: [
      {
        name: nodes.name,
        amiFamily: 'AmazonLinux2023',
        instanceType: 'm6i.large',
        privateNetworking: nodes.privateNetworking,
        disableIMDSv1: nodes.disableIMDSv1,
        disablePodIMDS: nodes.disablePodIMDS,
        ...(nodes.ssh ? { ssh: { allow: true, publicKeyName: nodes.ssh.key, ...(nodes.ssh.sourceGroups.length > 0 ? { sourceSecurityGroupIds: nodes.ssh.sourceGroups } : {}) } } : {}),
        iam: { instanceRoleName: n.nodeRole, attachPolicyARNs: nodes.policies },
      },
    ],
  };
  return `# eksguard parity scenario ${s.name}\n${stringify(config)}`;
}
