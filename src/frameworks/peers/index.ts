import { hardeneks } from './hardeneks.js';
import { kubescape } from './kubescape.js';
import type { PeerRules } from './model.js';
import { prowler } from './prowler.js';
import { trivy } from './trivy.js';

export type { PeerCoverage, PeerRule, PeerRules } from './model.js';

export const allPeers: readonly PeerRules[] = [kubescape, prowler, hardeneks, trivy];

/**
 * Framework coverage before the checks of issue 18 point 4 were added (main at efad1b1, measured
 * with `eksguard frameworks list`): docs/coverage.md sets today's counts beside them.
 */
export const COVERAGE_BEFORE: Readonly<Record<string, { byChecks: number; manual: number; notCovered: number }>> = {
  'cis-eks-2.0.0': { byChecks: 32, manual: 3, notCovered: 12 },
  'eks-bpg': { byChecks: 10, manual: 2, notCovered: 0 },
};
