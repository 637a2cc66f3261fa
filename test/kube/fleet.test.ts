/**
 * Fleet scans of several kubeconfig contexts against a real kube-apiserver: every context is a
 * cluster of its own, an unreachable one is a gap, and shards merged equal the unsharded scan.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObjects, namespace, pod, runCliAsync, startLocalCluster, type LocalCluster } from './local-cluster.js';

let cluster: LocalCluster;
let work: string;
let kubeconfig: string;
const PROD = 'arn:aws:eks:eu-west-1:111122223333:cluster/prod';

beforeAll(async () => {
  cluster = await startLocalCluster('kube-fleet');
  work = mkdtempSync(path.join(tmpdir(), 'eksguard-kube-fleet-'));
  await createObjects(cluster.admin, [namespace('shop')]);
  await createObjects(cluster.admin, [pod('shop', 'root-pod', { containers: [{ name: 'c', image: 'busybox:1.36', securityContext: { privileged: true } }] })]);
  // three names for clusters: two reach the API server (one named like `aws eks update-kubeconfig` names it), one does not
  const admin = yaml.load(readFileSync(cluster.kubeconfig, 'utf8')) as { clusters: { name: string; cluster: Record<string, unknown> }[]; users: { name: string }[]; contexts: { name: string; context: Record<string, unknown> }[] };
  const real = admin.contexts[0]!.context;
  const config = {
    ...admin,
    clusters: [...admin.clusters, { name: 'dead', cluster: { server: 'https://127.0.0.1:1', 'certificate-authority': cluster.caFile } }],
    contexts: [
      { name: PROD, context: real },
      { name: 'staging', context: real },
      { name: 'dead', context: { cluster: 'dead', user: admin.users[0]!.name } },
    ],
    'current-context': 'staging',
  };
  kubeconfig = path.join(work, 'fleet.yaml');
  writeFileSync(kubeconfig, yaml.dump(config));
}, 30 * 60_000);

afterAll(async () => {
  await cluster?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const scan = (args: string[]) => runCliAsync(['scan', '--kube', '--kubeconfig', kubeconfig, '--fail-on', 'none', ...args], { env: { KUBECONFIG: '' } });
const read = (file: string) => JSON.parse(readFileSync(path.join(work, file), 'utf8'));

describe('eksguard scan --kube --all-contexts', () => {
  it('scans every context as a cluster of its own and keeps the unreachable one as a gap', async () => {
    const result = await scan(['--all-contexts', '-f', 'json', '-o', path.join(work, 'whole.json')]);
    expect(result.code, result.stderr).toBe(0);
    const report = read('whole.json');
    // the context named by an EKS ARN becomes the AWS target key of that cluster
    expect(report.fleet.targets).toEqual(['aws:111122223333:eu-west-1:prod', 'kube:staging']);
    const privileged = report.findings.filter((f: any) => f.checkId === 'PSS-privileged' && f.resource.name === 'root-pod');
    expect(privileged.map((f: any) => f.resource.context).sort()).toEqual([PROD, 'staging']);
    expect(privileged.map((f: any) => f.target).sort()).toEqual(['aws:111122223333:eu-west-1:prod', 'kube:staging']);
    const dead = report.gaps.filter((gap: any) => gap.source === 'kube');
    expect(dead).toHaveLength(1);
    expect(dead[0].reason).toMatch(/^context "dead": cannot reach the API server of context "dead"/);
    expect(dead[0].checks).toContain('PSS-privileged');
    expect(report.errors).toEqual([]);
  }, 300_000);

  it('takes named contexts with --context, and shards them so that the merge equals the whole', async () => {
    const named = await scan(['--context', 'staging', '--context', 'dead', '-f', 'json', '-o', path.join(work, 'named.json')]);
    expect(named.code, named.stderr).toBe(0);
    expect(read('named.json').fleet.targets).toEqual(['kube:staging']);
    const shards = await Promise.all([0, 1].map((index) => scan(['--all-contexts', '--shard', `${index}/2`, '-f', 'json', '-o', path.join(work, `shard-${index}.json`)])));
    for (const shard of shards) expect(shard.code, shard.stderr).toBe(0);
    const merged = await runCliAsync(['merge', path.join(work, 'shard-0.json'), path.join(work, 'shard-1.json'), '-o', path.join(work, 'merged.json')]);
    expect(merged.code, merged.stderr).toBe(0);
    const whole = read('whole.json');
    const joined = read('merged.json');
    expect(joined.findings).toEqual(whole.findings);
    expect(joined.summary).toEqual(whole.summary);
    expect(joined.gaps).toEqual(whole.gaps);
  }, 300_000);

  it('fails the gate when no context can be read', async () => {
    const result = await scan(['--context', 'dead', '--context', 'dead2', '-f', 'json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('eksguard: error: none of the 2 clusters of this run could be read (see the gaps)');
    const report = JSON.parse(result.stdout);
    expect(report.gaps.map((gap: any) => gap.reason.split(':')[0])).toEqual(['context "dead"', 'context "dead2"']);
    expect(report.gaps[1].reason).toContain('context "dead2" is not defined');
  }, 120_000);
});
