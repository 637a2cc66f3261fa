import { asRecord, str } from '../fields.js';

export type SubjectKind = 'User' | 'Group' | 'ServiceAccount';

/** A binding subject as the authorizer resolves it. */
export interface RbacSubject {
  readonly kind: SubjectKind;
  readonly name: string;
  /** ServiceAccounts only: the subject's namespace, defaulted as the authorizer defaults it */
  readonly namespace?: string;
}

export interface BindingSubject extends RbacSubject {
  /** index in the binding's `subjects[]`, for paths */
  readonly index: number;
  /** true when written as `User system:serviceaccount:<ns>:<name>`: the authorizer treats it as that ServiceAccount */
  readonly fromUserName?: boolean;
}

const SERVICE_ACCOUNT_USER = /^system:serviceaccount:([^:]+):([^:]+)$/;

/**
 * Reads `subjects[]` of a binding. Subjects the authorizer can never match are
 * dropped: unknown kinds, a ServiceAccount without a namespace in a
 * ClusterRoleBinding (a RoleBinding lends its own namespace, as the authorizer does).
 */
export function readSubjects(value: unknown, bindingNamespace: string | undefined): BindingSubject[] {
  if (!Array.isArray(value)) return [];
  const out: BindingSubject[] = [];
  value.forEach((item, index) => {
    const subject = asRecord(item);
    if (!subject) return;
    const kind = str(subject['kind']);
    const name = str(subject['name']);
    if (!name) return;
    if (kind === 'ServiceAccount') {
      const namespace = str(subject['namespace']) || bindingNamespace;
      if (!namespace) return;
      out.push({ kind, name, namespace, index });
      return;
    }
    if (kind === 'User') {
      const serviceAccount = SERVICE_ACCOUNT_USER.exec(name);
      if (serviceAccount) {
        out.push({ kind: 'ServiceAccount', name: serviceAccount[2]!, namespace: serviceAccount[1]!, index, fromUserName: true });
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
  if (subject.kind === 'ServiceAccount') return `ServiceAccount ${subject.namespace ?? ''}/${subject.name}`;
  return `${subject.kind} ${subject.name}`;
}

/** A key for sets and comparisons: `ServiceAccount:kube-system:aws-node`, `Group:system:masters`. */
export function subjectKey(subject: RbacSubject): string {
  return subject.kind === 'ServiceAccount' ? `ServiceAccount:${subject.namespace ?? ''}:${subject.name}` : `${subject.kind}:${subject.name}`;
}
