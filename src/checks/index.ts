import { withCheckFields, type Check } from '../core/check.js';
import { standardsOf } from '../frameworks/index.js';
import { awsChecks } from './aws/index.js';
import { k8sChecks } from './k8s/index.js';
import { pathChecks } from './paths/index.js';
import { pssChecks } from './pss/index.js';

/**
 * A check with the `standards` tags its framework mappings give it (src/frameworks is the one
 * place a check is tied to a CIS, NSA/CISA, Best Practices or Pod Security control), then any it
 * names itself.
 */
function withFrameworkStandards(check: Check): Check {
  return withCheckFields(check, { standards: [...new Set([...standardsOf(check.id), ...check.standards])] });
}

/** The explicit registry: a check runs only when it is listed here. */
export const allChecks: readonly Check[] = [...pssChecks, ...k8sChecks, ...awsChecks, ...pathChecks].map(withFrameworkStandards);

export function findCheck(id: string): Check | undefined {
  return allChecks.find((check) => check.id === id);
}
