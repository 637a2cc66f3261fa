import { withCheckFields, type Check } from '../core/check.js';
import { standardsOf } from '../frameworks/index.js';

/**
 * A check with the `standards` tags its framework mappings give it (src/frameworks is the one
 * place a check is tied to a CIS, NSA/CISA, Best Practices or Pod Security control), then any it
 * names itself.
 */
export function withFrameworkStandards(check: Check): Check {
  return withCheckFields(check, { standards: [...new Set([...standardsOf(check.id), ...check.standards])] });
}
