import { defineCheck, fail, notApplicable, pass, type Subject } from '../../../core/check.js';
import type { KubeObject } from '../../../core/inventory.js';
import { displayNamespace, namespaces, type NamespaceInfo } from '../../../k8s/namespaces.js';
import { IMDS_ADDRESS, IMDS_IPV6_ADDRESS } from '../../../k8s/network-policy.js';
import { imdsReach } from '../../../k8s/policy-coverage.js';
import type { Workload } from '../../../k8s/workload.js';
import { BPG } from '../workload/offences.js';
import { CALICO_POLICY_DOCS, CILIUM_POLICY_DOCS, namespacePods, NETWORK_POLICY_DOCS, NETWORK_POLICY_NEEDS, notJudged, workloadObjects } from './namespace-pods.js';

const LISTED = 5;

/**
 * K8S-NET-009: NetworkPolicies keep every pod-network workload of a namespace
 * away from the instance metadata service. A pod may reach 169.254.169.254
 * or, on IPv6, fd00:ec2::254 (TCP 80) unless Egress policies select it and
 * none of them has a rule that admits either address: a rule without
 * destinations, or an ipBlock whose CIDR contains it and whose `except` does
 * not. Cilium and Calico policies count as their engines apply them
 * (policy-coverage.ts): a Cilium egressDeny rule for the address stops it
 * whatever allows it; Calico's first matching rule in policy order decides.
 * A rule eksguard cannot read may admit the address. Host-network pods are
 * K8S-WL-009's finding. NetworkPolicy is not the only guard: IMDSv2 with a
 * hop limit of 1 (EKS-NODE-002) also stops pod-network pods.
 */
export const imdsEgressCheck = defineCheck<NamespaceInfo>({
  id: 'K8S-NET-009',
  title: 'Pods should not be able to reach the instance metadata service',
  area: 'network',
  severity: 'medium',
  target: namespaces,
  needs: ['kube:workloads', ...NETWORK_POLICY_NEEDS],
  scope: 'namespace',
  admission: { scanOnly: 'needs every NetworkPolicy of the namespace' },
  rationale:
    "The instance metadata service hands out the node IAM role's credentials to whoever asks from the node. A pod that can reach it can act as the node in AWS: pull any image, read other workloads' data through the node role, describe the account. Egress policy is the Kubernetes-side control that closes this path.",
  remediation:
    'Add egress policies that select every pod and allow only what they need, and exclude the metadata service from any broad rule: `ipBlock: { cidr: 0.0.0.0/0, except: [169.254.169.254/32] }`, and on IPv6 `ipBlock: { cidr: ::/0, except: [fd00:ec2::254/128] }`. Also require IMDSv2 with a hop limit of 1 on the nodes, and give pods IAM through IRSA or Pod Identity.',
  messages: {
    reachable: "{{reachable}} of {{workloads}} workload(s) in namespace {{namespace}} may reach the instance metadata service: {{listed}}; unless the nodes require IMDSv2 with a hop limit of 1, they can obtain the node IAM role's credentials",
  },
  references: [NETWORK_POLICY_DOCS, BPG.iam, 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html', CILIUM_POLICY_DOCS, CALICO_POLICY_DOCS],
  standards: [],
  examples: {
    pass: [
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: egress, namespace: shop }
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to: [{ ipBlock: { cidr: 0.0.0.0/0, except: [169.254.0.0/16] } }]
---
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers: [{ name: web, image: nginx:1.27 }]
`,
    ],
    fail: [
      `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers: [{ name: web, image: nginx:1.27 }]
`,
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: egress, namespace: shop }
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to: [{ ipBlock: { cidr: 169.254.0.0/16 } }]
      ports: [{ port: 80 }]
---
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers: [{ name: web, image: nginx:1.27 }]
`,
    ],
  },
  evaluate(namespace, ctx) {
    const pods = namespacePods(namespace, ctx);
    const skip = notJudged(pods);
    if (skip) return notApplicable(skip);
    // by object: a RayCluster's head and worker groups are one workload, reported with the first template that reaches it
    const reachable: { subject: Subject<Workload>; why: string }[] = [];
    const seen = new Set<KubeObject>();
    for (const subject of pods.podNetwork) {
      if (seen.has(subject.value.object)) continue;
      const verdict = imdsReach(subject.value, ctx);
      if (!verdict.reachable) continue;
      seen.add(subject.value.object);
      reachable.push({ subject, why: verdict.why });
    }
    const name = displayNamespace(namespace.name);
    if (reachable.length === 0) return pass(`egress policies keep every pod-network workload of namespace ${name} away from the instance metadata service (${IMDS_ADDRESS}, ${IMDS_IPV6_ADDRESS})`);
    const listed = reachable.slice(0, LISTED).map(({ subject, why }) => `${subject.value.object.kind} ${subject.value.object.name} (${why})`);
    const more = reachable.length > LISTED ? ` and ${reachable.length - LISTED} more` : '';
    return fail({ messageId: 'reachable', data: { reachable: reachable.length, workloads: workloadObjects(pods.podNetwork).length, namespace: name, listed: `${listed.join('; ')}${more}` } });
  },
});
