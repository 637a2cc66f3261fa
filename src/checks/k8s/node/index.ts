import type { Check } from '../../../core/check.js';

export const nodeChecks: readonly Check[] = [];
