import { defineCheck, fail, pass } from '../../../core/check.js';
import { fieldPath } from '../../../core/field-path.js';
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
  messages: {
    wildcard: '{{role}} grants * in {{fields}} at {{rule}}: {{description}}',
    wildcards: '{{role}} grants * in {{fields}} at {{rule}}: {{description}} (also {{others}})',
  },
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
    const data = {
      role: `${role.kind} ${role.namespace ? `${role.namespace}/` : ''}${role.name}`,
      fields: first.fields.join(', '),
      rule: fieldPath('rules', first.effective.index),
      description: describeRule(first.effective.rule),
    };
    const path = fieldPath('rules', first.effective.index);
    if (offending.length === 1) return fail({ messageId: 'wildcard', data, path });
    return fail({ messageId: 'wildcards', data: { ...data, others: offending.slice(1).map((item) => fieldPath('rules', item.effective.index)).join(', ') }, path });
  },
});
