import type { CheckContext } from '../../core/check.js';
import type { Workload } from '../../k8s/workload.js';
import {
  evaluatePodSecurityGraded,
  parsePssVersion,
  pssCheckApplicability,
  pssCheckReplaces,
  type Applicability,
  type PssCheckId,
  type PssPolicy,
  type PssViolation,
} from '../../k8s/pss/index.js';

type ViolationIndex = ReadonlyMap<PssCheckId, PssViolation>;

export interface WorkloadViolations {
  /** what PodSecurity reports at the run's level */
  readonly reported: ViolationIndex;
  /** the baseline checks the level replaces (restricted only), which PodSecurity does not report */
  readonly replaced: ViolationIndex;
}

/** What the 19 checks share within one run: the policy, and each workload's violations. */
export interface PssRun {
  readonly policy: PssPolicy;
  /** `PodSecurity "restricted:latest"`, with the version as configured */
  readonly label: string;
  applicability(id: PssCheckId): Applicability;
  /** the baseline checks this check replaces at the run's level and version */
  replaces(id: PssCheckId): readonly PssCheckId[];
  violationsOf(workload: Workload): WorkloadViolations;
}

const NONE: ViolationIndex = new Map();
const CLEAN: WorkloadViolations = { reported: NONE, replaced: NONE };

function indexed(violations: readonly PssViolation[]): ViolationIndex {
  return violations.length === 0 ? NONE : new Map(violations.map((violation) => [violation.checkId, violation]));
}

/** The run's shared state; throws PssVersionError when the configured version is invalid. */
export function pssRun(ctx: CheckContext): PssRun {
  return ctx.memo('pss:run', () => createRun(ctx));
}

function createRun(ctx: CheckContext): PssRun {
  const version = parsePssVersion(ctx.settings.pssVersion);
  const policy: PssPolicy = { level: ctx.settings.pssLevel, version };
  const applicable = new Map<PssCheckId, Applicability>();
  const replacing = new Map<PssCheckId, readonly PssCheckId[]>();
  // Keyed by the workload object, so each pod template is evaluated once per run, not once per check.
  const evaluated = new WeakMap<Workload, WorkloadViolations>();
  return {
    policy,
    label: `PodSecurity "${policy.level}:${version.text}"`,
    applicability(id) {
      let known = applicable.get(id);
      if (!known) {
        known = pssCheckApplicability(id, policy);
        applicable.set(id, known);
      }
      return known;
    },
    replaces(id) {
      let known = replacing.get(id);
      if (!known) {
        known = pssCheckReplaces(id, policy);
        replacing.set(id, known);
      }
      return known;
    },
    violationsOf(workload) {
      let found = evaluated.get(workload);
      if (!found) {
        const { violations, replaced } = evaluatePodSecurityGraded({ metadata: workload.metadata, spec: workload.spec }, policy);
        found = violations.length === 0 && replaced.length === 0 ? CLEAN : { reported: indexed(violations), replaced: indexed(replaced) };
        evaluated.set(workload, found);
      }
      return found;
    },
  };
}
