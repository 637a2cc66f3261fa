import type { LaunchTemplateVersionModel } from '../models.js';

/**
 * The input errors of a launch template version's user data: each kubelet configuration its nodes
 * would refuse (a NodeConfig field of the wrong type), named by template ID (or name), version,
 * MIME part and field. Every source that reads launch templates (live AWS, snapshot, IaC) reports
 * these, so a refused configuration fails the run as a wrong-typed kubelet config file does.
 */
export function kubeletRefusalMessages(template: LaunchTemplateVersionModel): string[] {
  const label = `launch template ${template.id ?? template.name ?? '(unnamed)'} version ${template.version}`;
  // a refusal names its MIME part (`MIME part 2 (…): …`), or the whole user data when it has no parts
  return (template.userData?.kubelet?.refused ?? []).map((refusal) => `${label}: ${refusal.startsWith('user data') ? refusal : `user data ${refusal}`}`);
}
