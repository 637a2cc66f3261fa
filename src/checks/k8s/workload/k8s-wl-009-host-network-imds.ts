import { defineCheck, fail, pass } from '../../../core/check.js';
import { fieldPath } from '../../../core/field-path.js';
import { bool } from '../../../k8s/fields.js';
import { workloads } from '../../../k8s/targets.js';
import type { Workload } from '../../../k8s/workload.js';
import { BPG, CIS_EKS } from './offences.js';

/**
 * K8S-WL-009: a pod with `hostNetwork: true` shares the node's network
 * namespace, so nothing in Kubernetes stands between it and the instance
 * metadata service: the IMDSv2 hop limit of 1 only stops requests that cross
 * the extra hop out of a pod network namespace, and NetworkPolicies are not
 * enforced for host-network pods. Every such pod fails. The EKS add-ons that
 * need the host network by design (aws-node, kube-proxy, the CSI node plugins)
 * are reported `suppressed` ("managed by AWS") like every other finding on
 * them, by the shared list of k8s/aws-managed.ts; what protects the node role
 * from them is IMDS configuration and a least-privilege node role
 * (EKS-NODE-001, EKS-NODE-006).
 */
export const hostNetworkImds = defineCheck<Workload>({
  id: 'K8S-WL-009',
  title: 'Host-network pods must not reach the instance metadata service',
  area: 'containers',
  severity: 'high',
  target: workloads,
  needs: ['kube:workloads'],
  admission: { judges: 'hostNetwork of the pod spec' },
  scope: 'object',
  rationale:
    "A host-network pod reaches 169.254.169.254 as the node itself and can fetch the node IAM role's temporary credentials, which can pull every image, describe the account's EC2 estate and, on many clusters, more. On EKS the IMDSv2 hop limit of 1 protects ordinary pods but not host-network pods, and NetworkPolicies do not apply to them.",
  remediation:
    'Drop `hostNetwork: true` unless the workload is a node agent that truly needs it. For those that remain: give them IRSA or Pod Identity credentials, keep the node role least-privilege, and if the agent does not need instance metadata, block it on the node (for example an iptables rule in the launch template user data). Suppress a reviewed agent with the `eksguard.io/ignore.K8S-WL-009` annotation and a reason.',
  messages: {
    hostNetwork: "the pod uses hostNetwork: true, so it can reach the instance metadata service (169.254.169.254) and obtain the node IAM role's credentials; the EKS IMDSv2 hop limit of 1 does not stop host-network pods and NetworkPolicies do not apply to them",
  },
  references: [BPG.iam, 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html', CIS_EKS],
  standards: [],
  examples: {
    pass: [
      `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers: [{ name: web, image: nginx:1.27 }]
`,
    ],
    fail: [
      `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: log-agent, namespace: logging }
spec:
  selector: { matchLabels: { app: log-agent } }
  template:
    metadata: { labels: { app: log-agent } }
    spec:
      hostNetwork: true
      containers: [{ name: agent, image: fluent/fluent-bit:3.0 }]
`,
    ],
  },
  evaluate(workload) {
    if (bool(workload.spec['hostNetwork']) !== true) return pass('the pod does not use the host network');
    return fail({ messageId: 'hostNetwork', path: fieldPath('hostNetwork') });
  },
});
