import type { Check } from '../../core/check.js';
import { eksData001 } from './eks-data-001.js';
import { eksData002 } from './eks-data-002.js';
import { eksData003 } from './eks-data-003.js';
import { clusterDeletionProtection } from './eks-data-004-deletion-protection.js';
import { eksIam001 } from './eks-iam-001.js';
import { eksIam002 } from './eks-iam-002.js';
import { eksIam003 } from './eks-iam-003.js';
import { eksIam004 } from './eks-iam-004.js';
import { eksIam005 } from './eks-iam-005.js';
import { eksIam006 } from './eks-iam-006.js';
import { eksIam007 } from './eks-iam-007.js';
import { eksIam008 } from './eks-iam-008.js';
import { eksIam009 } from './eks-iam-009.js';
import { eksIam010 } from './eks-iam-010.js';
import { ecrRepositoryPolicyOpen } from './eks-ecr-001-repository-policy.js';
import { ecrRegistryPolicyOpen } from './eks-ecr-002-registry-policy.js';
import { eksLog001 } from './eks-log-001.js';
import { eksLog002 } from './eks-log-002.js';
import { eksLog003 } from './eks-log-003.js';
import { cloudTrailCoverage } from './eks-log-004-cloudtrail-coverage.js';
import { auditLogAlarms } from './eks-log-005-audit-alarms.js';
import { eksMon001 } from './eks-mon-001.js';
import { eksMon002 } from './eks-mon-002.js';
import { eksMon003 } from './eks-mon-003.js';
import { eksMon004 } from './eks-mon-004.js';
import { vulnerableImagesInUse } from './eks-mon-005-vulnerable-images.js';
import { eksNet001 } from './eks-net-001.js';
import { publicEndpointOn } from './eks-net-002-public-endpoint.js';
import { privateEndpointOff } from './eks-net-003-private-endpoint.js';
import { clusterSecurityGroupMissing } from './eks-net-004-cluster-security-group.js';
import { controlPlaneInternetIngress } from './eks-net-005-control-plane-internet-ingress.js';
import { clusterSecurityGroupRules } from './eks-net-006-cluster-security-group-rules.js';
import { vpcFlowLogs } from './eks-net-007-vpc-flow-logs.js';
import { networkPolicyEnforcement } from './eks-net-008-network-policy-enforcement.js';
import { imdsv2Required } from './eks-node-001-imdsv2.js';
import { podMetadataAccess } from './eks-node-002-metadata-hop-limit.js';
import { nodeSshAccess } from './eks-node-003-ssh-access.js';
import { nodeVolumeEncryption } from './eks-node-004-volume-encryption.js';
import { nodesInPublicSubnets } from './eks-node-005-public-subnets.js';
import { nodeRolePolicies } from './eks-node-006-node-role-policies.js';
import { fargateProfileExposure } from './eks-node-007-fargate-profiles.js';
import { kubeletInternetIngress } from './eks-sg-001-kubelet-internet-ingress.js';
import { remoteAccessInternetIngress } from './eks-sg-002-ssh-rdp-internet-ingress.js';
import { customNodeSecurityGroups } from './eks-sg-003-custom-node-security-groups.js';
import { kubernetesVersionSupport } from './eks-ver-001-kubernetes-support.js';
import { nodegroupVersionSkew } from './eks-ver-002-nodegroup-version-skew.js';
import { nodegroupAmiRelease } from './eks-ver-003-ami-release.js';
import { nodeOsEndOfSupport } from './eks-ver-004-node-os-support.js';
import { addonHealth } from './eks-ver-005-addon-health.js';
import { platformVersionCurrent } from './eks-ver-006-platform-version.js';

/** Every EKS-* check: they judge the AWS records of the inventory (and join Kubernetes objects where noted). */
export const awsChecks: readonly Check[] = [
  eksNet001, publicEndpointOn, privateEndpointOff, clusterSecurityGroupMissing, controlPlaneInternetIngress, clusterSecurityGroupRules, vpcFlowLogs, networkPolicyEnforcement,
  kubeletInternetIngress, remoteAccessInternetIngress, customNodeSecurityGroups,
  imdsv2Required, podMetadataAccess, nodeSshAccess, nodeVolumeEncryption, nodesInPublicSubnets, nodeRolePolicies, fargateProfileExposure,
  kubernetesVersionSupport, nodegroupVersionSkew, nodegroupAmiRelease, nodeOsEndOfSupport, addonHealth, platformVersionCurrent,
  eksIam001, eksIam002, eksIam003, eksIam004, eksIam005, eksIam006, eksIam007, eksIam008, eksIam009, eksIam010,
  eksData001, eksData002, eksData003, eksLog001, eksLog002, eksLog003,
  eksMon001, eksMon002, eksMon003, eksMon004,
  ecrRepositoryPolicyOpen, ecrRegistryPolicyOpen, clusterDeletionProtection, vulnerableImagesInUse, cloudTrailCoverage,
  auditLogAlarms,
];
