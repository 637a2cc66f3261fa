import type { Check } from '../../core/check.js';
import { eksPath001 } from './eks-path-001.js';
import { eksPath002 } from './eks-path-002.js';
import { eksPath003 } from './eks-path-003.js';
import { eksPath004 } from './eks-path-004.js';

/** Attack paths across the Kubernetes and AWS halves: they run after every other check and cite their findings. */
export const pathChecks: readonly Check[] = [eksPath001, eksPath002, eksPath003, eksPath004];
