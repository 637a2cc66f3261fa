/**
 * What EKS access entries let IAM principals do, for `who-can`: an access policy associated with
 * an entry grants its permissions (cluster-wide, or in the namespaces of its scope) without any
 * RBAC object; an entry's `kubernetesGroups` make the principal a member of RBAC Groups, which
 * RBAC bindings then grant to. Pure: the caller collects the entries and the RBAC answer.
 *
 * The policies are modelled on the Kubernetes roles they match (docs.aws.amazon.com/eks/latest/
 * userguide/access-policy-permissions.html): AmazonEKSClusterAdminPolicy is cluster-admin,
 * AmazonEKSAdminPolicy `admin`, AmazonEKSEditPolicy `edit`, AmazonEKSViewPolicy `view`, and
 * AmazonEKSAdminViewPolicy get, list and watch on every resource. Other policies (the ones EKS
 * itself uses for Auto Mode, storage, networking and insights) are listed as not modelled.
 */
import { toKubeObject, type KubeObject } from '../core/inventory.js';
import { buildRbacGraph, whoCan, type WhoCanQuery, type WhoCanRow } from '../k8s/rbac/index.js';
import type { AccessEntryModel, AccessPolicyAssociation } from './models.js';

/** The Kubernetes ClusterRole each modelled access policy grants as. */
const POLICY_ROLES: Readonly<Record<string, string>> = {
  AmazonEKSClusterAdminPolicy: 'cluster-admin',
  AmazonEKSAdminPolicy: 'admin',
  AmazonEKSEditPolicy: 'edit',
  AmazonEKSViewPolicy: 'view',
  AmazonEKSAdminViewPolicy: 'eksguard:access-policy:AmazonEKSAdminViewPolicy',
};

const ADMIN_VIEW_ROLE = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: POLICY_ROLES['AmazonEKSAdminViewPolicy'] },
  rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }],
};

export interface AccessEntryGrant {
  readonly principalArn: string;
  readonly cluster: string;
  /** the access policy's name, for a policy grant */
  readonly policy?: string;
  /** `cluster`, or the namespaces of a namespace-scoped association */
  readonly scope?: 'cluster' | readonly string[];
  /** the RBAC Group of the entry's kubernetesGroups, for a group grant */
  readonly group?: string;
  /** the RBAC answer row behind a group grant, or the modelled role's rule behind a policy grant */
  readonly row: WhoCanRow;
}

export interface AccessEntryAnswer {
  readonly grants: AccessEntryGrant[];
  /** associations of policies eksguard does not model: `principalArn (policy)` */
  readonly unmodelled: string[];
  /** entries whose associated policies were not collected */
  readonly policiesUnknown: string[];
}

export function policyName(association: AccessPolicyAssociation): string {
  return association.policyArn.slice(association.policyArn.lastIndexOf('/') + 1);
}

function scopeOf(association: AccessPolicyAssociation): 'cluster' | readonly string[] {
  return association.scopeType === 'namespace' ? association.namespaces : 'cluster';
}

/** Only standard entries are people's and workloads' (EC2, Fargate and Windows entries are nodes'). */
function isStandard(entry: AccessEntryModel): boolean {
  return entry.type === undefined || entry.type === 'STANDARD';
}

interface Synthetic {
  readonly object: KubeObject;
  readonly entry: AccessEntryModel;
  readonly association: AccessPolicyAssociation;
}

/** One binding per association (RoleBindings per namespace of a namespace scope) of the principal as a User to the policy's role. */
function syntheticBindings(entries: readonly AccessEntryModel[], unmodelled: string[]): Synthetic[] {
  const out: Synthetic[] = [];
  entries.forEach((entry, entryIndex) => {
    (entry.policies ?? []).forEach((association, index) => {
      const role = POLICY_ROLES[policyName(association)];
      if (!role) {
        unmodelled.push(`${entry.principalArn} (${policyName(association)})`);
        return;
      }
      const subjects = [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: entry.principalArn }];
      const roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role };
      const name = `eksguard:access-entry:${entryIndex}:${index}`;
      const raws = association.scopeType === 'namespace'
        ? association.namespaces.map((namespace) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name, namespace }, subjects, roleRef }))
        : [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name }, subjects, roleRef }];
      for (const raw of raws) {
        const object = toKubeObject(raw, { source: 'manifest' });
        if (object) out.push({ object, entry, association });
      }
    });
  });
  return out;
}

/**
 * The grants of the access entries of one cluster for a query: each policy association that
 * allows it, then each RBAC row of a Group that an entry's kubernetesGroups names.
 */
export function accessEntryGrants(entries: readonly AccessEntryModel[], query: WhoCanQuery, rbacRows: readonly WhoCanRow[]): AccessEntryAnswer {
  const standard = entries.filter(isStandard);
  const unmodelled: string[] = [];
  const synthetic = syntheticBindings(standard, unmodelled);
  const byObject = new Map(synthetic.map((item) => [item.object, item] as const));
  const adminView = toKubeObject(ADMIN_VIEW_ROLE, { source: 'manifest' })!;
  const graph = buildRbacGraph([adminView, ...synthetic.map((item) => item.object)], { builtInStandIns: true });
  const grants: AccessEntryGrant[] = [];
  for (const row of whoCan(graph, query)) {
    const item = byObject.get(row.binding.object);
    if (!item) continue;
    grants.push({ principalArn: item.entry.principalArn, cluster: item.entry.clusterName, policy: policyName(item.association), scope: scopeOf(item.association), row });
  }
  const groupRows = rbacRows.filter((row) => row.subject.kind === 'Group');
  for (const entry of standard) {
    for (const group of entry.kubernetesGroups) {
      for (const row of groupRows) if (row.subject.name === group) grants.push({ principalArn: entry.principalArn, cluster: entry.clusterName, group, row });
    }
  }
  const policiesUnknown = standard.filter((entry) => entry.policies === undefined).map((entry) => entry.principalArn);
  return { grants, unmodelled, policiesUnknown };
}
