import { defineCheck, fail, pass } from '../../../core/check.js';
import { nodeGroups, type NodeGroup, type NodeInfo } from '../../../k8s/node-info.js';
import { BPG } from '../workload/offences.js';

function variants(nodes: readonly NodeInfo[], field: 'kubeletVersion' | 'osImage'): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const node of nodes) {
    const value = node[field] ?? '(unknown)';
    const bucket = out.get(value);
    if (bucket) bucket.push(node.name);
    else out.set(value, [node.name]);
  }
  return out;
}

function describeVariants(label: string, found: Map<string, string[]>): string {
  const parts = [...found.entries()]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([value, names]) => `${value} on ${names.length} node(s) (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''})`);
  return `${label}: ${parts.join('; ')}`;
}

/**
 * K8S-NODE-003: the nodes of one node group (by `eks.amazonaws.com/nodegroup`,
 * `alpha.eksctl.io/nodegroup-name` or Karpenter's `karpenter.sh/nodepool`)
 * run one kubelet version and one OS image. The subject is the group, named
 * by its label; nodes without such a label are not grouped.
 */
export const nodeGroupDrift = defineCheck<NodeGroup>({
  id: 'K8S-NODE-003',
  title: 'Nodes of one node group should run the same kubelet and OS image',
  area: 'os-updates',
  severity: 'low',
  target: nodeGroups,
  needs: ['kube:Node'],
  admission: { scanOnly: 'judges Node objects written by kubelets, and the control plane version' },
  rationale:
    'Mixed versions inside one node group mean a rollout stopped halfway or nodes that were patched by hand: some nodes miss fixes the others have, and the group no longer behaves as its launch template says.',
  remediation:
    'Finish the node group update (or let Karpenter drift replace the stragglers) so that every node runs the group\'s current AMI; treat nodes as immutable and replace rather than patch them in place.',
  messages: {
    drifted: 'the nodes of {{group}} have drifted: {{drift}}',
  },
  references: [BPG.infrastructure, 'https://docs.aws.amazon.com/eks/latest/userguide/update-managed-node-group.html'],
  standards: [],
  examples: {
    pass: [
      `apiVersion: v1
kind: Node
metadata: { name: ip-10-0-1-10.eu-west-1.compute.internal, labels: { eks.amazonaws.com/nodegroup: general } }
status:
  nodeInfo: { kubeletVersion: v1.31.2-eks-7f9249a, osImage: Amazon Linux 2023.6.20241212 }
---
apiVersion: v1
kind: Node
metadata: { name: ip-10-0-2-10.eu-west-1.compute.internal, labels: { eks.amazonaws.com/nodegroup: general } }
status:
  nodeInfo: { kubeletVersion: v1.31.2-eks-7f9249a, osImage: Amazon Linux 2023.6.20241212 }
`,
    ],
    fail: [
      `apiVersion: v1
kind: Node
metadata: { name: ip-10-0-1-10.eu-west-1.compute.internal, labels: { eks.amazonaws.com/nodegroup: general } }
status:
  nodeInfo: { kubeletVersion: v1.31.2-eks-7f9249a, osImage: Amazon Linux 2023.6.20241212 }
---
apiVersion: v1
kind: Node
metadata: { name: ip-10-0-2-10.eu-west-1.compute.internal, labels: { eks.amazonaws.com/nodegroup: general } }
status:
  nodeInfo: { kubeletVersion: v1.30.4-eks-a737599, osImage: Amazon Linux 2023.5.20240805 }
`,
    ],
  },
  evaluate(group) {
    const kubelets = variants(group.nodes, 'kubeletVersion');
    const images = variants(group.nodes, 'osImage');
    const drift: string[] = [];
    if (kubelets.size > 1) drift.push(describeVariants('kubelet versions', kubelets));
    if (images.size > 1) drift.push(describeVariants('OS images', images));
    const name = `${group.ref.label}=${group.ref.value}`;
    if (drift.length === 0) return pass(`all ${group.nodes.length} node(s) of ${name} run the same kubelet and OS image`);
    return fail({ messageId: 'drifted', data: { group: name, drift: drift.join('. ') } });
  },
});
