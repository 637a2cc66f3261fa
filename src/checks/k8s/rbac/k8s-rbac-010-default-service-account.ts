import { defineCheck } from '../../../core/check.js';
import { describeBinding, rbacBindings, reportableSubjects, type BindingNode, type BindingSubject } from '../../../k8s/rbac/index.js';
import { judgeSubjectsOnce, RBAC_NEEDS, RBAC_REFERENCES, RBAC_SUBJECT_MESSAGES } from './grants.js';

/** The default ServiceAccount itself, or a group that contains it. */
function describeDefaultAccount(subject: BindingSubject): string | undefined {
  if (subject.kind === 'ServiceAccount' && subject.name === 'default') {
    const namespace = subject.namespace ?? 'the namespace the binding is applied to';
    return `ServiceAccount ${subject.namespace ?? '(namespace not set)'}/default (used by every pod of ${namespace} that names no ServiceAccount)`;
  }
  if (subject.kind !== 'Group') return undefined;
  if (subject.name === 'system:serviceaccounts') return 'Group system:serviceaccounts (every ServiceAccount, so every namespace\'s default ServiceAccount)';
  const namespace = /^system:serviceaccounts:(.+)$/.exec(subject.name)?.[1];
  return namespace ? `Group ${subject.name} (every ServiceAccount of ${namespace}, its default ServiceAccount included)` : undefined;
}

/**
 * K8S-RBAC-010: fails for a binding whose subject is a namespace's default ServiceAccount.
 */
export const defaultServiceAccountBound = defineCheck<BindingNode>({
  id: 'K8S-RBAC-010',
  title: 'A namespace\'s default ServiceAccount should not be bound to a role',
  area: 'iam',
  severity: 'medium',
  target: rbacBindings,
  needs: RBAC_NEEDS,
  admission: { judges: 'the subjects of the RoleBinding or ClusterRoleBinding' },
  rationale:
    'Every pod that does not name a ServiceAccount runs as its namespace\'s default ServiceAccount, so a role bound to it is handed to every such pod, including ones deployed later by someone else. Permissions should belong to a ServiceAccount made for the one workload that needs them.',
  remediation:
    'Create a dedicated ServiceAccount for the workload, bind the role to it and set `serviceAccountName`; remove the binding of the default ServiceAccount and set `automountServiceAccountToken: false` on it.',
  messages: RBAC_SUBJECT_MESSAGES,
  references: [...RBAC_REFERENCES, 'https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts'],
  standards: [],
  examples: {
    pass: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: web-config
  namespace: shop
subjects:
  - kind: ServiceAccount
    name: web
    namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
`,
    ],
    fail: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: default-view
  namespace: shop
subjects:
  - kind: ServiceAccount
    name: default
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
`,
    ],
  },
  evaluate: (binding, ctx) =>
    judgeSubjectsOnce(binding, ctx, {
      id: 'K8S-RBAC-010',
      subjects: reportableSubjects,
      find: (node, subject) => {
        const who = describeDefaultAccount(subject);
        const role = node.roleRef ? `${node.roleRef.kind} ${node.roleRef.name}` : 'a role it does not name';
        return who ? `${who} is bound to ${role} via ${describeBinding(node)}` : undefined;
      },
      none: 'binds no default ServiceAccount',
    }),
});
