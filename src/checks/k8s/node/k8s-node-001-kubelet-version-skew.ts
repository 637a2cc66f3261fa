import { defineCheck, fail, notApplicable, pass } from '../../../core/check.js';
import { fieldPath } from '../../../core/field-path.js';
import type { KubeObject } from '../../../core/inventory.js';
import { formatMinor, parseMinorVersion, toNodeInfo } from '../../../k8s/node-info.js';
import { objectsOfKind } from '../../../k8s/targets.js';
import { BPG } from '../workload/offences.js';

const VERSION_SKEW_POLICY = 'https://kubernetes.io/releases/version-skew-policy/';

const KUBELET_VERSION = fieldPath('status', 'nodeInfo', 'kubeletVersion');

/**
 * K8S-NODE-001: a node's kubelet runs the control plane's minor version.
 * One or two minors behind fails at medium; three or more behind, or any
 * kubelet newer than the control plane (which the skew policy forbids), at
 * high. The control-plane version comes from `facts.kubernetesVersion`;
 * without it the check is not applicable and says so.
 */
export const kubeletVersionSkew = defineCheck<KubeObject>({
  id: 'K8S-NODE-001',
  title: "Node kubelets must run the control plane's minor version",
  area: 'os-updates',
  severity: 'medium',
  target: objectsOfKind('Node'),
  needs: ['kube:Node'],
  admission: { scanOnly: 'judges Node objects written by kubelets, and the control plane version' },
  rationale:
    'Nodes left behind after a control-plane upgrade miss kubelet security fixes and drift towards the edge of the supported skew, where the next control-plane upgrade breaks them. A kubelet newer than the API server is outside the skew policy altogether.',
  remediation:
    'Upgrade the node group (managed node groups: `aws eks update-nodegroup-version`; Karpenter: let drift replace the nodes; self-managed: roll to the AMI for the control-plane version) until every kubelet matches the control plane minor.',
  messages: {
    majorDiffers: 'kubelet {{kubelet}} and control plane {{controlPlane}} differ in major version',
    newer: 'kubelet {{kubelet}} is newer than control plane {{controlPlane}}, which the Kubernetes version skew policy does not allow',
    behind: 'kubelet {{kubelet}} is {{behind}} minor version(s) behind control plane {{controlPlane}}',
  },
  references: [VERSION_SKEW_POLICY, BPG.clusterUpgrades, 'https://docs.aws.amazon.com/eks/latest/userguide/update-managed-node-group.html'],
  standards: [],
  examples: {
    pass: [
      `# facts: kubernetesVersion=1.31
apiVersion: v1
kind: Node
metadata: { name: ip-10-0-1-10.eu-west-1.compute.internal }
status:
  nodeInfo: { kubeletVersion: v1.31.2-eks-7f9249a, osImage: Amazon Linux 2023.6.20241212 }
`,
    ],
    fail: [
      `# facts: kubernetesVersion=1.31
apiVersion: v1
kind: Node
metadata: { name: ip-10-0-1-11.eu-west-1.compute.internal }
status:
  nodeInfo: { kubeletVersion: v1.28.15-eks-1a2b3c4, osImage: Amazon Linux 2 }
`,
    ],
  },
  evaluate(node, ctx) {
    const controlPlane = parseMinorVersion(ctx.inventory.facts.kubernetesVersion);
    if (!controlPlane) {
      return notApplicable('the control-plane version is unknown (no cluster version in the input), so kubelet skew cannot be judged');
    }
    const info = toNodeInfo(node);
    if (!info.kubeletMinor) return notApplicable('the node reports no readable status.nodeInfo.kubeletVersion');
    const cp = formatMinor(controlPlane);
    const kubelet = info.kubeletVersion!;
    if (info.kubeletMinor.major !== controlPlane.major) {
      return fail({ messageId: 'majorDiffers', data: { kubelet, controlPlane: cp }, path: KUBELET_VERSION, severity: 'high' });
    }
    const behind = controlPlane.minor - info.kubeletMinor.minor;
    if (behind === 0) return pass(`kubelet ${kubelet} matches control plane ${cp}`);
    if (behind < 0) {
      return fail({ messageId: 'newer', data: { kubelet, controlPlane: cp }, path: KUBELET_VERSION, severity: 'high' });
    }
    return fail({ messageId: 'behind', data: { kubelet, behind, controlPlane: cp }, path: KUBELET_VERSION, ...(behind >= 3 ? { severity: 'high' as const } : {}) });
  },
});
