/**
 * The suspicious Kubernetes audit events an EKS cluster should alarm on (EKS-LOG-005), each
 * defined by sample audit records (audit.k8s.io/v1 Event, as EKS writes them to
 * /aws/eks/<cluster>/cluster). A metric filter catches an event when its pattern matches every
 * sample of the event: the samples vary the user, namespace, verb and response where the event
 * does, so a filter narrowed to one of them (one namespace, `verb = create` only) does not count.
 *
 * Sources for the set:
 * - EKS Best Practices Guide, Auditing and logging, "Create alarms for suspicious events": an
 *   increase in 403 Forbidden and 401 Unauthorized responses; its Log Insights queries: changes
 *   to RBAC bindings, updates to the aws-auth ConfigMap, anonymous requests.
 * - EKS's own audit policy logs aws-auth updates, patches and deletes at RequestResponse level
 *   for this reason (same page).
 * - CIS Kubernetes / EKS 4.1.1 (cluster-admin only where required) and 4.1.8 (bind, escalate):
 *   a new binding to cluster-admin is the change an attacker makes to keep access.
 * - MITRE ATT&CK for containers T1609 (Container Administration Command: exec, attach) and the
 *   Falco k8saudit rules on exec and attach; EKS grants discovery to system:unauthenticated, so
 *   any other request it allows anonymously is a misbinding (hardeneks
 *   disable_anonymous_access_for_cluster_roles; eksguard K8S-RBAC-007 finds the binding itself).
 */
export type AuditEventName = 'unauthorized' | 'anonymousAllowed' | 'clusterAdminBinding' | 'execAttach' | 'awsAuthChange';

export interface AuditEventDefinition {
  name: AuditEventName;
  /** how reports name it */
  label: string;
  /** only for clusters that still read the aws-auth ConfigMap (authentication mode CONFIG_MAP or API_AND_CONFIG_MAP) */
  configMapAuthOnly?: boolean;
  samples: readonly Record<string, unknown>[];
}

interface SampleShape {
  verb: string;
  code: number;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  apiGroup?: string;
  user?: string;
  groups?: string[];
  requestObject?: Record<string, unknown>;
  uri?: string;
}

/** An audit record as the API server writes it; only the fields filters select on differ between samples. */
function sample(shape: SampleShape): Record<string, unknown> {
  const objectRef: Record<string, unknown> = {};
  if (shape.resource) objectRef['resource'] = shape.resource;
  if (shape.namespace) objectRef['namespace'] = shape.namespace;
  if (shape.name) objectRef['name'] = shape.name;
  if (shape.subresource) objectRef['subresource'] = shape.subresource;
  if (shape.resource) {
    objectRef['apiGroup'] = shape.apiGroup ?? '';
    objectRef['apiVersion'] = 'v1';
  }
  const user = shape.user ?? 'arn:aws:sts::111122223333:assumed-role/ops/alice';
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: shape.requestObject ? 'RequestResponse' : 'Metadata',
    auditID: '5c8f6f5e-2b1a-4c3e-9d1f-0a1b2c3d4e5f',
    stage: 'ResponseComplete',
    requestURI: shape.uri ?? `/api/v1/${shape.namespace ? `namespaces/${shape.namespace}/` : ''}${shape.resource ?? ''}${shape.name ? `/${shape.name}` : ''}${shape.subresource ? `/${shape.subresource}` : ''}`,
    verb: shape.verb,
    user: { username: user, uid: shape.user ? '' : 'aws-iam-authenticator:111122223333:AROAEXAMPLE', groups: shape.groups ?? ['system:authenticated'] },
    sourceIPs: ['203.0.113.10'],
    userAgent: 'kubectl/v1.33.1 (linux/amd64) kubernetes/8adc0f0',
    ...(Object.keys(objectRef).length ? { objectRef } : {}),
    responseStatus: { metadata: {}, code: shape.code },
    ...(shape.requestObject ? { requestObject: shape.requestObject } : {}),
    requestReceivedTimestamp: '2026-01-05T10:00:00.000000Z',
    stageTimestamp: '2026-01-05T10:00:00.010000Z',
    annotations: { 'authorization.k8s.io/decision': shape.code === 403 ? 'forbid' : 'allow', 'authorization.k8s.io/reason': '' },
  };
}

const binding = (kind: 'ClusterRoleBinding' | 'RoleBinding') => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: { name: 'backdoor' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
  subjects: [{ kind: 'User', name: 'mallory', apiGroup: 'rbac.authorization.k8s.io' }],
});

const RBAC = 'rbac.authorization.k8s.io';
const ANONYMOUS = { user: 'system:anonymous', groups: ['system:unauthenticated'] };

export const AUDIT_EVENTS: readonly AuditEventDefinition[] = [
  {
    name: 'unauthorized',
    label: '401 Unauthorized and 403 Forbidden responses',
    samples: [
      sample({ verb: 'list', code: 403, resource: 'secrets', namespace: 'kube-system' }),
      sample({ verb: 'get', code: 403, resource: 'pods', namespace: 'shop', name: 'web', user: 'system:serviceaccount:shop:web', groups: ['system:serviceaccounts', 'system:serviceaccounts:shop', 'system:authenticated'] }),
      sample({ verb: 'get', code: 401, uri: '/api', user: 'system:anonymous', groups: ['system:unauthenticated'] }),
      sample({ verb: 'list', code: 401, resource: 'nodes', user: 'system:anonymous', groups: ['system:unauthenticated'] }),
    ],
  },
  {
    name: 'anonymousAllowed',
    label: 'requests allowed for system:anonymous (system:unauthenticated)',
    samples: [
      sample({ verb: 'list', code: 200, resource: 'pods', namespace: 'shop', ...ANONYMOUS }),
      sample({ verb: 'get', code: 200, resource: 'secrets', namespace: 'kube-system', name: 'admin-token', ...ANONYMOUS }),
      sample({ verb: 'create', code: 201, resource: 'clusterrolebindings', apiGroup: RBAC, ...ANONYMOUS }),
    ],
  },
  {
    name: 'clusterAdminBinding',
    label: 'ClusterRoleBindings and RoleBindings created or changed (a new cluster-admin binding)',
    samples: [
      sample({ verb: 'create', code: 201, resource: 'clusterrolebindings', apiGroup: RBAC, name: 'backdoor', requestObject: binding('ClusterRoleBinding') }),
      sample({ verb: 'create', code: 201, resource: 'rolebindings', apiGroup: RBAC, namespace: 'shop', name: 'backdoor', requestObject: binding('RoleBinding') }),
      // roleRef cannot change: adding a subject to the existing cluster-admin binding is a patch without it
      sample({ verb: 'patch', code: 200, resource: 'clusterrolebindings', apiGroup: RBAC, name: 'cluster-admin', requestObject: { subjects: [{ kind: 'User', name: 'mallory' }] } }),
      sample({ verb: 'update', code: 200, resource: 'rolebindings', apiGroup: RBAC, namespace: 'kube-system', name: 'ops', requestObject: binding('RoleBinding') }),
    ],
  },
  {
    name: 'execAttach',
    label: 'exec into and attach to pods (pods/exec, pods/attach)',
    samples: [
      sample({ verb: 'create', code: 101, resource: 'pods', subresource: 'exec', namespace: 'shop', name: 'web' }),
      // kubectl's WebSocket transport (KEP-4006, the default in current kubectl) opens exec and attach with a GET: verb get
      sample({ verb: 'get', code: 101, resource: 'pods', subresource: 'exec', namespace: 'kube-system', name: 'aws-node-abcde' }),
      sample({ verb: 'create', code: 101, resource: 'pods', subresource: 'attach', namespace: 'shop', name: 'web' }),
      sample({ verb: 'get', code: 101, resource: 'pods', subresource: 'attach', namespace: 'payments', name: 'api' }),
    ],
  },
  {
    name: 'awsAuthChange',
    label: 'changes to the aws-auth ConfigMap',
    configMapAuthOnly: true,
    samples: [
      sample({ verb: 'patch', code: 200, resource: 'configmaps', namespace: 'kube-system', name: 'aws-auth' }),
      sample({ verb: 'update', code: 200, resource: 'configmaps', namespace: 'kube-system', name: 'aws-auth' }),
      sample({ verb: 'delete', code: 200, resource: 'configmaps', namespace: 'kube-system', name: 'aws-auth' }),
      sample({ verb: 'create', code: 201, resource: 'configmaps', namespace: 'kube-system', name: 'aws-auth' }),
    ],
  },
];

/**
 * Everyday traffic: a filter that matches it alarms on everything (an empty or catch-all
 * pattern) and catches nothing in particular.
 */
export const ROUTINE_RECORDS: readonly Record<string, unknown>[] = [
  sample({ verb: 'get', code: 200, resource: 'pods', namespace: 'shop', name: 'web' }),
  sample({ verb: 'watch', code: 200, resource: 'endpoints', namespace: 'default', user: 'system:kube-proxy', groups: ['system:authenticated'] }),
  sample({ verb: 'update', code: 200, resource: 'leases', apiGroup: 'coordination.k8s.io', namespace: 'kube-node-lease', name: 'ip-10-0-1-5', user: 'system:node:ip-10-0-1-5', groups: ['system:nodes', 'system:authenticated'] }),
];
