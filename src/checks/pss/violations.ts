import type { CheckContext } from '../../core/check.js';
import type { Workload } from '../../k8s/workload.js';
import {
  evaluatePodSecurity,
  parsePssVersion,
  pssCheckApplicability,
  type Applicability,
  type PssCheckId,
  type PssPolicy,
  type PssViolation,
} from '../../k8s/pss/index.js';

type ViolationIndex = ReadonlyMap<PssCheckId, PssViolation>;

/** What the 19 checks share within one run: the policy, and each workload's violations. */
export interface PssRun {
  readonly policy: PssPolicy;
  /** `PodSecurity "restricted:latest"`, with the version as configured */
  readonly label: string;
  applicability(id: PssCheckId): Applicability;
  violationsOf(workload: Workload): ViolationIndex;
}

const NONE: ViolationIndex = new Map();

/** The run's shared state; throws PssVersionError when the configured version is invalid. */
export function pssRun(ctx: CheckContext): PssRun {
  return ctx.memo('pss:run', () => createRun(ctx));
}

function createRun(ctx: CheckContext): PssRun {
  const version = parsePssVersion(ctx.settings.pssVersion);
  const policy: PssPolicy = { level: ctx.settings.pssLevel, version };
  const applicable = new Map<PssCheckId, Applicability>();
  // Keyed by the workload object, so each pod template is evaluated once per run, not once per check.
  const evaluated = new WeakMap<Workload, ViolationIndex>();
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
    violationsOf(workload) {
      let index = evaluated.get(workload);
      if (!index) {
        const violations = evaluatePodSecurity({ metadata: workload.metadata, spec: workload.spec }, policy);
        index = violations.length === 0 ? NONE : new Map(violations.map((violation) => [violation.checkId, violation]));
        evaluated.set(workload, index);
      }
      return index;
    },
  };
}
