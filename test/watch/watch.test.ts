import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import { loadAll } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceReportName } from '../../src/reporters/policy-report.js';
import { KubeApiError } from '../../src/sources/kube/api-error.js';
import { createTransport, type KubeTransport } from '../../src/sources/kube/transport.js';
import { createObjects, namespace, pod, repoRoot, RESTRICTED_CONTAINER, serviceAccountToken, startLocalCluster, writeKubeconfig, type LocalCluster } from '../kube/local-cluster.js';
import { eventually, metricValue, startWatch, type WatchProcess } from './watch-process.js';

// `eksguard watch` end to end on a real kube-apiserver: two replicas of the built CLI, with the
// shipped least-privilege RBAC (deploy/watch/rbac.yaml) minus the Secret-metadata binding (so
// one list is refused), write policy reports that follow what is created, fixed and deleted.
let cluster: LocalCluster;
let work: string;
let transport: KubeTransport;
let client: KubernetesObjectApi;
let kubeconfig: string;
const replicas: Record<string, WatchProcess> = {};

const REPORTS = '/apis/wgpolicyk8s.io/v1alpha2';
const PRIVILEGED = { name: 'c', image: 'busybox:1.36', securityContext: { privileged: true } };

function yamlDocs(file: string): KubernetesObject[] {
  return (loadAll(readFileSync(path.join(repoRoot, file), 'utf8')) as KubernetesObject[]).filter(Boolean);
}

async function getOrUndefined(target: string): Promise<any> {
  try {
    return await transport.getJson(target);
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 404) return undefined;
    throw error;
  }
}

const namespaceReport = (ns: string) => getOrUndefined(`${REPORTS}/namespaces/${ns}/policyreports/eksguard`);
const clusterReport = () => getOrUndefined(`${REPORTS}/clusterpolicyreports/eksguard`);
const API_VERSIONS: Record<string, string> = { Pod: 'v1', Deployment: 'apps/v1' };
/** The report of one namespaced resource: `eksguard-<kind>-<name>` (core group) or `eksguard-<kind>.<group>-<name>` in its namespace. */
const resourceReport = (ns: string, kind: string, name: string) => getOrUndefined(`${REPORTS}/namespaces/${ns}/policyreports/${resourceReportName(API_VERSIONS[kind]!, kind, name)}`);
/** Every result of every eksguard report in a namespace. */
async function namespaceResults(ns: string): Promise<any[]> {
  const list = await transport.getJson(`${REPORTS}/namespaces/${ns}/policyreports`, { query: { labelSelector: 'app.kubernetes.io/managed-by=eksguard' } });
  return ((list as any).items ?? []).flatMap((report: any) => (report.results ?? []).map((result: any) => ({ ...result, subject: subjectOf(report, result) })));
}

/** The resource a result is about: its own, or (in a per-resource report) the report's scope. */
const subjectOf = (report: any, result: any) => result.resources?.[0] ?? report?.scope;

function resultsFor(report: any, policy: string, name?: string): any[] {
  return (report?.results ?? []).filter((result: any) => result.policy === policy && (name === undefined || subjectOf(report, result)?.name === name));
}

/**
 * Waits until the report of `kind` `name` (a Namespace: the namespace's own report; else the
 * resource's report in `ns`) has (or, with `present` false, no longer has) a `fail` of `policy`.
 */
async function untilResult(ns: string, kind: string, name: string, policy: string, present: boolean): Promise<number> {
  const report = () => (kind === 'Namespace' ? namespaceReport(ns) : resourceReport(ns, kind, name));
  const { ms } = await eventually(`${policy} ${present ? 'in' : 'gone from'} the ${ns} report for ${kind} ${name}`, async () => {
    const found = resultsFor(await report(), policy, name).filter((result) => result.result === 'fail');
    return (found.length > 0) === present ? true : undefined;
  });
  return ms;
}

async function holder(): Promise<string | undefined> {
  const lease = await getOrUndefined('/apis/coordination.k8s.io/v1/namespaces/eksguard/leases/eksguard-watch');
  return lease?.spec?.holderIdentity || undefined;
}

/**
 * Restarts kube-apiserver alone (etcd, certificates and port stay), as a control plane upgrade
 * or crash does: its process is stopped and started again with the same command line.
 */
async function restartApiServer(): Promise<void> {
  const pidFile = path.join(cluster.runDir, 'kube-apiserver.pid');
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  process.kill(-pid, 'SIGTERM');
  // gone, or a zombie no one reaps (its parent, the script's shell, is long gone)
  const alive = () => existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  // it drains for a while; what matters here is that it goes away and comes back
  await eventually('kube-apiserver to exit', async () => (alive() ? undefined : true), 5_000).catch(() => process.kill(-pid, 'SIGKILL'));
  await eventually('kube-apiserver to exit', async () => (alive() ? undefined : true), 10_000);
  const log = openSync(path.join(cluster.runDir, 'logs/kube-apiserver.log'), 'a');
  // its own process group, as scripts/local-cluster.sh launches it, so that its stop finds it
  const child = spawn(command[0]!, command.slice(1), { detached: true, stdio: ['ignore', log, log], env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/root' } });
  child.unref();
  closeSync(log);
  writeFileSync(pidFile, `${child.pid}\n`);
  await eventually('kube-apiserver to serve again', async () => ((await transport.getJson('/version').catch(() => undefined)) !== undefined ? true : undefined), 60_000);
}

async function remove(object: KubernetesObject): Promise<void> {
  await client.delete(object, undefined, undefined, 0);
}

beforeAll(async () => {
  cluster = await startLocalCluster('watch');
  work = mkdtempSync(path.join(tmpdir(), 'eksguard-watch-'));
  transport = createTransport(cluster.admin, { server: cluster.server, userAgent: 'eksguard-test' });
  client = KubernetesObjectApi.makeApiClient(cluster.admin);
  const crds = readdirSync(path.join(repoRoot, 'deploy/crds')).flatMap((file) => yamlDocs(`deploy/crds/${file}`));
  await createObjects(cluster.admin, crds);
  await eventually('the report CRDs to be served', async () => ((await getOrUndefined(`${REPORTS}/policyreports`)) ? true : undefined), 30_000);
  const rbac = yamlDocs('deploy/watch/rbac.yaml');
  // without this binding the Secret list is refused: the report must show the gap
  await createObjects(cluster.admin, rbac.filter((doc) => doc.kind === 'Namespace'));
  await createObjects(cluster.admin, rbac.filter((doc) => doc.kind !== 'Namespace' && !(doc.kind === 'ClusterRoleBinding' && doc.metadata?.name === 'eksguard-watcher-secret-metadata')));
  await createObjects(cluster.admin, [namespace('shop'), namespace('team')]);
  await createObjects(cluster.admin, [pod('team', 'app', { containers: [RESTRICTED_CONTAINER] }, { labels: { app: 'app' } })]);
  const token = await serviceAccountToken(cluster.admin, 'eksguard', 'eksguard-watch');
  kubeconfig = writeKubeconfig(path.join(work, 'watch.kubeconfig'), cluster, { token }, 'watcher');
  for (const identity of ['replica-a', 'replica-b']) {
    replicas[identity] = await startWatch(['--kubeconfig', kubeconfig, '--identity', identity, '--lease-namespace', 'eksguard', '--debounce-ms', '200']);
  }
});

afterAll(async () => {
  for (const replica of Object.values(replicas)) await replica.stop();
  if (process.env['EKSGUARD_WATCH_TEST_LOGS']) for (const [name, replica] of Object.entries(replicas)) writeFileSync(`${process.env['EKSGUARD_WATCH_TEST_LOGS']}-${name}.log`, replica.logs());
  transport?.close();
  await cluster?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('eksguard watch on a real kube-apiserver', () => {
  it('publishes a report per namespaced resource, one per namespace and a cluster-wide one, written by exactly one elected replica', async () => {
    await eventually('the shop report', () => namespaceReport('shop'), 30_000);
    const cluster = (await eventually('the cluster report', () => clusterReport())).value;
    const leader = (await eventually('a Lease holder', holder)).value;
    expect(['replica-a', 'replica-b']).toContain(leader);
    const leaderMetric = async (identity: string) => metricValue(await replicas[identity]!.metrics(), 'eksguard_watch_leader');
    expect([await leaderMetric('replica-a'), await leaderMetric('replica-b')].sort()).toEqual([0, 1]);
    // written under eksguard's field manager only: created (an Update entry) when the cluster did
    // not hold it, server-side applied (an Apply entry) when its content changed
    const shop = await namespaceReport('shop');
    const managers = shop.metadata.managedFields.map((entry: any) => [entry.manager, entry.operation]);
    expect(managers.length).toBeGreaterThan(0);
    for (const manager of managers) expect([['eksguard', 'Update'], ['eksguard', 'Apply']]).toContainEqual(manager);
    expect(shop.metadata.labels['app.kubernetes.io/managed-by']).toBe('eksguard');
    // the refused Secret list is a gap: an error result, and the check that needs it skipped
    const gaps = resultsFor(cluster, 'eksguard-data-gap');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ result: 'error', rule: 'kube list secrets' });
    expect(gaps[0].message).toMatch(/forbidden/i);
    expect(resultsFor(cluster, 'K8S-IAM-005')[0]).toMatchObject({ result: 'skip' });
    // ready once its first reports are out and nothing it must write is pending (a loaded machine may still be writing)
    for (const replica of Object.values(replicas)) await eventually('a ready replica', async () => ((await replica.get('/readyz')).status === 200 ? true : undefined), 30_000);
    for (const replica of Object.values(replicas)) expect((await replica.get('/healthz')).status).toBe(200);
  });

  it('writes a privileged Pod\'s failures to its own report (scoped to and owned by the Pod) and the failure metrics, and deletes the report with the Pod', async () => {
    const privileged = pod('shop', 'priv', { containers: [PRIVILEGED] });
    await createObjects(cluster.admin, [privileged]);
    await untilResult('shop', 'Pod', 'priv', 'PSS-privileged', true);
    const report = await resourceReport('shop', 'Pod', 'priv');
    const result = resultsFor(report, 'PSS-privileged', 'priv')[0];
    expect(result).toMatchObject({ source: 'eksguard', category: 'containers', severity: 'critical', scored: true });
    // the report's scope names the Pod; its results do not repeat it
    expect(result.resources).toBeUndefined();
    expect(result.properties.remediation).toMatch(/PSS-privileged/);
    // the Policy Reporter / Kyverno per-resource layout: the report names its resource, which owns it
    const live: any = await client.read(privileged as any);
    expect(report.scope).toEqual({ apiVersion: 'v1', kind: 'Pod', name: 'priv', namespace: 'shop', uid: live.metadata.uid });
    expect(report.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Pod', name: 'priv', uid: live.metadata.uid }]);
    expect(report.summary.fail).toBe(report.results.filter((entry: any) => entry.result === 'fail').length);
    // no other report holds the Pod's results
    expect((await namespaceResults('shop')).filter((entry) => entry.subject?.name === 'priv')).toHaveLength(report.results.length);
    const leader = replicas[(await holder())!]!;
    expect(metricValue(await leader.metrics(), 'eksguard_watch_failures', { check: 'PSS-privileged', namespace: 'shop' })).toBe(1);
    await remove(privileged);
    await eventually('the report of the deleted Pod to be deleted', async () => ((await resourceReport('shop', 'Pod', 'priv')) === undefined ? true : undefined));
    expect(metricValue(await leader.metrics(), 'eksguard_watch_failures', { check: 'PSS-privileged', namespace: 'shop' })).toBeUndefined();
    expect(metricValue(await leader.metrics(), 'eksguard_watch_report_writes_total', { outcome: 'applied' })).toBeGreaterThan(0);
  });

  it('names only the new Pod as owner when a Pod is made again under the same name (its created report is made again, not applied over)', async () => {
    const first = pod('shop', 'again', { containers: [PRIVILEGED] });
    await createObjects(cluster.admin, [first]);
    await untilResult('shop', 'Pod', 'again', 'PSS-privileged', true);
    const before: any = await client.read(first as any);
    // at once, so the watcher judges both in one flush: the report is rewritten, not deleted first
    await transport.send({ method: 'DELETE', path: '/api/v1/namespaces/shop/pods/again', query: { gracePeriodSeconds: '0' } });
    await transport.send({ method: 'POST', path: '/api/v1/namespaces/shop/pods', body: pod('shop', 'again', { containers: [PRIVILEGED] }) });
    const after: any = await client.read(first as any);
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    const owners = async () => (await resourceReport('shop', 'Pod', 'again'))?.metadata.ownerReferences?.map((owner: any) => owner.uid);
    await eventually('the report owned by the new Pod only', async () => (JSON.stringify(await owners()) === JSON.stringify([after.metadata.uid]) ? true : undefined));
    // and it stays so (a write in flight for the old Pod does not add it back)
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await owners()).toEqual([after.metadata.uid]);
    expect((await resourceReport('shop', 'Pod', 'again')).scope.uid).toBe(after.metadata.uid);
    await remove(first);
  });

  it('drops the failure of a Deployment once it is fixed', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [PRIVILEGED] } } },
    } as KubernetesObject;
    await createObjects(cluster.admin, [deployment]);
    await untilResult('shop', 'Deployment', 'web', 'PSS-privileged', true);
    // its report's name carries its API group
    expect((await getOrUndefined(`${REPORTS}/namespaces/shop/policyreports/eksguard-deployment.apps-web`))?.scope).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' });
    const current: any = await client.read(deployment as any);
    current.spec.template.spec.containers = [RESTRICTED_CONTAINER];
    await client.replace(current);
    await untilResult('shop', 'Deployment', 'web', 'PSS-privileged', false);
    await remove(deployment);
  });

  it('follows a NetworkPolicy: the namespace default-deny failure goes when one is created and comes back when it is deleted', async () => {
    await untilResult('team', 'Namespace', 'team', 'K8S-NET-002', true);
    const policy = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: 'team' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } } as KubernetesObject;
    await createObjects(cluster.admin, [policy]);
    await untilResult('team', 'Namespace', 'team', 'K8S-NET-002', false);
    await remove(policy);
    await untilResult('team', 'Namespace', 'team', 'K8S-NET-002', true);
  });

  it('follows a RoleBinding: binding a ServiceAccount to cluster-admin is reported, and unbinding it clears the result', async () => {
    const serviceAccount = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'ci', namespace: 'team' } } as KubernetesObject;
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'ci-admin', namespace: 'team' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', name: 'ci', namespace: 'team' }],
    } as KubernetesObject;
    await createObjects(cluster.admin, [serviceAccount, binding]);
    const mentionsCi = async () => {
      const all = [...(await namespaceResults('team')).filter((result) => result.policy === 'K8S-RBAC-001'), ...resultsFor(await clusterReport(), 'K8S-RBAC-001')];
      return all.filter((result) => result.result === 'fail' && /\bci\b/.test(`${result.message} ${result.subject?.name ?? result.resources?.[0]?.name}`));
    };
    await eventually('K8S-RBAC-001 for team/ci', async () => ((await mentionsCi()).length > 0 ? true : undefined));
    await remove(binding);
    await eventually('K8S-RBAC-001 for team/ci to go', async () => ((await mentionsCi()).length === 0 ? true : undefined));
  });

  it('survives an API server restart: it watches again and keeps following changes', async () => {
    const leader = replicas[(await holder())!]!;
    await restartApiServer();
    await createObjects(cluster.admin, [pod('shop', 'after-restart', { containers: [PRIVILEGED] })]);
    await untilResult('shop', 'Pod', 'after-restart', 'PSS-privileged', true);
    const after = await leader.metrics();
    expect(metricValue(after, 'eksguard_watch_kind_phase', { kind: 'Pod', phase: 'watching' })).toBe(1);
    expect(leader.logs()).toMatch(/list or watch failed: retrying/);
  }, 120_000);

  it('hands over to the other replica when the leader stops, which then keeps the reports current', async () => {
    const first = (await holder())!;
    const other = first === 'replica-a' ? 'replica-b' : 'replica-a';
    expect(await replicas[first]!.stop()).toBe(0);
    expect(replicas[first]!.logs()).toMatch(/releasing the Lease/);
    const { ms } = await eventually(`${other} to take the Lease`, async () => ((await holder()) === other ? true : undefined));
    // released on stop: no need to wait out the 15 s Lease
    expect(ms).toBeLessThan(10_000);
    await createObjects(cluster.admin, [pod('shop', 'after-failover', { containers: [PRIVILEGED] })]);
    await untilResult('shop', 'Pod', 'after-failover', 'PSS-privileged', true);
    expect(metricValue(await replicas[other]!.metrics(), 'eksguard_watch_leader')).toBe(1);
  }, 60_000);
});
