/**
 * The registry for a scan whose inventory holds no AWS records (manifests, a live cluster): the
 * checks that read only AWS data select no subject there, so their modules (some 45, with the AWS
 * models they import) are not loaded. Each stands in as its catalogue entry: the same id, title,
 * severity, needs and remediation, so a gap on its data still skips it by name and reporters
 * describe it as before. A stand-in refuses to judge AWS records: a scan that finds some (a
 * Terraform plan among the paths) loads the full registry instead (`needsFullRegistry` in stand-in.ts).
 */
import { AWS_ONLY_ADMISSION, type Check } from '../core/check.js';
import type { CheckSummary } from '../core/check-summary.js';
import type { Inventory } from '../core/inventory.js';
import { CHECK_CATALOGUE } from './catalogue.js';
import { k8sChecks } from './k8s/index.js';
import { pathChecks } from './paths/index.js';
import { pssChecks } from './pss/index.js';
import { STAND_IN_TARGET } from './stand-in.js';
import { withFrameworkStandards } from './with-framework-standards.js';

/** A check reads only AWS data when every data key it needs is an AWS one. */
export function readsOnlyAws(check: Pick<Check, 'needs'>): boolean {
  return check.needs.length > 0 && check.needs.every((need) => need.startsWith('aws:'));
}


function refuse(id: string): never {
  throw new Error(`${id} was not loaded: the scan holds AWS records, so it must run with the full check registry`);
}

/** The catalogue entry of an AWS-only check as a check that selects nothing from an inventory without AWS records. */
function standIn(summary: CheckSummary): Check {
  const { enabledByDefault, ...meta } = summary;
  return Object.freeze({
    ...meta,
    enabledByDefault,
    admission: AWS_ONLY_ADMISSION,
    target: { id: `${STAND_IN_TARGET}${summary.id}`, select: (inventory: Inventory) => (inventory.aws.length === 0 ? [] : refuse(summary.id)) },
    examples: { pass: [], fail: [] },
    evaluate: () => refuse(summary.id),
  });
}

/** Every check of the registry, in registry order, the AWS-only ones as stand-ins. */
export const checksWithoutAws: readonly Check[] = (() => {
  const loaded = new Map([...pssChecks, ...k8sChecks, ...pathChecks].map((check) => [check.id, check]));
  return CHECK_CATALOGUE.map((summary) => {
    const check = loaded.get(summary.id);
    if (check) return withFrameworkStandards(check);
    if (!readsOnlyAws(summary)) throw new Error(`${summary.id} is in the catalogue but neither loaded nor AWS-only: run npm run docs`);
    return standIn(summary);
  });
})();
