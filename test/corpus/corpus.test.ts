import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCliJson } from '../e2e/run-cli.js';
import { projectHelm, projectKustomize } from '../helpers/renderers.js';

/**
 * Issue 14's corpus: real charts and overlays of EKS add-ons (test/fixtures/charts, kustomize),
 * rendered by a real Helm and kubectl, judged as a user would scan them. Each expectation lists,
 * per object, the checks a careful reviewer would fail (or see suppressed) and nothing more: a
 * new noisy finding or a lost true one breaks it. Why each finding is right is said next to it.
 */

type Verdicts = Record<string, string[]>;

interface Case {
  dir: string;
  args?: string[];
  fail: Verdicts;
  suppressed?: Verdicts;
}

/** Namespace-level network findings of a namespace whose workloads no NetworkPolicy of the input isolates. */
const NO_POLICY = ['K8S-NET-001', 'K8S-NET-002', 'K8S-NET-003', 'K8S-NET-009'];
/** What the restricted Pod Security level asks that a default container spec does not give. */
const RESTRICTED_DEFAULTS = ['PSS-allowPrivilegeEscalation', 'PSS-capabilities_restricted', 'PSS-runAsNonRoot', 'PSS-seccompProfile_restricted'];

const CHARTS: Case[] = [
  {
    // installed into kube-system as its docs say; clusterName is required
    dir: 'aws-load-balancer-controller',
    args: ['--helm-set', 'clusterName=demo', '--helm-namespace', 'kube-system'],
    fail: {
      // its ClusterRole grants create/update/delete on every ConfigMap, aws-auth included
      'ClusterRoleBinding/aws-load-balancer-controller-rolebinding': ['K8S-RBAC-009'],
      // no resources by default; no capabilities drop or seccomp profile (restricted)
      'Deployment/aws-load-balancer-controller': ['K8S-WL-003', 'PSS-capabilities_restricted', 'PSS-seccompProfile_restricted'],
      'Namespace/kube-system': NO_POLICY,
      // the webhook's private key is generated into the rendered Secret (and so into the release);
      // the chart's enableCertManager keeps it out
      'Secret/aws-load-balancer-tls': ['K8S-DATA-003'],
    },
  },
  {
    // aws-node from the EKS add-on registry in kube-system: AWS's own agent, every finding suppressed
    dir: 'aws-vpc-cni',
    args: ['--helm-namespace', 'kube-system'],
    fail: {},
    suppressed: {
      'DaemonSet/aws-node': [
        'K8S-WL-003', 'K8S-WL-004', 'K8S-WL-006', 'K8S-WL-007', 'K8S-WL-008', 'K8S-WL-009',
        'PSS-allowPrivilegeEscalation', 'PSS-capabilities_restricted', 'PSS-hostNamespaces', 'PSS-privileged', 'PSS-restrictedVolumes', 'PSS-runAsNonRoot', 'PSS-seccompProfile_restricted',
      ],
    },
  },
  {
    // the chart pulls from public.ecr.aws, not the EKS add-on registry: a self-managed install, judged
    dir: 'aws-ebs-csi-driver',
    args: ['--helm-namespace', 'kube-system'],
    fail: {
      // a privileged node plugin writing to /var/lib/kubelet: true, accepted by whoever installs it
      'DaemonSet/ebs-csi-node': ['K8S-WL-006', 'PSS-allowPrivilegeEscalation', 'PSS-capabilities_restricted', 'PSS-privileged', 'PSS-restrictedVolumes', 'PSS-runAsNonRoot', 'PSS-runAsUser', 'PSS-seccompProfile_restricted'],
      'DaemonSet/ebs-csi-node-windows': ['K8S-WL-004', 'PSS-allowPrivilegeEscalation', 'PSS-capabilities_restricted', 'PSS-restrictedVolumes', 'PSS-runAsNonRoot', 'PSS-seccompProfile_restricted'],
      // AWS keys read from a Secret into env (optional secretKeyRef)
      'Deployment/ebs-csi-controller': ['K8S-DATA-004', 'PSS-capabilities_restricted', 'PSS-seccompProfile_restricted'],
      // the external-provisioner creates PersistentVolumes: true, the one subject CIS 4.1.9 means to allow (suppress it with a reason)
      'ClusterRoleBinding/ebs-csi-provisioner-binding': ['K8S-RBAC-013'],
      'Namespace/kube-system': NO_POLICY,
    },
  },
  {
    dir: 'karpenter',
    args: ['--helm-set', 'settings.clusterName=demo', '--helm-namespace', 'kube-system'],
    fail: { 'Deployment/karpenter': ['K8S-WL-003'], 'Namespace/kube-system': NO_POLICY },
  },
  {
    dir: 'ingress-nginx',
    fail: {
      // the controller lists Secrets everywhere (TLS certificates of every Ingress)
      'ClusterRoleBinding/ingress-nginx': ['K8S-RBAC-003'],
      // the patch job may update every ValidatingWebhookConfiguration: its role names none
      'ClusterRoleBinding/ingress-nginx-admission': ['K8S-RBAC-012'],
      'Deployment/ingress-nginx-controller': ['K8S-WL-003', 'K8S-WL-004'],
      'Job/ingress-nginx-admission-create': ['K8S-WL-003'],
      'Job/ingress-nginx-admission-patch': ['K8S-WL-003'],
      'Namespace/ingress-nginx (assumed for test/fixtures/charts/ingress-nginx)': NO_POLICY,
      // a LoadBalancer open to the internet without loadBalancerSourceRanges
      'Service/ingress-nginx-controller': ['K8S-NET-005', 'K8S-NET-011'],
    },
  },
  {
    dir: 'cert-manager',
    fail: {
      // cainjector reads every Secret and patches every webhook configuration (by design, unlimited)
      'ClusterRoleBinding/cert-manager-cainjector': ['K8S-RBAC-003', 'K8S-RBAC-012'],
      // HTTP-01 solver pods: create pods cluster-wide
      'ClusterRoleBinding/cert-manager-controller-challenges': ['K8S-RBAC-004'],
      // one finding for the controller's five bindings that grant Secrets
      'ClusterRoleBinding/cert-manager-controller-issuers': ['K8S-RBAC-003'],
      'Deployment/cert-manager': ['K8S-WL-003'],
      'Deployment/cert-manager-cainjector': ['K8S-WL-003'],
      'Deployment/cert-manager-webhook': ['K8S-WL-003'],
      'Job/cert-manager-startupapicheck': ['K8S-WL-003'],
      'Namespace/cert-manager (assumed for test/fixtures/charts/cert-manager)': NO_POLICY,
    },
  },
  {
    dir: 'external-dns',
    fail: { 'Deployment/external-dns': ['K8S-WL-003'], 'Namespace/external-dns (assumed for test/fixtures/charts/external-dns)': NO_POLICY },
  },
  {
    dir: 'metrics-server',
    fail: {
      // its ServiceAccount does not opt in explicitly: the token is mounted by default
      'Deployment/metrics-server': ['K8S-WL-003', 'K8S-WL-007'],
      'Namespace/metrics-server (assumed for test/fixtures/charts/metrics-server)': NO_POLICY,
    },
  },
  {
    dir: 'cluster-autoscaler',
    args: ['--helm-set', 'autoDiscovery.clusterName=demo', '--helm-namespace', 'kube-system'],
    fail: { 'Deployment/cluster-autoscaler-aws-cluster-autoscaler': ['K8S-WL-003', 'K8S-WL-004', ...RESTRICTED_DEFAULTS], 'Namespace/kube-system': NO_POLICY },
  },
  {
    // a log collector reading the node's logs through hostPath
    dir: 'fluent-bit',
    fail: {
      'DaemonSet/fluent-bit': ['K8S-WL-003', 'K8S-WL-004', 'K8S-WL-007', ...RESTRICTED_DEFAULTS, 'PSS-restrictedVolumes'],
      'Namespace/fluent-bit (assumed for test/fixtures/charts/fluent-bit)': NO_POLICY,
    },
  },
  {
    // a privileged runtime-security agent: the container runtime socket and host paths are its job
    dir: 'falco',
    fail: {
      'DaemonSet/falco': ['K8S-WL-003', 'K8S-WL-004', 'K8S-WL-005', 'K8S-WL-006', 'K8S-WL-007', ...RESTRICTED_DEFAULTS, 'PSS-privileged', 'PSS-restrictedVolumes'],
      'Namespace/falco (assumed for test/fixtures/charts/falco)': NO_POLICY,
    },
  },
];

const OVERLAYS: Case[] = [
  {
    // a base patched by two components; the patch file and the base are never judged alone
    dir: 'metrics-server/manifests/overlays/release-ha-1.21+',
    fail: { 'Deployment/metrics-server': ['K8S-WL-003', 'K8S-WL-007'], 'Namespace/kube-system': NO_POLICY },
  },
  {
    // ecr over ecr-public over base: the driver image is renamed to the EKS registry, the sidecars stay public, so it is judged
    dir: 'aws-ebs-csi-driver/kubernetes/overlays/stable/ecr',
    fail: {
      'DaemonSet/ebs-csi-node': ['K8S-WL-006', 'PSS-allowPrivilegeEscalation', 'PSS-capabilities_restricted', 'PSS-privileged', 'PSS-restrictedVolumes', 'PSS-runAsNonRoot', 'PSS-runAsUser', 'PSS-seccompProfile_restricted'],
      'Deployment/ebs-csi-controller': ['K8S-DATA-004', 'PSS-capabilities_restricted', 'PSS-seccompProfile_restricted'],
      'ClusterRoleBinding/ebs-csi-provisioner-binding': ['K8S-RBAC-013'],
      'Namespace/kube-system': NO_POLICY,
    },
  },
];

function verdicts(findings: any[], status: string): Verdicts {
  const out: Verdicts = {};
  for (const finding of findings) {
    if (finding.status !== status) continue;
    const key = `${finding.resource.kind}/${finding.resource.name}`;
    (out[key] ??= []).push(finding.checkId);
  }
  for (const key of Object.keys(out)) out[key] = [...new Set(out[key])].sort();
  return out;
}

function sorted(expected: Verdicts): Verdicts {
  return Object.fromEntries(Object.entries(expected).map(([key, ids]) => [key, [...ids].sort()]));
}

let helm = '';
let kustomize = '';

beforeAll(() => {
  helm = projectHelm();
  kustomize = projectKustomize();
});

function scan(target: string, args: readonly string[] = []) {
  return runCliJson(['scan', target, '--helm-bin', helm, '--kustomize-bin', kustomize, ...args], { cwd: repoRoot });
}

function judge(kind: 'charts' | 'kustomize', item: Case) {
  const target = `test/fixtures/${kind}/${item.dir}`;
  const { json, result } = scan(target, item.args);
  expect(json.errors, result.stderr).toEqual([]);
  expect(json.warnings).toBeUndefined();
  expect(verdicts(json.findings, 'fail')).toEqual(sorted(item.fail));
  expect(verdicts(json.findings, 'suppressed')).toEqual(sorted(item.suppressed ?? {}));
  for (const finding of json.findings.filter((f: any) => f.status === 'suppressed')) expect(finding.suppression).toEqual({ reason: 'managed by AWS', source: 'managed' });
  // one finding per check, resource and path: each is one baseline fingerprint
  const fingerprints = json.findings.map((f: any) => `${f.checkId}|${JSON.stringify(f.resource)}|${f.path ?? ''}`);
  expect(fingerprints.length - new Set(fingerprints).size).toBe(0);
  // every location is a file of the repository, inside the chart or the overlay's tree
  const root = kind === 'charts' ? target : `test/fixtures/kustomize/${item.dir.split('/')[0]}`;
  for (const finding of json.findings) {
    if (!finding.location) continue;
    expect(finding.location.file.startsWith(`${root}/`), finding.location.file).toBe(true);
    expect(existsSync(path.join(repoRoot, finding.location.file)), finding.location.file).toBe(true);
  }
  return json;
}

describe('real charts of EKS add-ons, rendered with the project Helm', () => {
  it.each(CHARTS.map((item) => [item.dir, item] as const))('%s: no input error, the verdicts a reviewer would give per object', (_name, item) => {
    const json = judge('charts', item);
    expect(json.summary.inputs).toMatchObject({ files: 0, charts: 1 });
    // object findings name a template file and a line in its rendered output
    for (const finding of json.findings.filter((f: any) => f.resource.kind !== 'Namespace' && f.location)) {
      expect(finding.location.file).toMatch(/\/(templates|charts)\//);
      expect(finding.location.line).toBeGreaterThan(0);
    }
  });

  it('covers at least eight charts of EKS add-ons', () => {
    expect(CHARTS.length).toBeGreaterThanOrEqual(8);
  });
});

describe('real Kustomize overlays of EKS add-ons, built with kubectl', () => {
  it.each(OVERLAYS.map((item) => [item.dir, item] as const))('%s: no input error, the verdicts a reviewer would give per object', (_name, item) => {
    const json = judge('kustomize', item);
    expect(json.summary.inputs).toMatchObject({ files: 0, overlays: 1 });
    // objects point at the base file kustomize read them from, at their document and field
    const located = json.findings.filter((f: any) => f.resource.kind !== 'Namespace');
    expect(located.length).toBeGreaterThan(0);
    for (const finding of located) expect(finding.location.file).toMatch(/\/base\/[a-z-]+\.yaml$/);
  });
});
