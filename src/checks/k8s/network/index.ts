import type { Check } from '../../../core/check.js';

export const networkChecks: readonly Check[] = [];
