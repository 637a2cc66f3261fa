import type { Check } from '../../core/check.js';

export const awsChecks: readonly Check[] = [];
