import type { CheckContext } from '../core/check.js';
import { AWS_KEYS } from './data-keys.js';
import type { MetadataOptions, NodegroupModel } from './models.js';
import { awsView } from './view.js';

export type MetadataSource =
  | { kind: 'template'; options: MetadataOptions }
  | { kind: 'instances'; options: { id: string; options: MetadataOptions }[] }
  | { kind: 'unknown'; reason: string };

/**
 * The instance-metadata settings a node group's nodes run with: the launch template
 * when it sets the field, else the running instances (EKS's generated template and
 * the AMI decide then, and only the instances show the result).
 */
export function metadataSource(nodegroup: NodegroupModel, ctx: Pick<CheckContext, 'memo' | 'inventory'>, field: keyof MetadataOptions): MetadataSource {
  const view = awsView(ctx);
  const template = view.launchTemplateOf(nodegroup);
  if (template?.metadata && template.metadata[field] !== undefined) return { kind: 'template', options: template.metadata };
  if (nodegroup.launchTemplate && !template) {
    return { kind: 'unknown', reason: `launch template ${nodegroup.launchTemplate.id ?? nodegroup.launchTemplate.name} version ${nodegroup.launchTemplate.version ?? '$Default'} was not collected` };
  }
  if (ctx.inventory.missing.has(AWS_KEYS.instances)) return { kind: 'unknown', reason: 'the launch template does not set it and ec2:DescribeInstances was not collected' };
  const instances = view.instancesOf(nodegroup).filter((instance) => instance.metadata);
  if (instances.length === 0) return { kind: 'unknown', reason: 'the launch template does not set it and no running instance of the node group was found' };
  return { kind: 'instances', options: instances.map((instance) => ({ id: instance.id, options: instance.metadata! })) };
}

/** Roles a node IAM role may carry (EKS user guide, create-node-role; CNI policy judged separately). */
export const WORKER_POLICY_NAMES = new Set([
  'AmazonEKSWorkerNodePolicy',
  'AmazonEKSWorkerNodeMinimalPolicy',
  'AmazonEC2ContainerRegistryReadOnly',
  'AmazonEC2ContainerRegistryPullOnly',
  'AmazonSSMManagedInstanceCore',
]);

export const ADMIN_POLICY_NAMES = new Set(['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess', 'AmazonEC2FullAccess', 'AmazonS3FullAccess']);

export function policyName(arn: string): string {
  return arn.split('/').pop() ?? arn;
}

export function isAwsManaged(arn: string): boolean {
  return /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn);
}
