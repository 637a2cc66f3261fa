import { defineCheck, fail, notApplicable, pass } from '../../../core/check.js';
import { fieldPath } from '../../../core/field-path.js';
import { displayNamespace, isUnsetNamespace, namespaceNameOfKey, namespaces, SYSTEM_NAMESPACES, type NamespaceInfo } from '../../../k8s/namespaces.js';
import { BPG, CIS_EKS } from './offences.js';

export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
const LEVELS: readonly string[] = ['privileged', 'baseline', 'restricted'];

/**
 * K8S-WL-010: every namespace carries a Pod Security Admission enforce label
 * at `baseline` or `restricted`. EKS configures no cluster-wide PSA default,
 * so a namespace without the label admits privileged pods. A value PSA cannot
 * parse makes it enforce `restricted` (and log an error), so it passes with
 * a note. System namespaces (kube-system, kube-public, kube-node-lease) are
 * excepted. A namespace implied only by objects in it is skipped: its
 * Namespace object, and so its labels, were not in the input (charts and
 * application repositories seldom ship the Namespace they are installed into;
 * scan it where it is defined, or the live cluster with --kube).
 */
export const namespacePodSecurity = defineCheck<NamespaceInfo>({
  id: 'K8S-WL-010',
  title: 'Namespaces must enforce a Pod Security Standard',
  area: 'containers',
  severity: 'medium',
  target: namespaces,
  needs: ['kube:Namespace'],
  scope: 'namespace',
  admission: { judges: 'a Namespace object\'s own labels; for other objects `skipped`' },
  rationale:
    'Pod Security Admission is the built-in guard against privileged, host-namespace and hostPath pods, but it only acts on namespaces labelled for it. EKS sets no cluster-wide default, so an unlabelled namespace accepts any pod anyone with create rights submits.',
  remediation:
    'Label each namespace: `kubectl label namespace <ns> pod-security.kubernetes.io/enforce=restricted` (or `baseline` where restricted is not yet possible), and add `warn` and `audit` labels at `restricted` to see what would break.',
  messages: {
    noLabel: 'namespace {{namespace}} has no {{label}} label, so Pod Security Admission admits privileged pods',
    privileged: 'namespace {{namespace}} enforces the privileged level, which allows every pod',
  },
  references: [BPG.podSecurity, 'https://kubernetes.io/docs/concepts/security/pod-security-admission/', CIS_EKS],
  standards: [],
  examples: {
    pass: [
      `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: restricted
`,
    ],
    fail: [
      `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    team: storefront
`,
      `apiVersion: v1
kind: Namespace
metadata:
  name: legacy
  labels:
    pod-security.kubernetes.io/enforce: privileged
`,
    ],
  },
  evaluate(namespace) {
    if (isUnsetNamespace(namespace.name)) {
      return notApplicable('objects without metadata.namespace land in the namespace they are applied to, whose labels are unknown');
    }
    const name = namespaceNameOfKey(namespace.name) ?? namespace.name;
    if (SYSTEM_NAMESPACES.includes(name)) return notApplicable(`${name} is a system namespace`);
    if (namespace.implied) {
      return {
        status: 'skipped',
        message: `namespace ${displayNamespace(namespace.name)} holds objects in the input but its Namespace object is not in the input, so its ${ENFORCE_LABEL} label cannot be seen; scan the manifest that defines the namespace, or the cluster (--kube)`,
      };
    }
    const level = namespace.labels[ENFORCE_LABEL];
    if (level === undefined) return fail({ messageId: 'noLabel', data: { namespace: name, label: ENFORCE_LABEL }, path: fieldPath('metadata', 'labels') });
    if (level === 'privileged') return fail({ messageId: 'privileged', data: { namespace: name }, path: fieldPath('metadata', 'labels') });
    if (!LEVELS.includes(level)) {
      return pass(`namespace ${name} has an unreadable level ${JSON.stringify(level)}; Pod Security Admission then enforces restricted`);
    }
    return pass(`namespace ${name} enforces ${level}`);
  },
});
