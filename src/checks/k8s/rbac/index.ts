import type { Check } from '../../../core/check.js';

export const rbacChecks: readonly Check[] = [];
