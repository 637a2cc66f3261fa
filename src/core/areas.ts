import type { Area } from './types.js';

/** How reports and docs name the areas of the customer's side of the EKS shared-responsibility model. */
export const AREA_LABELS: Record<Area, { name: string; description: string }> = {
  'data-plane': { name: 'Control plane to VPC', description: 'Endpoint exposure and the security groups between the EKS control plane and your VPC' },
  nodes: { name: 'Worker nodes', description: 'Instance metadata, SSH, node IAM role, disks, subnets' },
  containers: { name: 'Containers', description: 'Pod Security Standards, root user, host namespaces, images' },
  'os-updates': { name: 'OS and Kubernetes updates', description: 'Node operating system and Kubernetes versions, patches' },
  network: { name: 'Network controls', description: 'NetworkPolicies, exposed Services and Ingresses' },
  iam: { name: 'Identity and access', description: 'RBAC, aws-auth, access entries, IRSA, Pod Identity' },
  data: { name: 'Data sensitivity', description: 'Secrets encryption, audit logging, credentials in manifests' },
  detection: { name: 'Detection', description: 'Threat detection, image scanning and other monitoring services' },
};
