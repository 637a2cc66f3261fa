import { fail, pass, type CheckContext, type Verdict } from '../../../core/check.js';
import {
  bindingGrants,
  describeBinding,
  describeGrant,
  describeScope,
  describeSubject,
  rbacGraph,
  reportableSubjects,
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
 * One failure per subject the binding grants the permission to (at
 * `subjects[i]`, the line that names the subject), except the default
 * subjects of a built-in Kubernetes or EKS binding.
 */
export function judgeBinding(binding: BindingNode, ctx: CheckContext, options: { find: GrantFinder; none: string }): Verdict | Verdict[] {
  const grant = options.find(binding, rbacGraph(ctx));
  if (!grant) return pass(options.none);
  if (binding.subjects.length === 0) return pass(`${describeBinding(binding)} has no subjects`);
  const subjects = reportableSubjects(binding);
  if (subjects.length === 0) return pass(`built-in ${describeBinding(binding)}: only its default subjects hold this`);
  return subjects.map((subject) => fail(grantMessage(describeSubject(subject), binding, grant), `subjects[${subject.index}]`));
}
