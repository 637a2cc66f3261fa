import { decidedBy, manual, type Control, type Coverage, type Framework } from './model.js';

const guide = (id: string, title: string, coverage: Coverage): Control => ({ id, section: title, title, assessment: 'manual', coverage });

/**
 * The security chapters of the Amazon EKS Best Practices Guide
 * (aws/aws-eks-best-practices latest/bpg/security, and the cluster-upgrades chapter). The guide
 * is advice, not a scored benchmark: a section is a control, and it passes only when every check
 * that applies its advice passes.
 */
export const eksBestPractices: Framework = {
  name: 'eks-bpg',
  title: 'Amazon EKS Best Practices Guide (security)',
  version: '2026-05',
  tag: 'EKS-BPG',
  source: 'https://docs.aws.amazon.com/eks/latest/best-practices/security.html',
  controls: [
    guide('iam', 'Identity and access management', decidedBy(['K8S-WL-007', 'K8S-WL-009', 'K8S-NET-009', 'K8S-RBAC-001', 'K8S-RBAC-002', 'K8S-RBAC-003', 'K8S-RBAC-004', 'K8S-RBAC-005', 'K8S-RBAC-006', 'K8S-RBAC-007', 'K8S-RBAC-008', 'K8S-RBAC-009', 'K8S-RBAC-010', 'K8S-RBAC-011', 'K8S-RBAC-012', 'K8S-RBAC-013', 'K8S-IAM-001', 'K8S-IAM-002', 'K8S-IAM-003', 'K8S-IAM-004', 'K8S-IAM-005', 'EKS-NODE-001', 'EKS-NODE-002', 'EKS-NODE-006', 'EKS-IAM-001', 'EKS-IAM-002', 'EKS-IAM-003', 'EKS-IAM-004', 'EKS-IAM-005', 'EKS-IAM-006', 'EKS-IAM-007', 'EKS-IAM-008', 'EKS-IAM-009', 'EKS-IAM-010', 'EKS-PATH-001', 'EKS-PATH-002', 'EKS-PATH-003', 'EKS-PATH-004'])),
    guide('pod-security', 'Pod security', decidedBy(['PSS-appArmorProfile', 'PSS-capabilities_baseline', 'PSS-hostNamespaces', 'PSS-hostPathVolumes', 'PSS-hostPorts', 'PSS-hostProbesAndHostLifecycle', 'PSS-privileged', 'PSS-procMount', 'PSS-seLinuxOptions', 'PSS-seccompProfile_baseline', 'PSS-sysctls', 'PSS-windowsHostProcess', 'PSS-allowPrivilegeEscalation', 'PSS-capabilities_restricted', 'PSS-procMount_restricted', 'PSS-restrictedVolumes', 'PSS-runAsNonRoot', 'PSS-runAsUser', 'PSS-seccompProfile_restricted', 'K8S-WL-003', 'K8S-WL-004', 'K8S-WL-005', 'K8S-WL-006', 'K8S-WL-008', 'K8S-WL-010'])),
    guide('runtime', 'Runtime security', decidedBy(['EKS-MON-002'])),
    guide('network', 'Network security', decidedBy(['EKS-NET-001', 'EKS-NET-002', 'EKS-NET-003', 'EKS-NET-004', 'EKS-NET-005', 'EKS-NET-006', 'EKS-NET-007', 'EKS-NET-008', 'EKS-SG-001', 'EKS-SG-003', 'K8S-NET-001', 'K8S-NET-002', 'K8S-NET-003', 'K8S-NET-004', 'K8S-NET-005', 'K8S-NET-006', 'K8S-NET-007', 'K8S-NET-008', 'K8S-NET-009', 'K8S-NET-010', 'K8S-NET-011'])),
    guide('multi-tenancy', 'Multi-tenancy', decidedBy(['K8S-WL-011', 'K8S-WL-013'])),
    guide('detective', 'Detective controls', decidedBy(['EKS-LOG-001', 'EKS-LOG-002', 'EKS-LOG-003', 'EKS-LOG-004', 'EKS-LOG-005', 'EKS-MON-001'])),
    guide('hosts', 'Protecting the infrastructure (hosts)', decidedBy(['EKS-SG-002', 'EKS-NODE-003', 'EKS-NODE-005', 'EKS-NODE-007', 'EKS-VER-003', 'EKS-VER-004', 'K8S-NODE-002', 'K8S-NODE-003'])),
    guide('data', 'Data encryption and secrets management', decidedBy(['EKS-NODE-004', 'EKS-DATA-001', 'EKS-DATA-002', 'EKS-DATA-003', 'EKS-DATA-004', 'K8S-DATA-001', 'K8S-DATA-002', 'K8S-DATA-003', 'K8S-DATA-004', 'K8S-DATA-005', 'K8S-DATA-006'])),
    guide('image-security', 'Image security', decidedBy(['K8S-WL-001', 'K8S-WL-002', 'EKS-MON-003', 'EKS-MON-004', 'EKS-MON-005', 'EKS-ECR-001', 'EKS-ECR-002'])),
    guide('cluster-upgrades', 'Cluster upgrades', decidedBy(['K8S-NODE-001', 'K8S-NODE-003', 'EKS-VER-001', 'EKS-VER-002', 'EKS-VER-005', 'EKS-VER-006'])),
    guide('incident-response', 'Incident response and forensics', manual('a runbook to isolate a compromised pod or node, capture its state and revoke its credentials; practised in game days')),
    guide('compliance', 'Compliance', manual('which regulatory controls apply and the evidence the auditors expect; the CIS framework view (`--framework cis-eks-2.0.0`) is one such piece')),
  ],
};
