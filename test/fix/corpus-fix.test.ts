import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixTexts, untouchedLinesKept, verdicts, type FixTextsResult } from '../helpers/fix-texts.js';
import { projectHelm } from '../helpers/renderers.js';
import { startLocalCluster, type LocalCluster } from '../kube/local-cluster.js';
import { MANIFEST_LIMITS, parseManifestText } from '../../src/sources/manifests/index.js';
import { runCli } from '../e2e/run-cli.js';

/**
 * `eksguard fix` on a real-world corpus: the charts of test/fixtures/charts rendered by the
 * project's Helm into plain manifest files (what a team that commits rendered output has). Every
 * fix must hold on re-scan, no verdict may get worse, the author's lines stay, a second run
 * changes nothing, and every fixed object must still be a valid object of its kind for the real
 * kube-apiserver (server-side dry-run create).
 */

const repoRoot = path.resolve(import.meta.dirname, '../..');
const CHARTS: { dir: string; set?: string[] }[] = [
  { dir: 'aws-load-balancer-controller', set: ['clusterName=demo'] },
  { dir: 'aws-ebs-csi-driver' },
  { dir: 'cert-manager' },
  { dir: 'cluster-autoscaler', set: ['autoDiscovery.clusterName=demo'] },
  { dir: 'external-dns' },
  { dir: 'fluent-bit' },
  { dir: 'ingress-nginx' },
  { dir: 'karpenter', set: ['settings.clusterName=demo'] },
  { dir: 'metrics-server' },
];

const rendered: Record<string, string> = {};
const results = new Map<string, { safe: FixTextsResult; unsafe: FixTextsResult }>();
let cluster: LocalCluster | undefined;

beforeAll(async () => {
  const helm = projectHelm();
  for (const chart of CHARTS) {
    const args = ['template', chart.dir, path.join(repoRoot, 'test/fixtures/charts', chart.dir), '--namespace', 'corpus', ...(chart.set ?? []).flatMap((value) => ['--set', value])];
    rendered[`${chart.dir}.yaml`] = execFileSync(helm, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, HELM_CACHE_HOME: path.join(repoRoot, '.cache/helm-home') } });
  }
  for (const [file, text] of Object.entries(rendered)) {
    results.set(file, { safe: fixTexts({ [file]: text }), unsafe: fixTexts({ [file]: text }, { unsafe: true }) });
  }
  cluster = await startLocalCluster('fix-corpus');
});

afterAll(async () => {
  await cluster?.stop();
});

describe('fix over rendered real-world charts', () => {
  it('fixes a good share of the corpus', () => {
    const applied = [...results.values()].flatMap((result) => result.safe.fixes.filter((fix) => fix.applied));
    expect(new Set(applied.map((fix) => fix.checkId)).size).toBeGreaterThanOrEqual(4);
    expect(applied.length).toBeGreaterThan(20);
  });

  for (const chart of CHARTS) {
    const file = `${chart.dir}.yaml`;
    for (const mode of ['safe', 'unsafe'] as const) {
      it(`${chart.dir} (${mode}): every fix holds, nothing gets worse, the author's lines stay, a second run changes nothing`, () => {
        const result = results.get(file)![mode];
        const before = verdicts({ [file]: rendered[file]! });
        const after = verdicts(result.texts);
        for (const fix of result.fixes.filter((entry) => entry.applied)) {
          expect(after.get(`${fix.checkId} ${JSON.stringify(fix.finding.resource)}`), fix.description).not.toBe('fail');
        }
        for (const [key, status] of after) if (status === 'fail' || status === 'error') expect(before.get(key), `${key} got worse`).toBe(status);
        const { missing } = untouchedLinesKept(rendered[file]!, result.texts[file]!);
        // only --unsafe replaces a value (privileged: true → false, readOnlyRootFilesystem: false → true)
        if (mode === 'safe') expect(missing).toEqual([]);
        else for (const line of missing) expect(line).toMatch(/privileged|readOnlyRootFilesystem|allowPrivilegeEscalation/);
        expect(fixTexts(result.texts, { unsafe: mode === 'unsafe' }).files).toEqual([]);
      });
    }
  }

  it('every fixed object is still a valid object of its kind for kube-apiserver (server-side dry-run)', async () => {
    const client = KubernetesObjectApi.makeApiClient(cluster!.admin);
    const refused: string[] = [];
    let checked = 0;
    for (const [file, result] of results) {
      for (const mode of ['safe', 'unsafe'] as const) {
        const fixedObjects = new Set(result[mode].fixes.filter((fix) => fix.applied).map((fix) => `${fix.object.kind}/${fix.object.name}`));
        const objects = parseManifestText({ text: result[mode].texts[file]!, file, limits: MANIFEST_LIMITS }).objects;
        for (const object of objects) {
          if (!fixedObjects.has(`${object.kind}/${object.name}`)) continue;
          const raw = structuredClone(object.raw) as unknown as KubernetesObject & { metadata: Record<string, unknown> };
          raw.metadata = { ...raw.metadata, namespace: 'default' };
          checked += 1;
          try {
            await client.create(raw, undefined, 'All');
          } catch (error) {
            refused.push(`${file} ${mode} ${object.kind}/${object.name}: ${String((error as { body?: unknown }).body ?? error).slice(0, 300)}`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(refused).toEqual([]);
  }, 300_000);

  it('--kube prints kubectl patch commands that the real API server accepts, and applies nothing', async () => {
    const client = KubernetesObjectApi.makeApiClient(cluster!.admin);
    const namespace = 'fix-kube';
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } } as KubernetesObject);
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'side', image: 'busybox' }, { name: 'web', image: 'nginx', securityContext: { capabilities: { drop: ['NET_RAW'] } } }] } } },
    };
    await client.create(deployment as KubernetesObject);
    const result = runCli(['fix', '--kube', '--kubeconfig', cluster!.kubeconfig, '--namespace', namespace, '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    const entry = json.kubectl.find((item: any) => item.object.kind === 'Deployment' && item.object.name === 'web');
    expect(entry.command).toMatch(/^kubectl (--context \S+ )?patch deployment\.apps web --namespace fix-kube --type=strategic --patch '/);
    expect(entry.checks).toEqual(expect.arrayContaining(['PSS-allowPrivilegeEscalation', 'PSS-capabilities_restricted', 'PSS-seccompProfile_restricted']));
    // nothing was applied
    const stored = (await client.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace } })) as any;
    expect(stored.spec.template.spec.securityContext ?? {}).not.toHaveProperty('seccompProfile');
    // the printed patch, sent as kubectl would (dry run), makes the containers pass and keeps the other fields
    const patched = (await client.patch(
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace }, ...entry.patch },
      undefined,
      'All',
      undefined,
      undefined,
      PatchStrategy.StrategicMergePatch,
    )) as any;
    const containers = patched.spec.template.spec.containers;
    expect(containers.map((container: any) => container.name)).toEqual(['side', 'web']);
    expect(containers[1].securityContext.capabilities.drop).toEqual(['NET_RAW', 'ALL']);
    for (const container of containers) expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
    expect(patched.spec.template.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  }, 120_000);
});
