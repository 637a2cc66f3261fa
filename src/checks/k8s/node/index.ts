import type { Check } from '../../../core/check.js';
import { kubeletVersionSkew } from './kubelet-version-skew.js';
import { nodeGroupDrift } from './node-group-drift.js';
import { osEndOfSupportCheck } from './os-end-of-support.js';

export const nodeChecks: readonly Check[] = [kubeletVersionSkew, osEndOfSupportCheck, nodeGroupDrift];
