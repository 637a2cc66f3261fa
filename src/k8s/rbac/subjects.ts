import { asRecord, str } from '../fields.js';

export type SubjectKind = 'User' | 'Group' | 'ServiceAccount';

/** A binding subject as the authorizer resolves it. */
export interface RbacSubject {
  readonly kind: SubjectKind;
  readonly name: string;
  /** ServiceAccounts only: the subject's namespace, defaulted as the authorizer defaults it; unset when neither it nor its RoleBinding names one */
  readonly namespace?: string;
  /** ServiceAccounts only: the key of that namespace (see namespace-scope.ts), when the binding's source is known */
  readonly scope?: string;
}

export interface BindingSubject extends RbacSubject {
  /** index in the binding's `subjects[]`, for paths */
  readonly index: number;
  /** true when written as `User system:serviceaccount:<ns>:<name>`: the authorizer treats it as that ServiceAccount */
  readonly fromUserName?: boolean;
}

/** What a subject inherits from the binding that names it. */
export interface BindingContext {
  readonly namespace?: string | undefined;
  /** the namespace key of a namespace written in the binding (see namespace-scope.ts) */
  readonly scope?: (name: string | undefined) => string;
  readonly clusterWide?: boolean;
}

const SERVICE_ACCOUNT_USER = /^system:serviceaccount:([^:]+):([^:]+)$/;

/**
 * Reads `subjects[]` of a binding. Subjects the authorizer can never match are
 * dropped: unknown kinds, a ServiceAccount without a namespace in a
 * ClusterRoleBinding. A RoleBinding lends its own namespace, as the authorizer
 * does, even when neither sets one: the subject is then in the namespace the
 * binding is applied to.
 */
export function readSubjects(value: unknown, binding: BindingContext | string | undefined): BindingSubject[] {
  const context: BindingContext = typeof binding === 'object' ? binding : { namespace: binding, clusterWide: binding === undefined };
  if (!Array.isArray(value)) return [];
  const out: BindingSubject[] = [];
  const scopeOf = (namespace: string | undefined): { scope?: string } => (context.scope ? { scope: context.scope(namespace) } : {});
  value.forEach((item, index) => {
    const subject = asRecord(item);
    if (!subject) return;
    const kind = str(subject['kind']);
    const name = str(subject['name']);
    if (!name) return;
    if (kind === 'ServiceAccount') {
      const namespace = str(subject['namespace']) || context.namespace;
      if (!namespace && (context.clusterWide || !context.scope)) return;
      out.push({ kind, name, ...(namespace ? { namespace } : {}), ...scopeOf(namespace), index });
      return;
    }
    if (kind === 'User') {
      const serviceAccount = SERVICE_ACCOUNT_USER.exec(name);
      if (serviceAccount) {
        out.push({ kind: 'ServiceAccount', name: serviceAccount[2]!, namespace: serviceAccount[1]!, ...scopeOf(serviceAccount[1]!), index, fromUserName: true });
        return;
      }
      out.push({ kind, name, index });
      return;
    }
    if (kind === 'Group') out.push({ kind, name, index });
  });
  return out;
}

/** `User alice`, `Group system:masters`, `ServiceAccount shop/deployer`. */
export function describeSubject(subject: RbacSubject): string {
  if (subject.kind === 'ServiceAccount') return `ServiceAccount ${subject.namespace ?? '(namespace not set)'}/${subject.name}`;
  return `${subject.kind} ${subject.name}`;
}

/** Keys already written, by subject: every RBAC check looks each subject up, twice. */
const SUBJECT_KEYS = new WeakMap<RbacSubject, string>();

/** A key for sets and comparisons: `ServiceAccount:kube-system:aws-node`, `Group:system:masters`. */
export function subjectKey(subject: RbacSubject): string {
  let key = SUBJECT_KEYS.get(subject);
  if (key === undefined) {
    key = subject.kind === 'ServiceAccount' ? `ServiceAccount:${subject.scope ?? subject.namespace ?? ''}:${subject.name}` : `${subject.kind}:${subject.name}`;
    SUBJECT_KEYS.set(subject, key);
  }
  return key;
}
