import type { Finding, ResourceRef, Suppression } from './types.js';
import { globMatches } from './glob.js';
import { isAwsRef } from './types.js';

export const IGNORE_ANNOTATION_PREFIX = 'eksguard.io/ignore.';
/** Optional sibling of the ignore annotation: the date (YYYY-MM-DD) from which the suppression no longer applies. */
export const IGNORE_EXPIRES_ANNOTATION_PREFIX = 'eksguard.io/ignore-expires.';

export interface SuppressionRule {
  /** check ID, or a glob such as `K8S-NET-*` */
  check: string;
  /** `kind/namespace/name` or `kind/name` for cluster-scoped objects, or an ARN; `*` matches any run of characters */
  resource: string;
  reason: string;
  /** ISO date (YYYY-MM-DD); the suppression ends at the start of that day, UTC */
  expires?: string;
  /** set when the rule applies only to requests by these users or groups (patterns): admission only */
  usernames?: readonly string[];
  groups?: readonly string[];
  /** what the config said: a `suppressions` entry (the default) or an `exemptions` entry */
  origin?: 'suppression' | 'exemption';
}

/** Who asks, at admission (from the AdmissionReview's userInfo); a scan has none. */
export interface Requester {
  username: string;
  groups: readonly string[];
}

/**
 * Which `eksguard.io/ignore.<ID>` annotations count: all of them (scan), only those with a
 * reason (admission, where allowed), or none (admission by default: an object must not be
 * able to exempt itself from the gate that judges it).
 */
/** Whether object annotations may suppress checks; either way an annotation without a reason never does. */
export type AnnotationPolicy = 'honour' | 'none';

export interface SuppressionOutcome {
  active?: Suppression;
  expired?: Suppression;
  /** the config rule behind `active` (or behind `expired` when no rule is active) */
  rule?: SuppressionRule;
}

const NO_SUPPRESSION: SuppressionOutcome = Object.freeze({});

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The instant (start of the day, UTC) a YYYY-MM-DD date denotes; undefined for anything else, including 2027-02-30. */
export function parseExpiryDate(value: string): number | undefined {
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const date = new Date(time);
  // Date.UTC rolls 2027-02-30 over into March: a round trip catches dates that do not exist.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return time;
}

/** The string that resource patterns of config suppressions are matched against. */
export function resourceKey(ref: ResourceRef): string {
  if (isAwsRef(ref)) return ref.arn;
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

export { globMatches } from './glob.js';

/** Whether a suppression with this expiry has lapsed at `now`; a date that cannot be read counts as lapsed (fail closed). */
function hasExpired(expires: string | undefined, now: Date): boolean {
  if (expires === undefined) return false;
  const time = parseExpiryDate(expires);
  return time === undefined || time <= now.getTime();
}

/** The names of a check's ignore annotations. */
export interface IgnoreAnnotationNames {
  readonly ignore: string;
  readonly expires: string;
}

/** Built once per check by a caller that asks for many failures of it (the engine): each lookup then uses the same key strings. */
export function ignoreAnnotationNames(checkId: string): IgnoreAnnotationNames {
  return { ignore: IGNORE_ANNOTATION_PREFIX + checkId, expires: IGNORE_EXPIRES_ANNOTATION_PREFIX + checkId };
}

function annotationSuppression(names: IgnoreAnnotationNames, annotations: Readonly<Record<string, string>> | undefined, policy: AnnotationPolicy): Suppression | undefined {
  if (!annotations || policy === 'none') return undefined;
  const reason = annotations[names.ignore]?.trim();
  // a suppression must say why: an empty reason suppresses nothing, under any policy (ignoreAnnotationProblems warns)
  if (!reason) return undefined;
  const expires = annotations[names.expires]?.trim();
  return {
    reason,
    source: 'annotation',
    ...(expires !== undefined ? { expires } : {}),
  };
}

/** A rule for listed users or groups applies only to a requester who is one of them. */
function appliesTo(rule: SuppressionRule, requester: Requester | undefined): boolean {
  if (rule.usernames === undefined && rule.groups === undefined) return true;
  if (!requester) return false;
  if (rule.usernames?.some((pattern) => globMatches(pattern, requester.username))) return true;
  return rule.groups?.some((pattern) => requester.groups.some((group) => globMatches(pattern, group))) ?? false;
}

/** What is wrong with one object's `eksguard.io/ignore.<ID>` annotations: each is a warning, never a silent no-op. */
export interface IgnoreAnnotationProblem {
  /** the annotation's name */
  annotation: string;
  message: string;
}

/**
 * The ignore annotations that cannot do what their author meant: a check ID no check has (with
 * the nearest one, when a few edits away), or an empty reason.
 */
export function ignoreAnnotationProblems(annotations: Readonly<Record<string, string>>, knownIds: ReadonlySet<string>, suggest: (id: string) => string): IgnoreAnnotationProblem[] {
  const problems: IgnoreAnnotationProblem[] = [];
  for (const [annotation, value] of Object.entries(annotations)) {
    const prefix = annotation.startsWith(IGNORE_ANNOTATION_PREFIX) ? IGNORE_ANNOTATION_PREFIX : annotation.startsWith(IGNORE_EXPIRES_ANNOTATION_PREFIX) ? IGNORE_EXPIRES_ANNOTATION_PREFIX : undefined;
    if (!prefix) continue;
    const id = annotation.slice(prefix.length);
    if (!knownIds.has(id)) problems.push({ annotation, message: `annotation ${annotation} names no check, so it suppresses nothing${suggest(id)}` });
    else if (prefix === IGNORE_ANNOTATION_PREFIX && value.trim() === '') problems.push({ annotation, message: `annotation ${annotation} gives no reason, so it suppresses nothing: write why the finding is accepted` });
  }
  return problems;
}

/**
 * The suppression that applies to one failing (check, subject): the object's own annotation first
 * (as `annotationPolicy` allows), then the first config rule that matches. A lapsed suppression is
 * returned as `expired` so that reports can say why a finding that used to be suppressed fails again.
 */
export function findSuppression(options: {
  checkId: string;
  ref: ResourceRef;
  annotations: Readonly<Record<string, string>> | undefined;
  rules: readonly SuppressionRule[];
  now: Date;
  /** default `any` */
  annotationPolicy?: AnnotationPolicy;
  requester?: Requester;
  /** ignoreAnnotationNames(checkId), when the caller keeps it */
  annotationNames?: IgnoreAnnotationNames;
}): SuppressionOutcome {
  let expired: Suppression | undefined;
  let expiredRule: SuppressionRule | undefined;
  const annotated = options.annotations ? annotationSuppression(options.annotationNames ?? ignoreAnnotationNames(options.checkId), options.annotations, options.annotationPolicy ?? 'honour') : undefined;
  if (annotated) {
    if (!hasExpired(annotated.expires, options.now)) return { active: annotated };
    expired = annotated;
  }
  if (options.rules.length === 0) return expired ? { expired } : NO_SUPPRESSION;
  const key = resourceKey(options.ref);
  for (const rule of options.rules) {
    if (!globMatches(rule.check, options.checkId) || !globMatches(rule.resource, key) || !appliesTo(rule, options.requester)) continue;
    const suppression: Suppression = {
      reason: rule.reason,
      source: 'config',
      ...(rule.expires ? { expires: rule.expires } : {}),
    };
    if (hasExpired(rule.expires, options.now)) {
      if (!expired) [expired, expiredRule] = [suppression, rule];
      continue;
    }
    return { active: suppression, rule };
  }
  return expired ? { expired, ...(expiredRule ? { rule: expiredRule } : {}) } : NO_SUPPRESSION;
}

/**
 * The first unexpired exemption for every check that covers this object and requester: the
 * request is exempt as a whole (admitted whatever the checks say, as PodSecurity's exemptions).
 */
export function wholeExemption(rules: readonly SuppressionRule[], ref: ResourceRef, requester: Requester | undefined, now: Date): SuppressionRule | undefined {
  const key = resourceKey(ref);
  return rules.find((rule) => rule.origin === 'exemption' && rule.check === '*' && globMatches(rule.resource, key) && appliesTo(rule, requester) && !hasExpired(rule.expires, now));
}

export function applySuppression(finding: Finding, outcome: SuppressionOutcome): Finding {
  if (outcome.active) return { ...finding, status: 'suppressed', suppression: outcome.active };
  if (outcome.expired) return { ...finding, expiredSuppression: outcome.expired };
  return finding;
}
