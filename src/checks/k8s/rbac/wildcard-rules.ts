import { defineCheck, fail, pass } from '../../../core/check.js';
import { describeRule, rbacGraph, rbacRoles, type PolicyRule, type RoleNode } from '../../../k8s/rbac/index.js';
import { RBAC_REFERENCES } from './grants.js';

function wildcardFields(rule: PolicyRule): string[] {
  const fields: string[] = [];
  if (rule.verbs.includes('*')) fields.push('verbs');
  if (rule.apiGroups.includes('*')) fields.push('apiGroups');
  if (rule.resources.includes('*')) fields.push('resources');
  return fields;
}

/**
 * K8S-RBAC-002: fails for a Role or ClusterRole rule with * in verbs, resources or apiGroups.
 */
export const wildcardRules = defineCheck<RoleNode>({
  id: 'K8S-RBAC-002',
  title: 'Roles should not grant * in verbs, resources or apiGroups',
  area: 'iam',
  severity: 'high',
  target: rbacRoles,
  needs: ['kube:Role', 'kube:ClusterRole'],
  admission: { judges: 'the rules of the Role or ClusterRole' },
  rationale:
    'A wildcard grants more than its author listed: every verb includes escalate, bind, impersonate and deletecollection, every resource includes Secrets and the resources of CRDs installed later, every API group includes groups that do not exist yet.',
  remediation:
    'List the verbs, API groups and resources the workload uses. `kubectl auth can-i --list --as=system:serviceaccount:NS:NAME` shows what a subject holds today; audit logs show what it uses.',
  references: [...RBAC_REFERENCES],
  standards: [],
  examples: {
    pass: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: config-reader
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["get", "list", "watch"]
`,
    ],
    fail: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: support-tools
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["get"]
`,
    ],
  },
  evaluate(role, ctx) {
    if (role.builtIn) return pass(`built-in ${role.kind} created by ${role.builtIn === 'eks' ? 'Amazon EKS' : 'Kubernetes'}`);
    // rules an aggregated ClusterRole copies from its sources are reported on the source
    const own = rbacGraph(ctx)
      .effectiveRules(role)
      .filter((effective) => effective.role === role);
    const offending = own.map((effective) => ({ effective, fields: wildcardFields(effective.rule) })).filter((item) => item.fields.length > 0);
    if (offending.length === 0) return pass('no wildcard in verbs, resources or apiGroups');
    const first = offending[0]!;
    const more = offending.length > 1 ? ` (also ${offending.slice(1).map((item) => `rules[${item.effective.index}]`).join(', ')})` : '';
    return fail(
      `${role.kind} ${role.namespace ? `${role.namespace}/` : ''}${role.name} grants * in ${first.fields.join(', ')} at rules[${first.effective.index}]: ${describeRule(first.effective.rule)}${more}`,
      `rules[${first.effective.index}]`,
    );
  },
});
