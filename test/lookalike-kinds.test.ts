import { describe, expect, it } from 'vitest';
import { allChecks } from '../src/checks/index.js';
import { runChecks } from '../src/core/engine.js';
import type { Finding, KubeResourceRef } from '../src/core/types.js';
import { isBuiltinKindLookalike, isCustomApiVersion } from '../src/k8s/api-groups.js';
import { isAwsAuthConfigMap } from '../src/k8s/aws-auth/index.js';
import { buildRbacGraph } from '../src/k8s/rbac/graph.js';
import { DEFAULT_SETTINGS, FIXED_NOW, inventoryFromYaml } from './helpers/run-check.js';

/**
 * A custom resource may share the name of a kind Kubernetes serves: ACK's IAM `Role`, Knative's
 * `Service`, anything an attacker applies with a group of their own. Kubernetes never reads it as
 * the built-in kind; a check that did would let it stand in for the real object (a binding's Role,
 * the aws-auth ConfigMap, a namespace's LimitRange or ServiceAccount) and pass what is open.
 */
const LOOKALIKE_GROUP = 'iam.services.k8s.aws/v1alpha1';

function judge(yaml: string, checkId: string): Finding[] {
  const checks = allChecks.filter((check) => check.id === checkId);
  return runChecks({ checks, inventory: inventoryFromYaml(yaml), settings: DEFAULT_SETTINGS, now: FIXED_NOW });
}

const statuses = (findings: readonly Finding[]) =>
  findings.map((finding) => {
    const ref = finding.resource as KubeResourceRef;
    return `${finding.status} ${ref.apiVersion} ${ref.kind}/${ref.name}`;
  });

/** The same kind's name in a group of its own, written before the genuine objects so that a lookup by name would meet it first. */
function lookalike(kind: string, name: string, namespace: string, body: string): string {
  return `apiVersion: ${LOOKALIKE_GROUP}\nkind: ${kind}\nmetadata: { name: ${name}, namespace: ${namespace} }\n${body}---\n`;
}

const execRole = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: reader, namespace: shop }
rules:
  - apiGroups: [""]
    resources: ["pods/exec"]
    verbs: ["create"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: reader, namespace: shop }
subjects:
  - { kind: ServiceAccount, name: web, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader }
`;

const awsAuth = `apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/developers
      username: developer
      groups: [system:masters]
`;

const podWithoutLimits = `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers:
    - name: web
      image: nginx:1.27
      resources:
        requests: { cpu: 100m }
`;

const podWithToken = `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers: [{ name: web, image: nginx:1.27 }]
`;

describe('custom resources that share a built-in kind\'s name', () => {
  it('are told by their group: no dot or a k8s.io group is Kubernetes\'s own', () => {
    expect(['v1', 'apps/v1', 'rbac.authorization.k8s.io/v1', 'kubelet.config.k8s.io/v1beta1'].map(isCustomApiVersion)).toEqual([false, false, false, false]);
    expect(['iam.services.k8s.aws/v1alpha1', 'serving.knative.dev/v1', 'crd.projectcalico.org/v1', 'k8s.io.evil.example/v1'].map(isCustomApiVersion)).toEqual([true, true, true, true]);
    expect(isBuiltinKindLookalike({ apiVersion: LOOKALIKE_GROUP, kind: 'Role' })).toBe(true);
    expect(isBuiltinKindLookalike({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' })).toBe(false);
    // a kind Kubernetes does not serve is no lookalike in any group
    expect(isBuiltinKindLookalike({ apiVersion: 'eks.amazonaws.com/v1', kind: 'NodeClass' })).toBe(false);
  });

  it('never stand in for the Role a binding names (an ACK IAM Role of the same name hid pods/exec)', () => {
    const alone = judge(execRole, 'K8S-RBAC-005');
    const shadowed = judge(lookalike('Role', 'reader', 'shop', 'spec: { name: reader, assumeRolePolicyDocument: "{}" }\n') + execRole, 'K8S-RBAC-005');
    expect(statuses(alone)).toEqual(['fail rbac.authorization.k8s.io/v1 RoleBinding/reader']);
    expect(shadowed.map((finding) => [finding.status, finding.messageId, finding.path])).toEqual(alone.map((finding) => [finding.status, finding.messageId, finding.path]));
    expect(statuses(judge(lookalike('Role', 'reader', 'shop', 'rules: []\n') + execRole, 'K8S-RBAC-002'))).toEqual(['pass rbac.authorization.k8s.io/v1 Role/reader']);
  });

  it('are left out of the RBAC graph and aws-auth wherever those are built from all objects (eksguard who-can)', () => {
    const objects = inventoryFromYaml(lookalike('Role', 'reader', 'shop', 'rules: []\n') + lookalike('ConfigMap', 'aws-auth', 'kube-system', 'data: {}\n') + execRole + '---\n' + awsAuth).kube;
    const graph = buildRbacGraph(objects);
    expect(graph.roles.filter((role) => role.object).map((role) => role.object!.apiVersion)).toEqual(['rbac.authorization.k8s.io/v1']);
    expect(graph.bindings.map((binding) => binding.role?.object?.apiVersion)).toEqual(['rbac.authorization.k8s.io/v1']);
    expect(objects.filter(isAwsAuthConfigMap).map((object) => object.apiVersion)).toEqual(['v1']);
  });

  it('never stand in for aws-auth', () => {
    const fake = lookalike('ConfigMap', 'aws-auth', 'kube-system', 'data:\n  mapRoles: ""\n');
    expect(statuses(judge(fake + awsAuth, 'K8S-IAM-001'))).toEqual(['fail v1 ConfigMap/aws-auth']);
    // a lookalike alone is no aws-auth to judge
    expect(judge(fake, 'K8S-IAM-001').filter((finding) => finding.status === 'fail')).toEqual([]);
  });

  it('never give a namespace default limits or a ServiceAccount that mounts no token', () => {
    const limits = lookalike('LimitRange', 'defaults', 'shop', 'spec:\n  limits:\n    - type: Container\n      default: { memory: 256Mi, cpu: 500m }\n');
    expect(statuses(judge(limits + podWithoutLimits, 'K8S-WL-003'))).toEqual(['fail v1 Pod/web']);
    const account = lookalike('ServiceAccount', 'default', 'shop', 'automountServiceAccountToken: false\n');
    expect(statuses(judge(account + podWithToken, 'K8S-WL-007'))).toEqual(['fail v1 Pod/web']);
  });

  it('are not judged as the built-in kind (a Knative Service is no core Service), while checks that read engine policies still see Calico\'s', () => {
    const knative = 'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: { name: hello, namespace: shop }\nspec:\n  type: LoadBalancer\n';
    expect(judge(knative, 'K8S-NET-005')).toEqual([]);
    const calico = 'apiVersion: crd.projectcalico.org/v1\nkind: NetworkPolicy\nmetadata: { name: open, namespace: shop }\nspec:\n  selector: all()\n  types: [Ingress]\n  ingress:\n    - action: Allow\n';
    expect(statuses(judge(calico, 'K8S-NET-008'))).toEqual(['fail crd.projectcalico.org/v1 NetworkPolicy/open']);
  });
});
