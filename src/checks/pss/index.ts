import type { Check } from '../../core/check.js';

export const pssChecks: readonly Check[] = [];
