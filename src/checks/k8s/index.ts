import type { Check } from '../../core/check.js';

export const k8sChecks: readonly Check[] = [];
