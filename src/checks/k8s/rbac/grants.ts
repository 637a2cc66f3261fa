import { fail, pass, type CheckContext, type Verdict } from '../../../core/check.js';
import { fieldPath } from '../../../core/field-path.js';
import {
  bindingGrants,
  describeBinding,
  describeGrant,
  describeScope,
  describeSubject,
  rbacGraph,
  reportableSubjects,
  subjectKey,
  type BindingSubject,
  type BindingNode,
  type EffectiveRule,
  type Permission,
  type RbacGraph,
  type ResourceRequest,
} from '../../../k8s/rbac/index.js';

/** The data every binding-centric RBAC check reads: a gap on any of them skips it. */
export const RBAC_NEEDS = ['kube:Role', 'kube:ClusterRole', 'kube:RoleBinding', 'kube:ClusterRoleBinding'] as const;

export const RBAC_REFERENCES = [
  'https://kubernetes.io/docs/reference/access-authn-authz/rbac/',
  'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
  'https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html',
] as const;

/** What a binding grants that a check is about. */
export interface Grant {
  readonly effective: EffectiveRule;
  /** `may get secrets`, `is bound to cluster-admin` */
  readonly what: string;
  /** a sentence appended to the message: why it matters or what else is involved */
  readonly note?: string;
}

export type GrantFinder = (binding: BindingNode, graph: RbacGraph) => Grant | undefined;

function resourceLabel(request: ResourceRequest): string {
  return request.group ? `${request.resource}.${request.group}` : request.resource;
}

/** `may get secrets`, `may create deployments.apps`, `may create pods/exec (only pods: a, b)`. */
export function describeAbility(request: ResourceRequest, effective: EffectiveRule): string {
  const names = effective.rule.resourceNames;
  const only = names.length > 0 ? ` (only ${request.resource.split('/')[0]}: ${names.join(', ')})` : '';
  return `may ${request.verb} ${resourceLabel(request)}${only}`;
}

/** The first of the permissions the binding grants, described. */
export function firstGrant(binding: BindingNode, graph: RbacGraph, permissions: readonly Permission[]): Grant | undefined {
  for (const wanted of permissions) {
    const match = bindingGrants(graph, binding, wanted);
    if (match) return { effective: match.effective, what: describeAbility(match.request, match.effective) };
  }
  return undefined;
}

export function grantMessage(subjectText: string, binding: BindingNode, grant: Grant): string {
  const note = grant.note ? ` ${grant.note}` : '';
  return `${subjectText} ${grant.what} ${describeScope(binding)} via ${describeGrant(binding, grant.effective)}.${note}`;
}

/**
 * The message of every check judged by judgeBinding: who is granted what, where, through which
 * binding and rule, why it matters, and the other bindings that grant the same.
 */
export const RBAC_GRANT_MESSAGES = Object.freeze({ grant: '{{subject}} {{what}} {{scope}} via {{via}}.{{note}}{{others}}' });

/** The message of every check judged by judgeSubjectsOnce: the check's sentence for the subject's first binding, then its later ones. */
export const RBAC_SUBJECT_MESSAGES = Object.freeze({ subject: '{{finding}}{{also}}' });

function grantReport(subject: BindingSubject, binding: BindingNode, grant: Grant, grants: readonly SubjectGrant[]): Verdict {
  return fail({
    messageId: 'grant',
    data: {
      subject: describeSubject(subject),
      what: grant.what,
      scope: describeScope(binding),
      via: describeGrant(binding, grant.effective),
      note: grant.note ? ` ${grant.note}` : '',
      others: otherGrants(grants),
    },
    path: fieldPath('subjects', subject.index),
  });
}

/** One binding's grant to one of its subjects. */
export interface SubjectGrant {
  readonly binding: BindingNode;
  readonly subject: BindingSubject;
  readonly grant: Grant;
}

const MEMO_KEYS = new Map<string, Map<string, string>>();

/** A check's memo key, written once per check and view: the check asks for its views once per binding. */
function memoKey(view: string, checkId: string): string {
  let byCheck = MEMO_KEYS.get(view);
  if (!byCheck) MEMO_KEYS.set(view, (byCheck = new Map()));
  let key = byCheck.get(checkId);
  if (key === undefined) byCheck.set(checkId, (key = `${view}:${checkId}`));
  return key;
}

/** What one check finds in the run's bindings: each binding's grant, and each reportable subject's grants in inventory order. */
interface CheckGrants {
  readonly grantOf: ReadonlyMap<BindingNode, Grant>;
  readonly bySubject: ReadonlyMap<string, readonly SubjectGrant[]>;
}

/**
 * Every binding's grant and every reportable subject's grants of one check: built once per check
 * and run. The first grant of a subject carries its finding, which names every other.
 */
function grantsOfCheck(ctx: CheckContext, id: string, find: GrantFinder): CheckGrants {
  return ctx.memo(memoKey('rbac:grants-by-subject', id), () => {
    const graph = rbacGraph(ctx);
    const grantOf = new Map<BindingNode, Grant>();
    const bySubject = new Map<string, SubjectGrant[]>();
    for (const binding of graph.bindings) {
      const grant = find(binding, graph);
      if (!grant) continue;
      grantOf.set(binding, grant);
      for (const subject of reportableSubjects(binding)) {
        const key = subjectKey(subject);
        const list = bySubject.get(key);
        if (list) list.push({ binding, subject, grant });
        else bySubject.set(key, [{ binding, subject, grant }]);
      }
    }
    return { grantOf, bySubject };
  });
}

/** `; also cluster-wide via ClusterRoleBinding b → ClusterRole r rules[0]: …` for every grant after the first. */
export function otherGrants(grants: readonly SubjectGrant[]): string {
  const others = grants.slice(1).map((other) => `${describeScope(other.binding)} via ${describeGrant(other.binding, other.grant.effective)}`);
  return others.length === 0 ? '' : ` Also granted ${others.join('; ')}.`;
}

/**
 * One failure per subject and risk: the first binding (in input order) that grants a subject the
 * permission reports it, at `subjects[i]`, and names every other binding that grants it too;
 * later bindings report nothing more for that subject. The default subjects of a built-in
 * Kubernetes or EKS binding are not reported.
 */
export function judgeBinding(binding: BindingNode, ctx: CheckContext, options: { id: string; find: GrantFinder; none: string }): Verdict | Verdict[] {
  const { grantOf, bySubject } = grantsOfCheck(ctx, options.id, options.find);
  const grant = grantOf.get(binding);
  if (!grant) return pass(options.none);
  if (binding.subjects.length === 0) return pass(`${describeBinding(binding)} has no subjects`);
  const subjects = reportableSubjects(binding);
  if (subjects.length === 0) return pass(`built-in ${describeBinding(binding)}: only its default subjects hold this`);
  const verdicts: Verdict[] = [];
  for (const subject of subjects) {
    const grants = bySubject.get(subjectKey(subject)) ?? [];
    const first = grants[0];
    if (!first || first.binding !== binding || first.subject.index !== subject.index) continue;
    verdicts.push(grantReport(subject, binding, grant, grants));
  }
  return verdicts.length > 0 ? verdicts : pass(`its subjects ${subjects.map(describeSubject).join(', ')} are reported with the first binding that grants them this`);
}

/** What a binding does for one of its subjects that a check reports, in one sentence; undefined when nothing. */
export type SubjectFinder = (binding: BindingNode, subject: BindingSubject) => string | undefined;

/**
 * One failure per subject for checks whose finding is about the binding itself (what it grants
 * to whom): the subject's first binding reports it, and the sentences of its later bindings are
 * appended, so a subject bound many times has one finding (one baseline fingerprint).
 */
export function judgeSubjectsOnce(binding: BindingNode, ctx: CheckContext, options: { id: string; subjects: (binding: BindingNode) => readonly BindingSubject[]; find: SubjectFinder; none: string }): Verdict | Verdict[] {
  const { bySubject, found } = ctx.memo(memoKey('rbac:subject-findings', options.id), () => {
    const bySubject = new Map<string, { binding: BindingNode; subject: BindingSubject; text: string }[]>();
    // which subjects (by index) of each binding have a finding: judging a binding reads this, not its texts again
    const found = new Map<BindingNode, Set<number>>();
    for (const node of rbacGraph(ctx).bindings) {
      for (const subject of options.subjects(node)) {
        const text = options.find(node, subject);
        if (text === undefined) continue;
        const key = subjectKey(subject);
        const list = bySubject.get(key);
        if (list) list.push({ binding: node, subject, text });
        else bySubject.set(key, [{ binding: node, subject, text }]);
        const indices = found.get(node);
        if (indices) indices.add(subject.index);
        else found.set(node, new Set([subject.index]));
      }
    }
    return { bySubject, found };
  });
  const mine = found.get(binding);
  if (!mine) return pass(options.none);
  const verdicts: Verdict[] = [];
  let reportedElsewhere = false;
  for (const subject of options.subjects(binding)) {
    if (!mine.has(subject.index)) continue;
    const entries = bySubject.get(subjectKey(subject))!;
    const first = entries[0]!;
    if (first.binding !== binding || first.subject.index !== subject.index) {
      reportedElsewhere = true;
      continue;
    }
    const more = entries.slice(1).map((entry) => entry.text);
    verdicts.push(fail({ messageId: 'subject', data: { finding: first.text, also: more.length > 0 ? `; also ${more.join('; ')}` : '' }, path: fieldPath('subjects', subject.index) }));
  }
  if (verdicts.length > 0) return verdicts;
  return pass(reportedElsewhere ? 'what it grants is reported with the first binding of the same subject' : options.none);
}
