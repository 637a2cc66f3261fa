import { defineCheck, fail, notApplicable, pass } from '../../../core/check.js';
import { fieldPath } from '../../../core/field-path.js';
import type { KubeObject } from '../../../core/inventory.js';
import { hasEnded, OS_END_OF_SUPPORT, osEndOfSupport, osTableFromReference, toNodeInfo } from '../../../k8s/node-info.js';
import { objectsOfKind } from '../../../k8s/targets.js';
import { BPG } from '../workload/offences.js';

/** Reference-data key that may replace the built-in table (see k8s/node-info.ts). */
export const OS_TABLE_REFERENCE_KEY = 'os-end-of-support';

/**
 * K8S-NODE-002: a node's `status.nodeInfo.osImage` is not an operating system
 * past its end of support, compared with `ctx.now` (so tests pin the date).
 * An OS in the table whose date is still ahead passes with the date named.
 */
export const osEndOfSupportCheck = defineCheck<KubeObject>({
  id: 'K8S-NODE-002',
  title: 'Nodes must not run an operating system past its end of support',
  area: 'os-updates',
  severity: 'high',
  target: objectsOfKind('Node'),
  needs: ['kube:Node'],
  admission: { scanOnly: 'judges Node objects written by kubelets, and the control plane version' },
  rationale:
    'An operating system past its end of support receives no more security patches: kernel and container-runtime vulnerabilities found from then on stay open on every node that runs it. Amazon Linux 2 EKS AMIs ended support on 2025-11-26 and are not built for Kubernetes 1.33 or later.',
  remediation:
    'Move the node group to Amazon Linux 2023 or Bottlerocket AMIs (managed node groups: a new node group with an AL2023 or Bottlerocket `amiType`; Karpenter: an EC2NodeClass `amiSelectorTerms` alias such as `al2023@latest`), then drain and remove the old nodes.',
  messages: {
    endOfSupport: 'the node runs {{osImage}}: {{note}}',
  },
  references: [BPG.infrastructure, 'https://docs.aws.amazon.com/eks/latest/userguide/eks-ami-deprecation-faqs.html'],
  standards: [],
  examples: {
    pass: [
      `apiVersion: v1
kind: Node
metadata: { name: ip-10-0-1-10.eu-west-1.compute.internal }
status:
  nodeInfo: { kubeletVersion: v1.31.2-eks-7f9249a, osImage: Amazon Linux 2023.6.20241212 }
`,
    ],
    fail: [
      `apiVersion: v1
kind: Node
metadata: { name: ip-10-0-1-11.eu-west-1.compute.internal }
status:
  nodeInfo: { kubeletVersion: v1.30.4-eks-a737599, osImage: Amazon Linux 2 }
`,
    ],
  },
  evaluate(node, ctx) {
    const info = toNodeInfo(node);
    if (!info.osImage) return notApplicable('the node reports no status.nodeInfo.osImage');
    const table = osTableFromReference(ctx.reference[OS_TABLE_REFERENCE_KEY]) ?? OS_END_OF_SUPPORT;
    const entry = osEndOfSupport(info.osImage, table);
    if (!entry) return pass(`${info.osImage} has no known end of support`);
    if (!hasEnded(entry, ctx.now)) return pass(`${info.osImage} is supported until ${entry.endOfSupport}`);
    return fail({ messageId: 'endOfSupport', data: { osImage: info.osImage, note: entry.note }, path: fieldPath('status', 'nodeInfo', 'osImage') });
  },
});
