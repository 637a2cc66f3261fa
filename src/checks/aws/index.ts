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
import { guardDutyAuditLogs } from './eks-mon-001-guardduty-audit-logs.js';
import { guardDutyRuntimeMonitoring } from './eks-mon-002-guardduty-runtime-monitoring.js';
import { ecrImageScanning } from './eks-mon-003-ecr-image-scanning.js';
import { ecrImmutableTags } from './eks-mon-004-ecr-immutable-tags.js';
import { vulnerableImagesInUse } from './eks-mon-005-vulnerable-images.js';
import { eksNet001 } from './eks-net-001.js';
import { eksNet002 } from './eks-net-002.js';
import { eksNet003 } from './eks-net-003.js';
import { eksNet004 } from './eks-net-004.js';
import { eksNet005 } from './eks-net-005.js';
import { eksNet006 } from './eks-net-006.js';
import { eksNet007 } from './eks-net-007.js';
import { eksNet008 } from './eks-net-008.js';
import { eksNode001 } from './eks-node-001.js';
import { eksNode002 } from './eks-node-002.js';
import { eksNode003 } from './eks-node-003.js';
import { eksNode004 } from './eks-node-004.js';
import { eksNode005 } from './eks-node-005.js';
import { eksNode006 } from './eks-node-006.js';
import { eksNode007 } from './eks-node-007.js';
import { eksSg001 } from './eks-sg-001.js';
import { eksSg002 } from './eks-sg-002.js';
import { eksSg003 } from './eks-sg-003.js';
import { eksVer001 } from './eks-ver-001.js';
import { eksVer002 } from './eks-ver-002.js';
import { eksVer003 } from './eks-ver-003.js';
import { eksVer004 } from './eks-ver-004.js';
import { eksVer005 } from './eks-ver-005.js';
import { eksVer006 } from './eks-ver-006.js';

/** Every EKS-* check: they judge the AWS records of the inventory (and join Kubernetes objects where noted). */
export const awsChecks: readonly Check[] = [
  eksNet001, eksNet002, eksNet003, eksNet004, eksNet005, eksNet006, eksNet007, eksNet008,
  eksSg001, eksSg002, eksSg003,
  eksNode001, eksNode002, eksNode003, eksNode004, eksNode005, eksNode006, eksNode007,
  eksVer001, eksVer002, eksVer003, eksVer004, eksVer005, eksVer006,
  accessEntriesOnly, clusterCreatorAdmin, accessEntryScope, awsAuthMappings, irsaOidcProvider,
  irsaTrustScope, podIdentitySetup, vpcCniOwnRole, workloadRoleAdminOrEscalation, workloadRoleAccountWideRead,
  secretsKmsEncryption, secretsKeyUsableAndRotated, userDataCredentials, auditLogging, controlPlaneLogTypes, controlPlaneLogRetention,
  guardDutyAuditLogs, guardDutyRuntimeMonitoring, ecrImageScanning, ecrImmutableTags,
  ecrRepositoryPolicyOpen, ecrRegistryPolicyOpen, clusterDeletionProtection, vulnerableImagesInUse, cloudTrailCoverage,
];
