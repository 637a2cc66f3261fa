import { rule, type PeerRules } from './model.js';

/** Prowler's EKS rules and the closest eksguard checks (research of docs/coverage.md, kept as data). */
export const prowler: PeerRules = {
  name: 'prowler',
  title: 'Prowler',
  source: 'prowler-cloud/prowler prowler/providers/aws/services/eks (7 checks) at 3e000fa, then the EKS-adjacent ecr, ec2, autoscaling and guardduty checks',
  rules: [
    rule('eks/eks_cluster_deletion_protection_enabled (high)', ['EKS-DATA-004'], 'covered', 'DescribeCluster `deletionProtection`, already fetched'),
    rule('eks/eks_cluster_kms_cmk_encryption_in_secrets_enabled', ['EKS-DATA-001'], 'covered'),
    rule('eks/eks_cluster_network_policy_enabled (really: cluster security group set)', ['EKS-NET-004', 'EKS-NET-008'], 'covered', 'Prowler\'s name is misleading'),
    rule('eks/eks_cluster_not_publicly_accessible (public + 0.0.0.0/0)', ['EKS-NET-001'], 'covered'),
    rule('eks/eks_cluster_private_nodes_enabled (really: endpointPrivateAccess)', ['EKS-NET-003', 'EKS-NODE-005'], 'covered'),
    rule('eks/eks_cluster_uses_a_supported_version (configurable floor, default 1.28)', ['EKS-VER-001'], 'covered', 'eksguard uses DescribeClusterVersions dates'),
    rule('eks/eks_control_plane_logging_all_types_enabled', ['EKS-LOG-002'], 'covered'),
    rule('ecr/ecr_registry_scan_images_on_push_enabled', ['EKS-MON-003'], 'covered'),
    rule('ecr/ecr_repositories_scan_images_on_push_enabled', ['EKS-MON-003'], 'covered'),
    rule('ecr/ecr_repositories_scan_vulnerabilities_in_latest_image', ['EKS-MON-005'], 'covered', 'images the workloads run, not the latest pushed'),
    rule('ecr/ecr_repositories_tag_immutability', ['EKS-MON-004'], 'covered'),
    rule('ecr/ecr_repositories_not_publicly_accessible', ['EKS-ECR-001'], 'covered', 'also cross-account grants outside trustedAccounts'),
    rule('ecr/ecr_repositories_lifecycle_policy_enabled', [], 'missing', 'low'),
    rule('ecr/ecr_repository_image_no_secrets', [], 'missing', 'image-content scan; out of scope'),
    rule('ec2/ec2_instance_imdsv2_enabled', ['EKS-NODE-001'], 'covered', 'cluster nodes only'),
    rule('ec2/ec2_launch_template_imdsv2_required', ['EKS-NODE-001'], 'covered'),
    rule('autoscaling/autoscaling_group_launch_configuration_requires_imdsv2', ['EKS-NODE-001'], 'covered', 'judged on the instances'),
    rule('ec2/ec2_instance_account_imdsv2_enabled (account default)', [], 'missing', 'ec2:GetInstanceMetadataDefaults; low'),
    rule('guardduty/guardduty_is_enabled', ['EKS-MON-001'], 'covered'),
    rule('guardduty/guardduty_eks_audit_log_enabled', ['EKS-MON-001'], 'covered'),
    rule('guardduty/guardduty_eks_runtime_monitoring_enabled', ['EKS-MON-002'], 'covered'),
    rule('guardduty/guardduty_no_high_severity_findings', [], 'missing', 'guardduty:ListFindings filtered on the cluster'),
  ],
};
