import type { Check } from '../core/check.js';
import { awsChecks } from './aws/index.js';
import { k8sChecks } from './k8s/index.js';
import { pathChecks } from './paths/index.js';
import { pssChecks } from './pss/index.js';
import { withFrameworkStandards } from './with-framework-standards.js';

/** The explicit registry: a check runs only when it is listed here. */
export const allChecks: readonly Check[] = [...pssChecks, ...k8sChecks, ...awsChecks, ...pathChecks].map(withFrameworkStandards);

export function findCheck(id: string): Check | undefined {
  return allChecks.find((check) => check.id === id);
}
