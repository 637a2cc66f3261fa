import { defineCheck, type CheckContext } from '../../../core/check.js';
import type { KubeObject } from '../../../core/inventory.js';
import { record, stringMap } from '../../../k8s/fields.js';
import { permission, rbacBindings, ruleAllowsResource, type BindingNode, type EffectiveRule, type RbacGraph, type ResourceRequest } from '../../../k8s/rbac/index.js';
import { objectsOf } from '../../../k8s/targets.js';
import { describeAbility, type Grant, judgeBinding, RBAC_GRANT_MESSAGES, RBAC_NEEDS, RBAC_REFERENCES } from './grants.js';

const CHANGE_WEBHOOKS = permission({
  id: 'admission:webhooks',
  verbs: ['create', 'update', 'patch', 'delete', 'deletecollection'],
  group: 'admissionregistration.k8s.io',
  resources: ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'],
  names: 'any',
  clusterScoped: true,
});

const KIND_OF_RESOURCE: Readonly<Record<string, string>> = {
  validatingwebhookconfigurations: 'ValidatingWebhookConfiguration',
  mutatingwebhookconfigurations: 'MutatingWebhookConfiguration',
};

/** What ties two objects to one installation: their source (chart, overlay, file), or Helm's release and the instance label. */
function sameInstallation(a: KubeObject, b: KubeObject): boolean {
  if (a.provenance.sourceId !== undefined && a.provenance.sourceId === b.provenance.sourceId) return true;
  const tag = (object: KubeObject): string[] => {
    const metadata = record(object.raw['metadata']);
    const annotations = stringMap(metadata['annotations']);
    const labels = stringMap(metadata['labels']);
    const release = annotations['meta.helm.sh/release-name'];
    const instance = labels['app.kubernetes.io/instance'];
    return [...(release ? [`release:${release}`] : []), ...(instance ? [`instance:${instance}`] : [])];
  };
  const tags = new Set(tag(a));
  return tag(b).some((item) => tags.has(item));
}

/**
 * The names of a name-limited rule that are not webhook configurations of the role's own
 * installation in the input. A controller that keeps its own CA bundle current needs exactly
 * update on its own configurations, limited by `resourceNames`: the check's remediation.
 */
function foreignNames(effective: EffectiveRule, owner: KubeObject | undefined, ctx: CheckContext): string[] {
  const kinds = effective.rule.resources.includes('*') ? Object.values(KIND_OF_RESOURCE) : effective.rule.resources.map((resource) => KIND_OF_RESOURCE[resource]).filter((kind) => kind !== undefined);
  const configurations = kinds.flatMap((kind) => objectsOf(kind, ctx));
  return effective.rule.resourceNames.filter((name) => !owner || !configurations.some((config) => config.name === name && sameInstallation(owner, config)));
}

/**
 * Write access to webhook configurations, unless every rule that grants it is limited by name to
 * the configurations its own installation ships. `create` and `deletecollection` cannot be
 * limited by name: a rule that grants them always counts.
 */
function webhookGrant(binding: BindingNode, graph: RbacGraph, ctx: CheckContext): Grant | undefined {
  const role = binding.role;
  if (!role || !binding.clusterWide) return undefined;
  let foreign: { effective: EffectiveRule; request: ResourceRequest; names: string[] } | undefined;
  for (const effective of graph.effectiveRules(role)) {
    const request = CHANGE_WEBHOOKS.requests.find((candidate) => ruleAllowsResource(effective.rule, candidate));
    if (!request) continue;
    if (effective.rule.resourceNames.length === 0) return { effective, what: describeAbility(request, effective) };
    const names = foreignNames(effective, role.object, ctx);
    if (names.length > 0) foreign ??= { effective, request, names };
  }
  if (!foreign) return undefined;
  return {
    effective: foreign.effective,
    what: describeAbility(foreign.request, foreign.effective),
    note: `${foreign.names.join(', ')} ${foreign.names.length === 1 ? 'is' : 'are'} not a webhook configuration that ${describeOwner(role.object)} ships.`,
  };
}

function describeOwner(object: KubeObject | undefined): string {
  return object?.provenance.sourceId ? `its own source (${object.provenance.sourceId})` : 'its own installation';
}

/**
 * K8S-RBAC-012: fails for a binding that lets its subjects change validating or mutating admission
 * webhook configurations.
 */
export const admissionWebhooks = defineCheck<BindingNode>({
  id: 'K8S-RBAC-012',
  title: 'Subjects should not be able to change admission webhook configurations',
  area: 'iam',
  severity: 'high',
  target: rbacBindings,
  needs: RBAC_NEEDS,
  admission: { judges: 'the RoleBinding or ClusterRoleBinding and the built-in role it names (cluster-admin, admin, edit…); a binding to a custom role the request does not carry passes here, and `scan` judges it with the role' },
  rationale:
    'Admission webhooks enforce policy (Pod Security beyond PSA, image signing, eksguard itself) and mutating webhooks rewrite every object they match: whoever can change their configuration can switch the policy off, or point a mutating webhook at their own server and inject containers and credentials into every new pod.',
  remediation:
    'Let only the installer of each admission controller (its Helm release or GitOps controller) write webhook configurations; a controller that patches its own CA bundle needs update limited with `resourceNames` to its own configuration.',
  messages: RBAC_GRANT_MESSAGES,
  references: [...RBAC_REFERENCES, 'https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/'],
  standards: [],
  examples: {
    pass: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: webhook-viewer
rules:
  - apiGroups: ["admissionregistration.k8s.io"]
    resources: ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: webhook-viewer
subjects:
  - kind: Group
    name: auditors
    apiGroup: rbac.authorization.k8s.io
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: webhook-viewer
`,
    ],
    fail: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: webhook-admin
rules:
  - apiGroups: ["admissionregistration.k8s.io"]
    resources: ["mutatingwebhookconfigurations"]
    verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: webhook-admin
subjects:
  - kind: User
    name: bob
    apiGroup: rbac.authorization.k8s.io
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: webhook-admin
`,
    ],
  },
  evaluate: (binding, ctx) =>
    judgeBinding(binding, ctx, {
      id: 'K8S-RBAC-012',
      find: (node, graph) => webhookGrant(node, graph, ctx),
      none: 'grants no write access to admission webhook configurations, except to the ones its own installation ships',
    }),
});
