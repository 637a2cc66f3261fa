import type { Check } from '../../core/check.js';
import { dataChecks } from './data/index.js';
import { iamChecks } from './iam/index.js';
import { networkChecks } from './network/index.js';
import { nodeChecks } from './node/index.js';
import { rbacChecks } from './rbac/index.js';
import { workloadChecks } from './workload/index.js';

export const k8sChecks: readonly Check[] = [
  ...workloadChecks,
  ...networkChecks,
  ...rbacChecks,
  ...iamChecks,
  ...dataChecks,
  ...nodeChecks,
];
