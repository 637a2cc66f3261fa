import type { Verdict } from '../core/check.js';

/** A subject whose data was not collected: never a pass. */
export function skipped(message: string): Verdict {
  return { status: 'skipped', message };
}

export const EKS_UG = 'https://docs.aws.amazon.com/eks/latest/userguide';
export const EKS_BPG = 'https://docs.aws.amazon.com/eks/latest/best-practices';
