import type { Check } from '../../../core/check.js';

export const workloadChecks: readonly Check[] = [];
