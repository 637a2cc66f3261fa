import { defineCheck } from '../../../core/check.js';
import { permission, rbacBindings, type BindingNode } from '../../../k8s/rbac/index.js';
import { firstGrant, judgeBinding, RBAC_GRANT_MESSAGES, RBAC_NEEDS, RBAC_REFERENCES } from './grants.js';

/** Only `create` matters: a PersistentVolume's source (hostPath, NFS server, …) cannot change once created. */
const PV_CREATE = [
  permission({
    id: 'persistentvolumes:create',
    verbs: ['create'],
    group: '',
    resources: ['persistentvolumes'],
    names: 'any',
    clusterScoped: true,
  }),
];

/** K8S-RBAC-013: fails for a binding that lets its subjects create PersistentVolumes (a hostPath volume on any node path). */
export const persistentVolumeCreate = defineCheck<BindingNode>({
  id: 'K8S-RBAC-013',
  title: 'Subjects should not be able to create PersistentVolumes',
  area: 'iam',
  severity: 'high',
  target: rbacBindings,
  needs: RBAC_NEEDS,
  admission: { judges: 'the RoleBinding or ClusterRoleBinding and the built-in role it names (cluster-admin, admin, edit…); a binding to a custom role the request does not carry passes here, and `scan` judges it with the role' },
  rationale:
    'A PersistentVolume is cluster-scoped and Pod Security admission never sees it: whoever may create one can declare a `hostPath` volume on `/`, bind it with a claim in their own namespace and mount the node\'s filesystem (kubelet credentials, other pods\' secrets) from a pod that passes the restricted level. Volumes should come from StorageClasses (dynamic provisioning) instead.',
  remediation:
    'Remove create on persistentvolumes from every role except the storage provisioners and cluster administrators; let applications ask for storage with PersistentVolumeClaims of an approved StorageClass.',
  messages: RBAC_GRANT_MESSAGES,
  references: [...RBAC_REFERENCES, 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#persistent-volume-creation'],
  standards: [],
  examples: {
    pass: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: storage-viewer
rules:
  - apiGroups: [""]
    resources: ["persistentvolumes", "persistentvolumeclaims"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: storage-viewer
subjects:
  - kind: Group
    name: developers
    apiGroup: rbac.authorization.k8s.io
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: storage-viewer
`,
    ],
    fail: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: volume-maker
rules:
  - apiGroups: [""]
    resources: ["persistentvolumes"]
    verbs: ["create"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: volume-maker
subjects:
  - kind: Group
    name: developers
    apiGroup: rbac.authorization.k8s.io
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: volume-maker
`,
    ],
  },
  evaluate: (binding, ctx) =>
    judgeBinding(binding, ctx, {
      id: 'K8S-RBAC-013',
      find: (node, graph) => firstGrant(node, graph, PV_CREATE),
      none: 'grants no create on persistentvolumes',
    }),
});
