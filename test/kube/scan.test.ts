import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectCluster, type CheckNeeds } from '../../src/sources/kube/index.js';
import { loadKubeconfig } from '../../src/sources/kube/kubeconfig.js';
import { listResources } from '../../src/sources/kube/list-resources.js';
import { resourceForKind } from '../../src/sources/kube/resources.js';
import { createTransport } from '../../src/sources/kube/transport.js';
import { createObjects, runCliAsync, runCliJsonAsync, namespace, pod, RESTRICTED_CONTAINER, startLocalCluster, type LocalCluster } from './local-cluster.js';

// End-to-end against a real kube-apiserver (scripts/local-cluster.sh) with the
// admin identity. The CLI cases run the built CLI (`npm test` builds it first).
let cluster: LocalCluster;
let work: string;
const CONTEXT = 'local-cluster';

const deploymentTemplate = {
  metadata: { labels: { app: 'web' } },
  spec: { hostNetwork: true, containers: [{ ...RESTRICTED_CONTAINER, name: 'web' }] },
};

beforeAll(async () => {
  cluster = await startLocalCluster('kube-scan');
  work = mkdtempSync(path.join(tmpdir(), 'eksguard-kube-scan-'));
  await createObjects(cluster.admin, [
    namespace('shop'),
    namespace('other'),
    namespace('paging'),
    namespace('vault'),
    namespace('locked', { 'pod-security.kubernetes.io/enforce': 'restricted' }),
    // Node objects as a kubelet would register them; nothing runs on them.
    node('ip-10-0-1-10.eu-west-1.compute.internal', 'v1.30.4-eks-a737599', 'Amazon Linux 2'),
  ]);
  await createObjects(cluster.admin, [
    pod('shop', 'root-pod', { hostPID: true, containers: [{ name: 'c', image: 'busybox:1.36', securityContext: { privileged: true } }] }),
    pod('shop', 'good', { containers: [RESTRICTED_CONTAINER] }),
    pod('other', 'other-root', { containers: [{ name: 'c', image: 'busybox:1.36', securityContext: { privileged: true } }] }),
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: deploymentTemplate },
    } as KubernetesObject,
    ...Array.from({ length: 130 }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${String(i).padStart(3, '0')}`, namespace: 'paging' }, data: { i: String(i) } })),
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'legacy-token', namespace: 'vault', annotations: { 'kubernetes.io/service-account.name': 'builder' } },
      type: 'kubernetes.io/service-account-token',
      stringData: { token: 'sa-token-value-must-not-leak' },
    } as KubernetesObject,
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'db-password',
        namespace: 'vault',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"stringData":{"password":"opaque-value-must-not-leak"}}' },
      },
      type: 'Opaque',
      stringData: { password: 'opaque-value-must-not-leak' },
    } as KubernetesObject,
  ]);
  // No controller-manager runs, so the ReplicaSet and Pod a Deployment would own are made by hand, owner references included.
  const { KubernetesObjectApi } = await import('@kubernetes/client-node');
  const client = KubernetesObjectApi.makeApiClient(cluster.admin);
  const deployment = await client.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } });
  const replicaSet = await client.create({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web-5d9f', namespace: 'shop', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: deployment.metadata!.uid!, controller: true }] },
    spec: { selector: { matchLabels: { app: 'web' } }, template: deploymentTemplate },
  } as KubernetesObject);
  await client.create(
    pod('shop', 'web-5d9f-x2x4k', deploymentTemplate.spec, {
      labels: { app: 'web' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d9f', uid: replicaSet.metadata!.uid!, controller: true }],
    }),
  );
}, 30 * 60_000);

afterAll(async () => {
  await cluster?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const env = () => ({ KUBECONFIG: cluster.kubeconfig });

let fullScan: ReturnType<typeof runCliJsonAsync> | undefined;
/** One `scan --kube --include-passed` shared by the cases that only read its report. */
const scanEverything = () => (fullScan ??= runCliJsonAsync(['scan', '--kube', '--fail-on', 'none', '--include-passed'], { env: env() }));

function node(name: string, kubeletVersion: string, osImage: string): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'eks.amazonaws.com/nodegroup': 'general' } },
    status: { nodeInfo: { kubeletVersion, osImage, kernelVersion: '5.10.0', containerRuntimeVersion: 'containerd://1.7.0' } },
  } as KubernetesObject;
}

describe('eksguard scan --kube (admin identity)', () => {
  it('reports findings that name the context, namespace, kind and name', async () => {
    const { json, result } = await scanEverything();
    expect(result.code, result.stderr).toBe(0);
    expect(json.gaps).toEqual([]);
    expect(json.errors).toEqual([]);
    const privileged = json.findings.filter((f: any) => f.checkId === 'PSS-privileged' && f.status === 'fail');
    expect(privileged.map((f: any) => f.resource)).toEqual(
      expect.arrayContaining([
        { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'root-pod', context: CONTEXT },
        { apiVersion: 'v1', kind: 'Pod', namespace: 'other', name: 'other-root', context: CONTEXT },
      ]),
    );
    expect(json.findings).toContainEqual(
      expect.objectContaining({
        checkId: 'PSS-hostNamespaces',
        status: 'fail',
        resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web', context: CONTEXT },
        path: 'spec.template.spec.hostNetwork',
      }),
    );
    expect(json.findings).toContainEqual(expect.objectContaining({ checkId: 'PSS-hostNamespaces', resource: expect.objectContaining({ name: 'root-pod' }) }));
  });

  it('feeds Node objects and namespace labels to their checks', async () => {
    const { json, result } = await scanEverything();
    expect(result.code, result.stderr).toBe(0);
    const nodeRef = { apiVersion: 'v1', kind: 'Node', name: 'ip-10-0-1-10.eu-west-1.compute.internal', context: CONTEXT };
    // kubelet 1.30 against the harness's control plane (1.34 or newer)
    expect(json.findings).toContainEqual(expect.objectContaining({ checkId: 'K8S-NODE-001', status: 'fail', resource: nodeRef }));
    const namespaceVerdicts = Object.fromEntries(
      json.findings.filter((f: any) => f.checkId === 'K8S-WL-010' && f.resource.kind === 'Namespace').map((f: any) => [f.resource.name, f.status]),
    );
    expect(namespaceVerdicts).toMatchObject({ shop: 'fail', locked: 'pass' });
  });

  it("judges a Deployment once: its ReplicaSet and Pods are not reported again", async () => {
    const { json } = await scanEverything();
    const names = new Set(json.findings.map((f: any) => f.resource.name));
    expect(names).toContain('web');
    expect(names).not.toContain('web-5d9f');
    expect(names).not.toContain('web-5d9f-x2x4k');
  });

  it('fails the run on high findings by default', async () => {
    const result = await runCliAsync(['scan', '--kube', '--format', 'json'], { env: env() });
    expect(result.code).toBe(1);
  });

  it('limits namespaced objects to --namespace', async () => {
    const { json, result } = await runCliJsonAsync(['scan', '--kube', '--namespace', 'shop', '--fail-on', 'none', '--include-passed'], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    const namespaces = new Set(json.findings.map((f: any) => f.resource.namespace).filter(Boolean));
    expect([...namespaces]).toEqual(['shop']);
    expect(json.findings.some((f: any) => f.resource.name === 'root-pod')).toBe(true);
  });

  it('reports a --namespace that does not exist as an error (exit 2)', async () => {
    const { json, result } = await runCliJsonAsync(['scan', '--kube', '-n', 'no-such-namespace', '--fail-on', 'none'], { env: env() });
    expect(result.code).toBe(2);
    expect(json.errors).toEqual([{ source: 'kube get namespace', message: 'namespace "no-such-namespace" does not exist' }]);
  });

  it('combines manifests and the live cluster in one report', async () => {
    const manifest = path.join(work, 'app.yaml');
    writeFileSync(manifest, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: from-git\n  namespace: shop\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n    securityContext:\n      privileged: true\n');
    const { json, result } = await runCliJsonAsync(['scan', manifest, '--kube', '--fail-on', 'none'], { env: env(), cwd: work });
    expect(result.code, result.stderr).toBe(0);
    const privileged = json.findings.filter((f: any) => f.checkId === 'PSS-privileged');
    expect(privileged).toContainEqual(expect.objectContaining({ resource: expect.objectContaining({ name: 'from-git' }), location: expect.objectContaining({ file: 'app.yaml' }) }));
    expect(privileged).toContainEqual(expect.objectContaining({ resource: expect.objectContaining({ name: 'root-pod', context: CONTEXT }) }));
  });

  it('combines the live cluster with an AWS snapshot in one report', async () => {
    const clusterDir = path.join(work, 'snapshot/eu-west-1/eks/clusters/prod');
    mkdirSync(clusterDir, { recursive: true });
    const arn = 'arn:aws:eks:eu-west-1:111122223333:cluster/prod';
    writeFileSync(
      path.join(clusterDir, 'describe-cluster.json'),
      JSON.stringify({
        cluster: {
          name: 'prod',
          arn,
          version: cluster.minorVersion,
          status: 'ACTIVE',
          resourcesVpcConfig: { endpointPublicAccess: true, endpointPrivateAccess: false, publicAccessCidrs: ['0.0.0.0/0'], vpcId: 'vpc-1', subnetIds: ['subnet-1'], securityGroupIds: [] },
        },
      }),
    );
    const { json, result } = await runCliJsonAsync(['scan', '--kube', '--aws-snapshot', path.join(work, 'snapshot'), '--fail-on', 'none'], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    const failed = json.findings.filter((f: any) => f.status === 'fail');
    expect(failed.some((f: any) => f.resource.arn === arn)).toBe(true);
    expect(failed.some((f: any) => f.resource.context === CONTEXT && f.resource.name === 'root-pod')).toBe(true);
  });

  it('selects the context with --context and --kubeconfig, and explains an unknown one', async () => {
    const ok = await runCliJsonAsync(['scan', '--kube', '--kubeconfig', cluster.kubeconfig, '--context', CONTEXT, '--fail-on', 'none'], { env: { KUBECONFIG: '' } });
    expect(ok.result.code, ok.result.stderr).toBe(0);
    const bad = await runCliAsync(['scan', '--kube', '--context', 'prod'], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('context "prod" is not defined');
    expect(bad.stderr).toContain(`available contexts: ${CONTEXT}`);
  });

  it('refuses --context without --kube', async () => {
    const result = await runCliAsync(['scan', 'x.yaml', '--context', CONTEXT]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('add --kube');
  });

  it('fails clearly when the API server cannot be reached', async () => {
    const file = path.join(work, 'dead.yaml');
    writeFileSync(
      file,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'dead', cluster: { server: 'https://127.0.0.1:1', 'certificate-authority': cluster.caFile } }],
        users: [{ name: 'u', user: { token: 'x' } }],
        contexts: [{ name: 'dead', context: { cluster: 'dead', user: 'u' } }],
        'current-context': 'dead',
      }),
    );
    const result = await runCliAsync(['scan', '--kube', '--kubeconfig', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot reach the API server of context "dead" \(https:\/\/127\.0\.0\.1:1\)/);
  });
});

describe('the kube source against the real API server', () => {
  const needs = (...keys: string[]): CheckNeeds[] => [{ id: 'TEST-NEEDS', needs: keys }];

  it("records the server's minor version and the context", async () => {
    const inventory = await collectCluster({ kubeconfig: cluster.kubeconfig, checks: needs('kube:Namespace') });
    expect(inventory.facts).toEqual({ context: CONTEXT, kubernetesVersion: cluster.minorVersion });
    expect(cluster.minorVersion).toMatch(/^1\.\d+$/);
    expect(inventory.kube.map((o) => o.name)).toEqual(expect.arrayContaining(['shop', 'other', 'default', 'kube-system']));
  });

  it('pages through a list larger than one page', async () => {
    const loaded = loadKubeconfig({ kubeconfig: cluster.kubeconfig });
    const transport = createTransport(loaded.kubeConfig, { server: loaded.server, userAgent: 'eksguard-test' });
    const seen: number[] = [];
    try {
      const [outcome] = await listResources([{ resource: resourceForKind('ConfigMap')!, namespace: 'paging' }], {
        transport,
        pageSize: 50,
        concurrency: 1,
        onProgress: (_task, collected, finished) => {
          if (!finished) seen.push(collected);
        },
      });
      expect(outcome?.error).toBeUndefined();
      expect(outcome?.items).toHaveLength(130);
    } finally {
      transport.close();
    }
    expect(seen).toEqual([50, 100, 130]);

    const paged = await collectCluster({ kubeconfig: cluster.kubeconfig, checks: needs('kube:ConfigMap'), namespaces: ['paging'], pageSize: 50 });
    const whole = await collectCluster({ kubeconfig: cluster.kubeconfig, checks: needs('kube:ConfigMap'), namespaces: ['paging'] });
    const names = (objects: readonly { name: string }[]) => objects.map((o) => o.name).sort();
    expect(names(paged.kube)).toEqual(names(whole.kube));
    expect(new Set(names(paged.kube)).size).toBe(130);
  });

  it('reads Secrets as metadata only: service-account tokens with their type, no values', async () => {
    const inventory = await collectCluster({ kubeconfig: cluster.kubeconfig, checks: needs('kube:Secret'), namespaces: ['vault'] });
    expect(inventory.gaps).toEqual([]);
    expect(inventory.kube.map((o) => o.raw)).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'kubernetes.io/service-account-token',
        metadata: expect.objectContaining({ name: 'legacy-token', namespace: 'vault', annotations: { 'kubernetes.io/service-account.name': 'builder' } }),
      },
    ]);
    const everything = JSON.stringify(inventory.kube.map((o) => o.raw));
    for (const value of ['sa-token-value-must-not-leak', 'opaque-value-must-not-leak', Buffer.from('sa-token-value-must-not-leak').toString('base64')]) {
      expect(everything).not.toContain(value);
    }
  });

  it('lists only the kinds the checks need', async () => {
    const inventory = await collectCluster({ kubeconfig: cluster.kubeconfig, checks: needs('kube:ConfigMap', 'aws:eks:DescribeCluster') });
    expect(new Set(inventory.kube.map((o) => o.kind))).toEqual(new Set(['ConfigMap']));
    expect(inventory.kube.length).toBeGreaterThanOrEqual(130);
  });

  it('keeps owned objects when asked', async () => {
    const pruned = await collectCluster({ kubeconfig: cluster.kubeconfig, checks: needs('kube:workloads'), namespaces: ['shop'] });
    const all = await collectCluster({ kubeconfig: cluster.kubeconfig, checks: needs('kube:workloads'), namespaces: ['shop'], includeOwned: true });
    const names = (inventory: typeof pruned) => inventory.kube.map((o) => `${o.kind}/${o.name}`).sort();
    expect(names(pruned)).toEqual(['Deployment/web', 'Pod/good', 'Pod/root-pod']);
    expect(names(all)).toEqual(['Deployment/web', 'Pod/good', 'Pod/root-pod', 'Pod/web-5d9f-x2x4k', 'ReplicaSet/web-5d9f']);
  });

  it('reports a kind it cannot list as a gap that skips the checks needing it', async () => {
    const inventory = await collectCluster({ kubeconfig: cluster.kubeconfig, checks: [{ id: 'K8S-TEST-001', needs: ['kube:Frobnicator'] }] });
    expect(inventory.gaps).toEqual([{ source: 'kube:Frobnicator', reason: 'eksguard does not know how to list this kind from a cluster', checks: ['K8S-TEST-001'] }]);
    expect(inventory.missing.get('kube:Frobnicator')).toBe(inventory.gaps[0]);
  });
});
