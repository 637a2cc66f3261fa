import type { CheckContext, Verdict } from '../core/check.js';

/** A subject whose data was not collected: never a pass. */
export function skipped(message: string): Verdict {
  return { status: 'skipped', message };
}

/** True when a source tried and failed to collect this data key (soft needs: the check decides per subject). */
export function isMissing(ctx: Pick<CheckContext, 'inventory'>, key: string): boolean {
  return ctx.inventory.missing.has(key);
}

export const EKS_UG = 'https://docs.aws.amazon.com/eks/latest/userguide';
export const EKS_BPG = 'https://docs.aws.amazon.com/eks/latest/best-practices';
