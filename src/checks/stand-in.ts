import type { Check } from '../core/check.js';
import type { Inventory } from '../core/inventory.js';

// Apart from without-aws.ts (which loads the Kubernetes checks), so that a scan that loaded the
// full registry can ask these questions without loading them twice.

/** The target id prefix of the AWS-only checks that without-aws.ts stands in for. */
export const STAND_IN_TARGET = 'aws-only:';

export function isStandIn(check: Check): boolean {
  return check.target.id.startsWith(STAND_IN_TARGET);
}

/** True when these checks include stand-ins and the inventory holds AWS records they would judge. */
export function needsFullRegistry(checks: readonly Check[], inventory: Pick<Inventory, 'aws'>): boolean {
  return inventory.aws.length > 0 && checks.some(isStandIn);
}
