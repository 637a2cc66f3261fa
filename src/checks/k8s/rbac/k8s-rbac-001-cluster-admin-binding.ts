import { defineCheck } from '../../../core/check.js';
import { describeRole, rbacBindings, type BindingNode, type EffectiveRule, type PolicyRule, type RbacGraph } from '../../../k8s/rbac/index.js';
import { type Grant, judgeBinding, RBAC_GRANT_MESSAGES, RBAC_NEEDS, RBAC_REFERENCES } from './grants.js';

/** `*` verbs on `*` resources of `*` API groups, for every name: what cluster-admin grants. */
function allowsEverything(rule: PolicyRule): boolean {
  return rule.verbs.includes('*') && rule.apiGroups.includes('*') && rule.resources.includes('*') && rule.resourceNames.length === 0;
}

/**
 * cluster-admin by name, or any role that grants what it grants (a rule of `*` verbs on `*`
 * resources in `*` API groups, its own or aggregated): the name changes nothing of the power.
 */
function clusterAdminGrant(binding: BindingNode, graph: RbacGraph): Grant | undefined {
  const reach = binding.clusterWide ? 'every action on every object' : `every action on every object in namespace ${binding.namespace ?? '(not set: the one it is applied to)'}, its Secrets and RBAC included`;
  if (binding.roleRef?.kind === 'ClusterRole' && binding.roleRef.name === 'cluster-admin') {
    const role = binding.role ?? graph.clusterRole('cluster-admin');
    const effective = role ? graph.effectiveRules(role)[0] : undefined;
    if (!effective) return undefined;
    return { effective, what: 'is bound to cluster-admin', note: `That is ${reach}.` };
  }
  if (!binding.role) return undefined;
  const everything: EffectiveRule | undefined = graph.findRule(binding.role, 'rbac001:everything', allowsEverything);
  if (!everything) return undefined;
  return { effective: everything, what: `is bound to ${describeRole(binding.role)} (cluster-admin in all but name)`, note: `That is ${reach}.` };
}

/**
 * K8S-RBAC-001: fails for a binding to cluster-admin, or to a role that grants every verb on every
 * resource.
 */
export const clusterAdminBinding = defineCheck<BindingNode>({
  id: 'K8S-RBAC-001',
  title: 'Subjects should not be bound to cluster-admin',
  area: 'iam',
  severity: 'high',
  target: rbacBindings,
  needs: RBAC_NEEDS,
  admission: { judges: 'the RoleBinding or ClusterRoleBinding and the built-in role it names (cluster-admin, admin, edit…); a binding to a custom role the request does not carry passes here, and `scan` judges it with the role' },
  rationale:
    'cluster-admin allows every verb on every resource, Secrets and RBAC included: one stolen token of a subject bound to it is the whole cluster. Bound in a namespace through a RoleBinding it is still full control of that namespace. Only the built-in system:masters binding and the EKS add-on manager binding need it.',
  remediation:
    'Bind the subject to a role that lists only the verbs and resources it uses (start from `view` or `edit`, or write a Role), in a RoleBinding where one namespace is enough; keep cluster-admin for break-glass access through EKS access entries.',
  messages: RBAC_GRANT_MESSAGES,
  references: [...RBAC_REFERENCES, 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles'],
  standards: [],
  examples: {
    pass: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: deployer-edit
  namespace: shop
subjects:
  - kind: ServiceAccount
    name: deployer
    namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: edit
`,
    ],
    fail: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ci-admin
subjects:
  - kind: ServiceAccount
    name: deployer
    namespace: ci
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
`,
    ],
  },
  evaluate: (binding, ctx) => judgeBinding(binding, ctx, { id: 'K8S-RBAC-001', find: clusterAdminGrant, none: 'bound neither to cluster-admin nor to a role that grants every verb on every resource' }),
});
