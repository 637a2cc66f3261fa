import { defineCheck, fail, notApplicable, pass, type CheckDefinition, type CheckExamples, type Verdict } from '../../core/check.js';
import type { Severity } from '../../core/types.js';
import { formatViolation, pssCheckLevel, type Applicability, type PssCheckId, type PssViolation } from '../../k8s/pss/index.js';
import { workloads } from '../../k8s/targets.js';
import type { Workload } from '../../k8s/workload.js';
import { pssRun } from './violations.js';

export const PSS_REFERENCE = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/';
export const PSA_REFERENCE = 'https://kubernetes.io/docs/concepts/security/pod-security-admission/';
export const EKS_BPG_REFERENCE = 'https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html';

/** What differs between the PSS checks; the rest (target, area, message, evaluation) is shared. */
export interface PssCheckSpec {
  /** upstream's check ID; the eksguard ID is `PSS-<id>` */
  id: PssCheckId;
  title: string;
  severity: Severity;
  rationale: string;
  remediation: string;
  /** mappings beyond `PSS <level>/<id>` and `EKS-BPG pod-security` */
  standards?: readonly string[];
  references?: readonly string[];
  examples: CheckExamples;
}

function notApplicableMessage(id: PssCheckId, why: Exclude<Applicability, { applies: true }>, policyLabel: string): string {
  switch (why.because) {
    case 'level':
      return `${id} is a ${pssCheckLevel(id)} check; not part of ${policyLabel}`;
    case 'not-yet':
      return `${id} starts at v1.${why.since}; not part of ${policyLabel}`;
    case 'overridden':
      return `${why.by} replaces ${id} in ${policyLabel}`;
  }
}

/** The part of the template a violation points at: spec paths go through the subject's prefix, metadata paths do not. */
function failVerdict(workload: Workload, violation: PssViolation): Verdict {
  const message = formatViolation(violation);
  if (violation.pathBase === 'spec') return fail(message, violation.path);
  const templateRoot = workload.specPath.replace(/(^|\.)spec$/, '');
  return fail(message, templateRoot ? `${templateRoot}.${violation.path}` : violation.path, { absolutePath: true });
}

export function definePssCheck(spec: PssCheckSpec): CheckDefinition<Workload> {
  const level = pssCheckLevel(spec.id);
  // most workloads pass or are out of scope with the same words: one verdict per policy label
  const passes = new Map<string, Verdict>();
  const notApplicables = new Map<string, Verdict>();
  const cached = (cache: Map<string, Verdict>, label: string, make: () => Verdict): Verdict => {
    let verdict = cache.get(label);
    if (!verdict) {
      verdict = Object.freeze(make());
      cache.set(label, verdict);
    }
    return verdict;
  };
  return defineCheck<Workload>({
    id: `PSS-${spec.id}`,
    title: spec.title,
    area: 'containers',
    severity: spec.severity,
    target: workloads,
    needs: ['kube:workloads'],
    scope: 'object',
    rationale: spec.rationale,
    remediation: spec.remediation,
    references: [PSS_REFERENCE, PSA_REFERENCE, ...(spec.references ?? []), EKS_BPG_REFERENCE],
    standards: [`PSS ${level}/${spec.id}`, ...(spec.standards ?? []), 'EKS-BPG pod-security'],
    examples: { settings: { pssLevel: level }, ...spec.examples },
    evaluate(workload, ctx) {
      const run = pssRun(ctx);
      const applicability = run.applicability(spec.id);
      if (!applicability.applies) return cached(notApplicables, run.label, () => notApplicable(notApplicableMessage(spec.id, applicability, run.label)));
      const violation = run.violationsOf(workload).get(spec.id);
      if (!violation) return cached(passes, run.label, () => pass(`no ${spec.id} violation at ${run.label}`));
      return failVerdict(workload, violation);
    },
  });
}
