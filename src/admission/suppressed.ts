import { findSuppression, IGNORE_ANNOTATION_PREFIX, type AnnotationPolicy, type Requester, type SuppressionRule } from '../core/suppression.js';
import type { Finding } from '../core/types.js';

/** How a failing check was kept from counting: the object's annotation, a config suppression, or an exemption. */
export type SuppressedBy = 'annotation' | 'suppression' | 'exemption';

/** check ID → how it was suppressed, for the decision log and the metric */
export type SuppressedChecks = Record<string, SuppressedBy>;

/**
 * Every check that failed on the object but did not count, and what suppressed it. The engine
 * marks the finding; the config rule behind a `config` suppression is looked up again to tell
 * a `suppressions` entry from an `exemptions` one. An exempt request's failing checks count
 * as suppressed by its exemption.
 */
export function suppressedChecks(findings: readonly Finding[], context: { rules: readonly SuppressionRule[]; now: Date; requester: Requester }): SuppressedChecks {
  const out: SuppressedChecks = {};
  for (const finding of findings) {
    if (finding.status !== 'suppressed' || !finding.suppression || out[finding.checkId]) continue;
    if (finding.suppression.source === 'annotation') {
      out[finding.checkId] = 'annotation';
      continue;
    }
    const { rule } = findSuppression({ ...context, checkId: finding.checkId, ref: finding.resource, annotations: undefined });
    out[finding.checkId] = rule?.origin ?? 'suppression';
  }
  return out;
}

/**
 * Failing checks whose `eksguard.io/ignore.<ID>` annotation is on the object but did not count
 * at admission, with one warning each (at most five) so the author learns why the object is
 * still judged.
 */
export function ignoredAnnotations(findings: readonly Finding[], annotations: Readonly<Record<string, string>>, policy: AnnotationPolicy): { checkIds: string[]; warnings: string[] } {
  const checkIds = [...new Set(findings.filter((f) => f.status === 'fail' && !f.expiredSuppression && annotations[IGNORE_ANNOTATION_PREFIX + f.checkId] !== undefined).map((f) => f.checkId))];
  const why =
    policy === 'none'
      ? 'object annotations do not suppress checks at admission here (annotationSuppressions in the webhook config)'
      : 'an annotation needs a reason as its value to suppress a check at admission';
  const warnings = checkIds.slice(0, 5).map((id) => `eksguard: ${IGNORE_ANNOTATION_PREFIX}${id} is not honoured: ${why}`);
  return { checkIds, warnings };
}
