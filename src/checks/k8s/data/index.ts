import type { Check } from '../../../core/check.js';

export const dataChecks: readonly Check[] = [];
