import type { Check } from '../../core/check.js';
import { secretsKmsEncryption } from './eks-data-001-secrets-kms-encryption.js';
import { secretsKeyUsableAndRotated } from './eks-data-002-secrets-key-health.js';
import { userDataCredentials } from './eks-data-003-user-data-credentials.js';
import { clusterDeletionProtection } from './eks-data-004-deletion-protection.js';
import { accessEntriesOnly } from './eks-iam-001-access-entries-only.js';
import { clusterCreatorAdmin } from './eks-iam-002-cluster-creator-admin.js';
import { accessEntryScope } from './eks-iam-003-access-entry-scope.js';
import { awsAuthMappings } from './eks-iam-004-aws-auth-mappings.js';
import { irsaOidcProvider } from './eks-iam-005-irsa-oidc-provider.js';
import { irsaTrustScope } from './eks-iam-006-irsa-trust-scope.js';
import { podIdentitySetup } from './eks-iam-007-pod-identity-setup.js';
import { vpcCniOwnRole } from './eks-iam-008-vpc-cni-own-role.js';
import { workloadRoleAdminOrEscalation } from './eks-iam-009-workload-role-admin.js';
import { workloadRoleAccountWideRead } from './eks-iam-010-workload-role-account-wide-read.js';
import { ecrRepositoryPolicyOpen } from './eks-ecr-001-repository-policy.js';
import { ecrRegistryPolicyOpen } from './eks-ecr-002-registry-policy.js';
import { auditLogging } from './eks-log-001-audit-logging.js';
import { controlPlaneLogTypes } from './eks-log-002-control-plane-log-types.js';
import { controlPlaneLogRetention } from './eks-log-003-control-plane-log-retention.js';
import { cloudTrailCoverage } from './eks-log-004-cloudtrail-coverage.js';
import { auditLogAlarms } from './eks-log-005-audit-alarms.js';
import { guardDutyAuditLogs } from './eks-mon-001-guardduty-audit-logs.js';
import { guardDutyRuntimeMonitoring } from './eks-mon-002-guardduty-runtime-monitoring.js';
import { ecrImageScanning } from './eks-mon-003-ecr-image-scanning.js';
import { ecrImmutableTags } from './eks-mon-004-ecr-immutable-tags.js';
import { vulnerableImagesInUse } from './eks-mon-005-vulnerable-images.js';
import { publicEndpointOpenToInternet } from './eks-net-001-public-endpoint-cidrs.js';
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
  publicEndpointOpenToInternet, publicEndpointOn, privateEndpointOff, clusterSecurityGroupMissing, controlPlaneInternetIngress, clusterSecurityGroupRules, vpcFlowLogs, networkPolicyEnforcement,
  kubeletInternetIngress, remoteAccessInternetIngress, customNodeSecurityGroups,
  imdsv2Required, podMetadataAccess, nodeSshAccess, nodeVolumeEncryption, nodesInPublicSubnets, nodeRolePolicies, fargateProfileExposure,
  kubernetesVersionSupport, nodegroupVersionSkew, nodegroupAmiRelease, nodeOsEndOfSupport, addonHealth, platformVersionCurrent,
  accessEntriesOnly, clusterCreatorAdmin, accessEntryScope, awsAuthMappings, irsaOidcProvider,
  irsaTrustScope, podIdentitySetup, vpcCniOwnRole, workloadRoleAdminOrEscalation, workloadRoleAccountWideRead,
  secretsKmsEncryption, secretsKeyUsableAndRotated, userDataCredentials, auditLogging, controlPlaneLogTypes, controlPlaneLogRetention,
  guardDutyAuditLogs, guardDutyRuntimeMonitoring, ecrImageScanning, ecrImmutableTags,
  ecrRepositoryPolicyOpen, ecrRegistryPolicyOpen, clusterDeletionProtection, vulnerableImagesInUse, cloudTrailCoverage,
  auditLogAlarms,
];
