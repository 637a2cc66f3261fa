import { defineCheck } from '../../../core/check.js';
import { isDefaultSubject } from '../../../k8s/system-objects.js';
import { describeBinding, rbacBindings, type BindingNode, type BindingSubject } from '../../../k8s/rbac/index.js';
import { judgeSubjectsOnce, RBAC_NEEDS, RBAC_REFERENCES, RBAC_SUBJECT_MESSAGES } from './grants.js';

/** The built-in discovery roles: what Kubernetes itself grants every authenticated user. */
const DISCOVERY_ROLES = new Set(['system:basic-user', 'system:discovery', 'system:public-info-viewer']);

type Audience = 'anonymous' | 'authenticated';

function audienceOf(subject: BindingSubject): Audience | undefined {
  if (subject.kind === 'User' && subject.name === 'system:anonymous') return 'anonymous';
  if (subject.kind === 'Group' && subject.name === 'system:unauthenticated') return 'anonymous';
  if (subject.kind === 'Group' && subject.name === 'system:authenticated') return 'authenticated';
  return undefined;
}

function roleText(binding: BindingNode): string {
  return binding.roleRef ? `${binding.roleRef.kind} ${binding.roleRef.name}` : 'a role it does not name';
}

function grantToEveryone(binding: BindingNode, subject: BindingSubject): string | undefined {
  const audience = audienceOf(subject);
  if (!audience) return undefined;
  if (binding.builtIn && isDefaultSubject(binding.builtIn, subject)) return undefined;
  const discoveryOnly = binding.roleRef?.kind === 'ClusterRole' && DISCOVERY_ROLES.has(binding.roleRef.name);
  if (audience === 'authenticated' && discoveryOnly) return undefined;
  const who =
    audience === 'anonymous'
      ? `${subject.kind} ${subject.name} (every request without credentials)`
      : `Group system:authenticated (every IAM principal, user and ServiceAccount the cluster accepts)`;
  const where = binding.clusterWide ? 'cluster-wide' : `in namespace ${binding.namespace ?? '(not set: the one it is applied to)'}`;
  return `${describeBinding(binding)} grants ${roleText(binding)} ${where} to ${who}`;
}

/**
 * K8S-RBAC-007: fails for a binding that grants permissions to system:anonymous,
 * system:unauthenticated or system:authenticated.
 */
export const anonymousAccess = defineCheck<BindingNode>({
  id: 'K8S-RBAC-007',
  title: 'Anonymous and all authenticated users must not be granted permissions',
  area: 'iam',
  severity: 'critical',
  target: rbacBindings,
  needs: RBAC_NEEDS,
  admission: { judges: 'the subjects of the RoleBinding or ClusterRoleBinding' },
  rationale:
    'system:anonymous and system:unauthenticated are every request without credentials: with a public EKS endpoint, anyone on the internet. system:authenticated is every identity the cluster accepts: every IAM principal mapped by aws-auth or an access entry, every ServiceAccount of every pod. Kubernetes grants these only discovery (system:basic-user, system:discovery, system:public-info-viewer).',
  remediation:
    'Delete the binding, or bind a specific group or ServiceAccount instead. To publish the service-account issuer for IRSA-like federation, expose the OIDC discovery documents outside the API server rather than binding system:unauthenticated.',
  messages: RBAC_SUBJECT_MESSAGES,
  references: [...RBAC_REFERENCES, 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles'],
  standards: [],
  examples: {
    pass: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: system:public-info-viewer
subjects:
  - kind: Group
    name: system:authenticated
    apiGroup: rbac.authorization.k8s.io
  - kind: Group
    name: system:unauthenticated
    apiGroup: rbac.authorization.k8s.io
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: system:public-info-viewer
`,
    ],
    fail: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: everyone-can-view
subjects:
  - kind: Group
    name: system:authenticated
    apiGroup: rbac.authorization.k8s.io
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
`,
    ],
  },
  evaluate: (binding, ctx) =>
    judgeSubjectsOnce(binding, ctx, {
      id: 'K8S-RBAC-007',
      subjects: (node) => node.subjects,
      find: grantToEveryone,
      none: 'grants nothing to anonymous users, and nothing beyond discovery to all authenticated users',
    }),
});
