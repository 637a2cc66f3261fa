import { defineCheck, fail, notApplicable, pass, type CheckDefinition, type CheckExamples, type Verdict } from '../../core/check.js';
import { joinPaths, type FieldPath } from '../../core/field-path.js';
import type { MessageRef } from '../../core/message.js';
import { severityRank, type Severity } from '../../core/types.js';
import { pssCheckLevel, pssCheckReplaces, type Applicability, type PssCheckId, type PssViolation } from '../../k8s/pss/index.js';
import { workloads } from '../../k8s/targets.js';
import type { Workload } from '../../k8s/workload.js';
import { PSS_SEVERITIES } from './severities.js';
import { pssRun, type PssRun, type WorkloadViolations } from './violations.js';

export const PSS_REFERENCE = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/';
export const PSA_REFERENCE = 'https://kubernetes.io/docs/concepts/security/pod-security-admission/';
export const EKS_BPG_REFERENCE = 'https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html';

/** What differs between the PSS checks; the rest (target, area, message, evaluation) is shared. */
export interface PssCheckSpec {
  /** upstream's check ID; the eksguard ID is `PSS-<id>` */
  id: PssCheckId;
  title: string;
  rationale: string;
  remediation: string;
  /** mappings to controls outside src/frameworks (those are derived by the registry) */
  standards?: readonly string[];
  references?: readonly string[];
  examples: CheckExamples;
  /** the safe, mechanical change that makes a failing workload pass, where there is one (`eksguard fix`) */
  fix?: CheckDefinition<Workload>['fix'];
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
function failVerdict(workload: Workload, violation: PssViolation, severity: Severity | undefined): Verdict {
  // upstream's words: `reason (detail)`, or the reason alone when upstream gives no detail
  const reason = violation.reason || 'unknown forbidden reason';
  const message: MessageRef = violation.detail ? { messageId: 'violation', data: { reason, detail: violation.detail } } : { messageId: 'violationWithoutDetail', data: { reason } };
  const graded = severity ? { severity } : {};
  // paths of src/k8s/pss are rendered in the canonical syntax already
  const path = violation.path as FieldPath;
  if (violation.pathBase === 'spec') return fail({ ...message, path, ...graded });
  return fail({ ...message, path: joinPaths(workload.templatePath, path), absolutePath: true, ...graded });
}

/** The messages of every PSS check: upstream's reason and detail, as PodSecurity admission words them. */
export const PSS_MESSAGES = Object.freeze({ violation: '{{reason}} ({{detail}})', violationWithoutDetail: '{{reason}}' });

/**
 * A restricted check that replaces baseline checks takes the highest severity among those the
 * pod also fails, when that is above its own: a hostPath volume stays critical at restricted.
 * Undefined when the check's own severity stands.
 */
function gradedSeverity(id: PssCheckId, run: PssRun, found: WorkloadViolations): Severity | undefined {
  let severity: Severity | undefined;
  for (const replaced of run.replaces(id)) {
    if (!found.replaced.has(replaced)) continue;
    const candidate = PSS_SEVERITIES[replaced];
    if (severityRank(candidate) < severityRank(severity ?? PSS_SEVERITIES[id])) severity = candidate;
  }
  return severity;
}

/** The rationale's last sentence for a check that replaces baseline checks at restricted. */
function replacementNote(id: PssCheckId): string {
  const replaced = pssCheckReplaces(id, { level: 'restricted', version: 'latest' });
  if (replaced.length === 0) return '';
  const named = replaced.map((other) => `PSS-${other} (${PSS_SEVERITIES[other]})`).join(', ');
  return ` At the restricted level it replaces ${named}; a pod that also fails the replaced check is reported at that check's severity, so the stricter level never grades a risk lower.`;
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
    severity: PSS_SEVERITIES[spec.id],
    target: workloads,
    needs: ['kube:workloads'],
    scope: 'object',
    admission: { judges: 'the pod spec of a Pod or of any workload template' },
    rationale: `${spec.rationale}${replacementNote(spec.id)}`,
    remediation: spec.remediation,
    messages: PSS_MESSAGES,
    references: [PSS_REFERENCE, PSA_REFERENCE, ...(spec.references ?? []), EKS_BPG_REFERENCE],
    standards: [...(spec.standards ?? [])],
    examples: { settings: { pssLevel: level }, ...spec.examples },
    evaluate(workload, ctx) {
      const run = pssRun(ctx);
      const applicability = run.applicability(spec.id);
      if (!applicability.applies) return cached(notApplicables, run.label, () => notApplicable(notApplicableMessage(spec.id, applicability, run.label)));
      const found = run.violationsOf(workload);
      const violation = found.reported.get(spec.id);
      if (!violation) return cached(passes, run.label, () => pass(`no ${spec.id} violation at ${run.label}`));
      return failVerdict(workload, violation, gradedSeverity(spec.id, run, found));
    },
    ...(spec.fix ? { fix: spec.fix } : {}),
  });
}
