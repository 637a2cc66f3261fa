import { readPod, type PodInput } from './pod-view.js';
import { replacedChecks, resolveVersion, selectChecks, type PssPolicy, type SelectedCheck } from './registry.js';
import type { PssViolation } from './types.js';

/**
 * Evaluates a pod (or a workload's pod template: its metadata and spec) against a Pod Security
 * level and version, like the PodSecurity admission plugin. Returns the violations in upstream's
 * order; none means allowed. Never throws on malformed input; throws PssVersionError for a bad version.
 */
export function evaluatePodSecurity(pod: PodInput, policy: PssPolicy): PssViolation[] {
  const checks = selectChecks(policy.level, resolveVersion(policy.version).minor);
  if (checks.length === 0) return [];
  return runChecks(checks, readPod(pod));
}

export interface GradedEvaluation {
  /** exactly what evaluatePodSecurity returns */
  readonly violations: PssViolation[];
  /** violations of the baseline checks that the level replaces (restricted only): upstream does not report them */
  readonly replaced: PssViolation[];
}

/**
 * evaluatePodSecurity, plus the baseline checks a restricted-level check replaces, from one
 * read of the pod. A restricted finding whose pod also fails the check it replaces can then be
 * graded no lower than that baseline check.
 */
export function evaluatePodSecurityGraded(pod: PodInput, policy: PssPolicy): GradedEvaluation {
  const minor = resolveVersion(policy.version).minor;
  const checks = selectChecks(policy.level, minor);
  const replaced = replacedChecks(policy.level, minor);
  if (checks.length === 0 && replaced.length === 0) return { violations: [], replaced: [] };
  const view = readPod(pod);
  return { violations: runChecks(checks, view), replaced: runChecks(replaced, view) };
}

function runChecks(checks: readonly SelectedCheck[], view: ReturnType<typeof readPod>): PssViolation[] {
  const violations: PssViolation[] = [];
  for (const check of checks) {
    const outcome = check.run(view);
    if (!outcome) continue;
    violations.push({
      checkId: check.id,
      reason: outcome.reason,
      detail: outcome.detail,
      path: outcome.path,
      pathBase: outcome.pathBase ?? 'spec',
    });
  }
  return violations;
}

/** One violation as upstream prints it: `reason (detail)`, or `reason` alone when there is no detail. */
export function formatViolation(violation: Pick<PssViolation, 'reason' | 'detail'>): string {
  const reason = violation.reason || 'unknown forbidden reason';
  return violation.detail ? `${reason} (${violation.detail})` : reason;
}

/** Upstream's aggregate: `reason (detail), reason (detail)`. */
export function formatAggregate(violations: readonly Pick<PssViolation, 'reason' | 'detail'>[]): string {
  return violations.map(formatViolation).join(', ');
}

function policyLabel(policy: PssPolicy): string {
  const version = typeof policy.version === 'string' ? policy.version : policy.version.text;
  return `${policy.level}:${version}`;
}

/** kubectl's warning for workloads and for pods not denied: `would violate PodSecurity "restricted:latest": …`. */
export function formatPodSecurityWarning(policy: PssPolicy, violations: readonly PssViolation[]): string {
  return `would violate PodSecurity "${policyLabel(policy)}": ${formatAggregate(violations)}`;
}

/** The enforce denial of a pod: `violates PodSecurity "restricted:latest": …`. */
export function formatPodSecurityDenial(policy: PssPolicy, violations: readonly PssViolation[]): string {
  return `violates PodSecurity "${policyLabel(policy)}": ${formatAggregate(violations)}`;
}
