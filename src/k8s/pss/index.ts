/** Pod Security Standards, evaluated as the PodSecurity admission plugin (k8s.io/pod-security-admission) does. */
export {
  evaluatePodSecurity,
  evaluatePodSecurityGraded,
  formatAggregate,
  formatPodSecurityDenial,
  formatPodSecurityWarning,
  formatViolation,
  type GradedEvaluation,
} from './evaluate.js';
export type { PodInput } from './pod-view.js';
export { pssCheckApplicability, pssCheckApplies, pssCheckLevel, pssCheckReplaces, type Applicability, type PssPolicy } from './registry.js';
export { PSS_CHECK_IDS, type PssCheckId, type PssLevelName, type PssViolation } from './types.js';
export { defaultPssVersion, isPssVersion, parsePssVersion, PSS_NEWEST_MINOR, PssVersionError, type PssVersion } from './version.js';
