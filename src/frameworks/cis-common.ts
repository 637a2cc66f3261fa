import { decidedBy, manual, type Assessment, type Control, type Coverage } from './model.js';

export const control = (id: string, section: string, title: string, assessment: Assessment, coverage: Coverage): Control => ({ id, section, title, assessment, coverage });

export const A: Assessment = 'automated';
export const M: Assessment = 'manual';

/**
 * Section 3.1 (file modes and owners of the kubelet's kubeconfig and config file) is left to the
 * auditor: those exist only on the node's disk. Neither `/configz` nor launch-template user data
 * shows them, and eksguard does not run on nodes.
 */
export const NODE_FILES = manual(
  'file permissions and ownership exist only on the node, which eksguard does not read (neither /configz nor launch-template user data shows them): run kube-bench as a Job on one node per node group (`kube-bench run --targets node --benchmark eks-2.0.0`), or rely on the EKS-optimized AMI defaults. EKS Auto Mode and Fargate nodes are AWS-managed.',
);

/**
 * How eksguard judges the kubelet items of section 3.2: each node's live configuration through
 * `/configz` (opt-in `--kubelet-config`, which needs the nodes/proxy role of
 * deploy/rbac/eksguard-kubelet-config.yaml), and each node group's AMI defaults with the overrides
 * in its launch-template user data.
 */
export const KUBELET_NOTE = 'judged per node from /configz (--kubelet-config) and per node group from its AMI defaults and launch-template user data';
export const kubelet = (check: string, note = KUBELET_NOTE): Coverage => decidedBy([check], note);

export const SECTION = {
  logging: '2.1 Logging',
  nodeFiles: '3.1 Worker node configuration files',
  kubelet: '3.2 Kubelet',
  rbac: '4.1 RBAC and service accounts',
  pss: '4.2 Pod Security Standards',
  cni: '4.3 CNI plugin',
  secrets: '4.4 Secrets management',
  general: '4.5 General policies',
  registry: '5.1 Image registry and image scanning',
  iam: '5.2 Identity and access management',
  kms: '5.3 AWS EKS Key Management Service',
  networking: '5.4 Cluster networking',
  authn: '5.5 Authentication and authorization',
} as const;
