import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allChecks } from '../checks/index.js';
import { runChecks } from '../core/engine.js';
import { DEFAULT_SETTINGS, FIXED_NOW, inventoryFromYaml } from '../../test/helpers/run-check.js';
import { AWS_MANAGED_LIST_VERSION, AWS_MANAGED_WORKLOADS, awsManagedWorkload, EKS_ADDON_REGISTRIES, isEksAddonImage } from './aws-managed.js';
import { toWorkload } from './workload.js';

const NODE_AGENT = (image: string, init = image) => `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: ebs-csi-node, namespace: kube-system }
spec:
  selector: { matchLabels: { app: ebs-csi-node } }
  template:
    metadata: { labels: { app: ebs-csi-node } }
    spec:
      serviceAccountName: ebs-csi-node-sa
      hostNetwork: true
      initContainers: [{ name: init, image: "${init}" }]
      containers:
        - name: node
          image: "${image}"
          securityContext: { privileged: true }
          volumeMounts: [{ name: kubelet, mountPath: /var/lib/kubelet }]
      volumes: [{ name: kubelet, hostPath: { path: /var/lib/kubelet } }]
`;

const RBAC = `---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: ebs-node }
rules: [{ apiGroups: [""], resources: [secrets], verbs: [get, list] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ebs-node }
subjects: [{ kind: ServiceAccount, name: ebs-csi-node-sa, namespace: kube-system }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ebs-node }
`;

const ECR = '602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/aws-ebs-csi-driver:v1.64.0';

function run(yaml: string, suppressManaged?: boolean) {
  return runChecks({
    checks: allChecks,
    inventory: inventoryFromYaml(yaml),
    settings: { ...DEFAULT_SETTINGS, ...(suppressManaged === undefined ? {} : { suppressManaged }) },
    now: FIXED_NOW,
  });
}

describe('AWS-managed add-on workloads', () => {
  it('knows the EKS add-on registries of every Region, and nothing that merely looks like one', () => {
    expect(isEksAddonImage(ECR)).toBe(true);
    expect(isEksAddonImage('877085696533.dkr.ecr.af-south-1.amazonaws.com/eks/kube-proxy:v1.33.0')).toBe(true);
    expect(isEksAddonImage('918309763551.dkr.ecr.cn-north-1.amazonaws.com.cn/amazon-k8s-cni:v1.20.0')).toBe(true);
    expect(isEksAddonImage('602401143452.dkr.ecr-fips.us-east-1.amazonaws.com/eks/coredns:v1.11.4')).toBe(true);
    expect(isEksAddonImage('123456789012.dkr.ecr.us-west-2.amazonaws.com/eks/aws-ebs-csi-driver:v1')).toBe(false);
    expect(isEksAddonImage('public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.64.0')).toBe(false);
    expect(isEksAddonImage('602401143452.dkr.ecr.us-west-2.amazonaws.com.attacker.example/eks/x:1')).toBe(false);
    expect(isEksAddonImage('docker.io/602401143452.dkr.ecr.us-west-2.amazonaws.com/x:1')).toBe(false);
    expect(AWS_MANAGED_WORKLOADS.map((entry) => entry.name)).toEqual(expect.arrayContaining(['aws-node', 'kube-proxy', 'ebs-csi-node', 'efs-csi-node', 'eks-pod-identity-agent']));
  });

  it('identifies a workload by namespace, controller name and every image, init containers included', () => {
    const workloadOf = (yaml: string) => toWorkload(inventoryFromYaml(yaml).kube[0]!)!;
    expect(awsManagedWorkload(workloadOf(NODE_AGENT(ECR)))?.addon).toBe('aws-ebs-csi-driver');
    expect(awsManagedWorkload(workloadOf(NODE_AGENT(ECR, 'busybox:1.36')))).toBeUndefined();
    expect(awsManagedWorkload(workloadOf(NODE_AGENT(ECR).replace('namespace: kube-system', 'namespace: storage')))).toBeUndefined();
    expect(awsManagedWorkload(workloadOf(NODE_AGENT(ECR).replace('name: ebs-csi-node,', 'name: ebs-csi-node2,')))).toBeUndefined();
  });

  it('suppresses its failures in every family (Pod Security, workload, RBAC of its ServiceAccount) with the reason "managed by AWS"', () => {
    const coredns = `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: coredns, namespace: kube-system }
spec:
  selector: { matchLabels: { k8s-app: kube-dns } }
  template:
    metadata: { labels: { k8s-app: kube-dns } }
    spec:
      containers: [{ name: coredns, image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/coredns:v1.11.4-eksbuild.2 }]
`;
    const findings = run(NODE_AGENT(ECR) + RBAC + coredns);
    const ebs = findings.filter((f) => f.status === 'suppressed');
    const families = new Set(ebs.map((f) => f.checkId.replace(/-\d+$/, '').replace(/^PSS-.*/, 'PSS')));
    expect([...families]).toEqual(expect.arrayContaining(['PSS', 'K8S-WL', 'K8S-RBAC']));
    expect(ebs.every((f) => f.suppression?.reason === 'managed by AWS' && f.suppression.source === 'managed')).toBe(true);
    // kube-system holds nothing but the add-on: its namespace-level network findings are AWS's too
    expect(findings.filter((f) => f.checkId === 'K8S-NET-001').map((f) => f.status)).toEqual(['suppressed']);
    expect(findings.filter((f) => f.status === 'fail')).toEqual([]);
  });

  it('judges the same add-on from another registry, and everything when switched off', () => {
    const lookAlike = run(NODE_AGENT('docker.io/someone/aws-ebs-csi-driver:v1.64.0') + RBAC);
    expect(lookAlike.filter((f) => f.status === 'suppressed')).toEqual([]);
    expect(lookAlike.some((f) => f.checkId === 'PSS-privileged' && f.status === 'fail')).toBe(true);
    expect(lookAlike.some((f) => f.checkId === 'K8S-RBAC-003' && f.status === 'fail')).toBe(true);
    const judged = run(NODE_AGENT(ECR) + RBAC, false);
    expect(judged.filter((f) => f.status === 'suppressed')).toEqual([]);
    expect(judged.some((f) => f.checkId === 'K8S-WL-009' && f.status === 'fail')).toBe(true);
  });

  it('keeps a binding the customer shares with an add-on judged', () => {
    const shared = RBAC.replace('subjects: [{ kind: ServiceAccount, name: ebs-csi-node-sa, namespace: kube-system }]', 'subjects: [{ kind: ServiceAccount, name: ebs-csi-node-sa, namespace: kube-system }, { kind: User, name: alice }]');
    const findings = run(NODE_AGENT(ECR) + shared);
    expect(findings.filter((f) => f.checkId === 'K8S-RBAC-003').map((f) => f.status)).toEqual(['fail', 'fail']);
  });
});

describe('docs/aws-managed.md', () => {
  it('lists exactly the workloads, registries and version of the module', () => {
    const doc = readFileSync(path.join(import.meta.dirname, '../../docs/aws-managed.md'), 'utf8');
    expect(doc).toContain(`List version: **${AWS_MANAGED_LIST_VERSION}**`);
    const rows = [...doc.matchAll(/^\| ([a-z0-9-]+) \| ([a-z0-9-]+) \| (DaemonSet|Deployment) \| ([a-z0-9-]+) \|$/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]} ${m[4]}`);
    expect(rows).toEqual(AWS_MANAGED_WORKLOADS.map((w) => `${w.addon} ${w.namespace} ${w.kind} ${w.name}`));
    const registries = Object.fromEntries([...doc.matchAll(/^\| ([a-z0-9-]+) \| (\d{12}) \|$/gm)].map((m) => [m[1], m[2]]));
    const common = doc.match(/^\| every other Region \| (\d{12}) \|$/m)![1];
    for (const [region, account] of Object.entries(EKS_ADDON_REGISTRIES)) expect(registries[region] ?? common, region).toBe(account);
    for (const region of Object.keys(registries)) expect(EKS_ADDON_REGISTRIES[region], region).toBeDefined();
  });
});
