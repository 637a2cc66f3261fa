import { defineCheck, fail, pass, type CheckContext } from '../../../core/check.js';
import { fieldPath, ROOT } from '../../../core/field-path.js';
import type { KubeObject } from '../../../core/inventory.js';
import { bool, str } from '../../../k8s/fields.js';
import { displayNamespace, objectsByNamespace } from '../../../k8s/namespaces.js';
import { workloads } from '../../../k8s/targets.js';
import { fixServiceAccountToken } from '../../../k8s/fixes/pod-fixes.js';
import type { Workload } from '../../../k8s/workload.js';
import { BPG, CIS_EKS } from './offences.js';

function serviceAccount(namespace: string, name: string, ctx: CheckContext): KubeObject | undefined {
  const index = ctx.memo('wl007:serviceAccounts', () => {
    const out = new Map<string, KubeObject>();
    for (const [ns, objects] of objectsByNamespace('ServiceAccount', ctx)) {
      for (const object of objects) if (!out.has(`${ns}/${object.name}`)) out.set(`${ns}/${object.name}`, object);
    }
    return out;
  });
  return index.get(`${namespace}/${name}`);
}

/**
 * K8S-WL-007: the service-account token is not mounted automatically. The
 * pod's `automountServiceAccountToken` wins when set; otherwise the
 * ServiceAccount's (`serviceAccountName`, the deprecated `serviceAccount`, or
 * `default`) decides. A token is mounted *automatically* when neither says
 * anything: Kubernetes' default. An explicit `true` on the pod, or on a
 * ServiceAccount the pod names, is the opt-in the remediation asks of pods
 * that need the API (controllers, operators), so it passes. A ServiceAccount
 * that is not in the input cannot say anything.
 */
export const serviceAccountToken = defineCheck<Workload>({
  id: 'K8S-WL-007',
  title: 'Service-account tokens should not be mounted automatically',
  area: 'containers',
  severity: 'low',
  target: workloads,
  needs: ['kube:workloads', 'kube:ServiceAccount'],
  scope: 'namespace',
  admission: { scanOnly: 'needs the Pod\'s ServiceAccount (`automountServiceAccountToken` may be set there)' },
  rationale:
    'Every pod that does not talk to the Kubernetes API still gets a token for its ServiceAccount by default. An attacker who gets code execution in the pod inherits whatever RBAC that account has, and the default account is often bound more widely than anyone remembers.',
  remediation:
    'Set `automountServiceAccountToken: false` on the ServiceAccount (for every namespace\'s `default` account) or on the pod spec, and opt in explicitly (`automountServiceAccountToken: true` on the pod or on its own ServiceAccount) only for pods that need the API, or mount a projected token volume.',
  messages: {
    accountNotInInput: 'neither the pod nor ServiceAccount {{account}} (not in the input for namespace {{namespace}}) sets automountServiceAccountToken: false, so Kubernetes mounts the token',
    mountedByDefault: 'neither ServiceAccount {{account}} nor the pod sets automountServiceAccountToken, so Kubernetes mounts the token by default',
  },
  references: [BPG.iam, 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting', CIS_EKS],
  standards: [],
  examples: {
    pass: [
      `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  automountServiceAccountToken: false
  containers: [{ name: web, image: nginx:1.27 }]
`,
      `apiVersion: v1
kind: ServiceAccount
metadata: { name: default, namespace: shop }
automountServiceAccountToken: false
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: nginx:1.27 }]
`,
      `apiVersion: v1
kind: ServiceAccount
metadata: { name: operator, namespace: shop }
automountServiceAccountToken: false
---
apiVersion: v1
kind: Pod
metadata: { name: operator, namespace: shop }
spec:
  serviceAccountName: operator
  automountServiceAccountToken: true
  containers: [{ name: operator, image: example/operator:1.0 }]
`,
    ],
    fail: [
      `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers: [{ name: web, image: nginx:1.27 }]
`,
      `apiVersion: v1
kind: ServiceAccount
metadata: { name: default, namespace: shop }
---
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers: [{ name: web, image: nginx:1.27 }]
`,
    ],
  },
  evaluate(workload, ctx) {
    const podSetting = bool(workload.spec['automountServiceAccountToken']);
    const accountName = str(workload.spec['serviceAccountName']) || str(workload.spec['serviceAccount']) || 'default';
    if (podSetting === false) return pass('the pod spec sets automountServiceAccountToken: false');
    if (podSetting === true) return pass(`the pod opts in explicitly (automountServiceAccountToken: true) to ServiceAccount ${JSON.stringify(accountName)}'s token`);
    const namespace = workload.namespaceKey;
    const account = serviceAccount(namespace, accountName, ctx);
    // Point at the account the pod names, or at the pod spec when it relies on `default`.
    const path = str(workload.spec['serviceAccountName']) ? fieldPath('serviceAccountName') : str(workload.spec['serviceAccount']) ? fieldPath('serviceAccount') : ROOT;
    if (!account) {
      return fail({ messageId: 'accountNotInInput', data: { account: JSON.stringify(accountName), namespace: displayNamespace(namespace) }, path });
    }
    const accountSetting = bool(account.raw['automountServiceAccountToken']);
    if (accountSetting === false) return pass(`ServiceAccount ${JSON.stringify(accountName)} sets automountServiceAccountToken: false`);
    // `default` serves every pod of the namespace that names no account: opting it in is no decision about this pod
    if (accountSetting === true && accountName !== 'default') return pass(`ServiceAccount ${JSON.stringify(accountName)} opts its pods in explicitly (automountServiceAccountToken: true)`);
    return fail({ messageId: 'mountedByDefault', data: { account: JSON.stringify(accountName) }, path });
  },
  fix: (workload, ctx) => fixServiceAccountToken(workload, ctx),
});
