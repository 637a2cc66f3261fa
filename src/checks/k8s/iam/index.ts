import type { Check } from '../../../core/check.js';

export const iamChecks: readonly Check[] = [];
