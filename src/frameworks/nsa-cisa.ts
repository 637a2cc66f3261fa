import { decidedBy, type Control, type Coverage, type Framework } from './model.js';

const guide = (id: string, title: string, coverage: Coverage): Control => ({ id, section: title, title, assessment: 'manual', coverage });

/**
 * NSA/CISA Kubernetes Hardening Guide v1.2 (August 2022): one control per chapter of its
 * recommendations. Control-plane hardening (etcd, API server flags) is AWS's half on EKS and left out.
 */
export const nsaCisa: Framework = {
  name: 'nsa-cisa',
  title: 'NSA/CISA Kubernetes Hardening Guide',
  version: '1.2',
  tag: 'NSA-CISA',
  source: 'https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF',
  controls: [
    guide('pod-security', 'Kubernetes Pod security', decidedBy(['PSS-appArmorProfile', 'PSS-hostNamespaces', 'PSS-hostPathVolumes', 'PSS-privileged', 'PSS-seLinuxOptions', 'PSS-seccompProfile_baseline', 'PSS-allowPrivilegeEscalation', 'PSS-restrictedVolumes', 'PSS-runAsNonRoot', 'PSS-runAsUser', 'PSS-seccompProfile_restricted', 'K8S-WL-001', 'K8S-WL-004', 'K8S-WL-005', 'K8S-WL-006', 'K8S-WL-007', 'K8S-WL-008', 'K8S-WL-009', 'K8S-WL-010'])),
    guide('network-separation', 'Network separation and hardening', decidedBy(['K8S-WL-011', 'K8S-NET-001', 'K8S-NET-002', 'K8S-NET-003', 'K8S-NET-004', 'K8S-NET-005', 'K8S-NET-006', 'K8S-NET-007', 'K8S-NET-008', 'K8S-NET-009', 'K8S-NET-010', 'K8S-NET-011'])),
    guide('resource-policies', 'Resource policies', decidedBy(['K8S-WL-003'])),
    guide('secrets', 'Secrets', decidedBy(['K8S-DATA-001', 'K8S-DATA-002', 'K8S-DATA-003', 'K8S-DATA-004', 'K8S-DATA-005', 'K8S-DATA-006', 'EKS-DATA-003'])),
    guide('authentication-authorization', 'Authentication and authorization', decidedBy(['K8S-RBAC-001', 'K8S-RBAC-002', 'K8S-RBAC-003', 'K8S-RBAC-004', 'K8S-RBAC-005', 'K8S-RBAC-006', 'K8S-RBAC-007', 'K8S-RBAC-008', 'K8S-RBAC-011', 'K8S-RBAC-012', 'K8S-RBAC-013'])),
    guide('upgrading', 'Upgrading and application security practices', decidedBy(['K8S-NODE-001', 'K8S-NODE-002', 'EKS-MON-005'])),
    guide('audit-logging', 'Audit logging and threat detection', decidedBy(['EKS-LOG-001', 'EKS-LOG-002', 'EKS-LOG-004', 'EKS-LOG-005', 'EKS-MON-001', 'EKS-MON-002'])),
  ],
};
