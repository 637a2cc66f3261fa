import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { loadAll } from 'js-yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KubeApiError } from '../../src/sources/kube/api-error.js';
import { createTransport, type KubeTransport } from '../../src/sources/kube/transport.js';
import { MotoServer } from '../aws/moto-env.js';
import { SSM_PREFIX, WEAK_REGION, seedAccount } from '../aws/seed.js';
import { createObjects, namespace, repoRoot, startLocalCluster, type LocalCluster } from '../kube/local-cluster.js';
import { eventually, metricValue, startWatch, type WatchProcess } from './watch-process.js';

// `eksguard watch --aws` end to end: the built CLI watches a real kube-apiserver and audits an
// AWS account emulated by moto, and the EKS checks land in the ClusterPolicyReport; without
// credentials the audit is a gap in that report and the watcher keeps running.
let cluster: LocalCluster;
let moto: MotoServer;
let transport: KubeTransport;
let watch: WatchProcess | undefined;

const REPORTS = '/apis/wgpolicyk8s.io/v1alpha2';
const SECRET = 'eksguardFAKEsecretKEY0000000000000000000';

async function clusterReport(): Promise<any> {
  try {
    return await transport.getJson(`${REPORTS}/clusterpolicyreports/eksguard`);
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 404) return undefined;
    throw error;
  }
}

const resultsFor = (report: any, policy: string): any[] => (report?.results ?? []).filter((result: any) => result.policy === policy);

beforeAll(async () => {
  moto = MotoServer.start();
  await seedAccount(moto.endpoint);
  cluster = await startLocalCluster('watch-aws');
  transport = createTransport(cluster.admin, { server: cluster.server, userAgent: 'eksguard-test' });
  const crds = readdirSync(path.join(repoRoot, 'deploy/crds')).flatMap((file) => (loadAll(readFileSync(path.join(repoRoot, 'deploy/crds', file), 'utf8')) as KubernetesObject[]).filter(Boolean));
  await createObjects(cluster.admin, crds);
  await createObjects(cluster.admin, [namespace('shop')]);
  await eventually('the report CRDs to be served', async () => ((await transport.getJson(`${REPORTS}/clusterpolicyreports`).catch(() => undefined)) ? true : undefined), 30_000);
}, 900_000);

afterEach(async () => {
  await watch?.stop();
  watch = undefined;
});

afterAll(async () => {
  await watch?.stop();
  transport?.close();
  await cluster?.stop();
  moto?.stop();
});

const WATCH_ARGS = () => ['--kubeconfig', cluster.kubeconfig, '--no-leader-elect', '--debounce-ms', '200', '--aws', '--region', WEAK_REGION, '--cluster', 'weak', '--ami-parameter-prefix', SSM_PREFIX, '--aws-interval', '10'];

describe('eksguard watch --aws', () => {
  it('puts the EKS checks of the audited cluster into the ClusterPolicyReport, and the calls the account refused as gaps', async () => {
    watch = await startWatch(WATCH_ARGS(), { AWS_ENDPOINT_URL: moto.endpoint, AWS_ACCESS_KEY_ID: 'AKIAEKSGUARDTEST0000', AWS_SECRET_ACCESS_KEY: SECRET, AWS_REGION: WEAK_REGION, AWS_EC2_METADATA_DISABLED: 'true' });
    const { value: report } = await eventually(
      'EKS-NET-001 failing in the cluster report',
      async () => {
        const report = await clusterReport();
        return resultsFor(report, 'EKS-NET-001').some((result) => result.result === 'fail') ? report : undefined;
      },
      120_000,
    );
    const failing = new Set((report.results as any[]).filter((result) => result.result === 'fail').map((result) => result.policy));
    for (const id of ['EKS-NET-001', 'EKS-NET-007', 'EKS-SG-001', 'EKS-NODE-001', 'EKS-LOG-001', 'EKS-DATA-001']) expect(failing, id).toContain(id);
    const netResult = resultsFor(report, 'EKS-NET-001').find((result) => result.result === 'fail');
    expect(JSON.stringify(netResult.resources)).toContain('arn:aws:eks:us-west-2:123456789012:cluster/weak');
    // a call moto does not implement is a gap, and the check that needs it is skipped, not passed
    const gaps = resultsFor(report, 'eksguard-data-gap');
    expect(gaps.map((gap) => gap.rule)).toContain('aws eks:ListAccessEntries');
    expect(gaps.map((gap) => gap.rule)).not.toContain('aws audit');
    expect(resultsFor(report, 'EKS-IAM-003')[0]).toMatchObject({ result: 'skip' });
    const metrics = await watch.metrics();
    expect(metricValue(metrics, 'eksguard_watch_aws_audits_total', { outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(metricValue(metrics, 'eksguard_watch_aws_audit_records')).toBeGreaterThan(10);
    expect(metricValue(metrics, 'eksguard_watch_aws_audit_last_success_timestamp_seconds')).toBeGreaterThan(Date.now() / 1000 - 300);
    expect(metricValue(metrics, 'eksguard_watch_failures', { check: 'EKS-NET-001' })).toBe(1);
    // a second audit (10 s later) keeps the results; no credential ever reaches the logs or the report
    await eventually('a second AWS audit', async () => ((metricValue(await watch!.metrics(), 'eksguard_watch_aws_audits_total', { outcome: 'ok' }) ?? 0) >= 2 ? true : undefined), 60_000);
    expect(resultsFor(await clusterReport(), 'EKS-NET-001').some((result) => result.result === 'fail')).toBe(true);
    expect(watch.logs()).not.toContain(SECRET);
    expect(JSON.stringify(await clusterReport())).not.toContain(SECRET);
    expect(await watch.stop()).toBe(0);
  }, 300_000);

  it('without AWS credentials records the audit as a gap that skips the AWS checks, and keeps watching', async () => {
    watch = await startWatch(WATCH_ARGS(), {
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SESSION_TOKEN: '',
      AWS_PROFILE: '',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_WEB_IDENTITY_TOKEN_FILE: '',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    const { value: report } = await eventually(
      'the AWS audit gap in the cluster report',
      async () => {
        const report = await clusterReport();
        const gap = resultsFor(report, 'eksguard-data-gap').find((result) => result.rule === 'aws audit');
        return gap && !/has not finished yet/.test(gap.message) ? report : undefined;
      },
      120_000,
    );
    const gap = resultsFor(report, 'eksguard-data-gap').find((result) => result.rule === 'aws audit');
    expect(gap.result).toBe('error');
    expect(gap.message).toMatch(/credential/i);
    expect(gap.properties.checks).toContain('EKS-NET-001');
    // the EKS checks are skipped, not passed, and none fails on data it does not have
    expect(resultsFor(report, 'EKS-NET-001').map((result) => result.result)).toEqual(['skip']);
    expect((report.results as any[]).some((result) => result.policy.startsWith('EKS-') && result.result === 'fail')).toBe(false);
    const metrics = await watch.metrics();
    expect(metricValue(metrics, 'eksguard_watch_aws_audits_total', { outcome: 'gap' })).toBeGreaterThanOrEqual(1);
    expect(metricValue(metrics, 'eksguard_watch_aws_audits_total', { outcome: 'ok' })).toBeUndefined();
    expect(metricValue(metrics, 'eksguard_watch_aws_audit_last_success_timestamp_seconds')).toBe(0);
    expect((await watch.get('/healthz')).status).toBe(200);
    expect((await watch.get('/readyz')).status).toBe(200);
    expect(watch.child.exitCode).toBeNull();
    expect(await watch.stop()).toBe(0);
  }, 300_000);

  it('audits AWS in the leader only, and moves the audit to the other replica when the leader stops', async () => {
    const env = { AWS_ENDPOINT_URL: moto.endpoint, AWS_ACCESS_KEY_ID: 'AKIAEKSGUARDTEST0000', AWS_SECRET_ACCESS_KEY: SECRET, AWS_REGION: WEAK_REGION, AWS_EC2_METADATA_DISABLED: 'true' };
    const args = (identity: string) => [...WATCH_ARGS().filter((arg) => arg !== '--no-leader-elect'), '--identity', identity, '--lease-namespace', 'shop', '--lease-name', 'eksguard-aws-test'];
    const replicas: Record<string, WatchProcess> = {};
    const audits = async (identity: string) => metricValue(await replicas[identity]!.metrics(), 'eksguard_watch_aws_audits_total', { outcome: 'ok' }) ?? 0;
    const holder = async () => ((await transport.getJson('/apis/coordination.k8s.io/v1/namespaces/shop/leases/eksguard-aws-test').catch(() => undefined)) as any)?.spec?.holderIdentity || undefined;
    try {
      for (const identity of ['replica-a', 'replica-b']) replicas[identity] = await startWatch(args(identity), env);
      const leader = (await eventually('a Lease holder', holder, 60_000)).value as string;
      const follower = leader === 'replica-a' ? 'replica-b' : 'replica-a';
      // two audits of the leader (10 s apart): the follower has run none all that time
      await eventually('two audits by the leader', async () => ((await audits(leader)) >= 2 ? true : undefined), 120_000);
      expect(await audits(follower)).toBe(0);
      expect(metricValue(await replicas[follower]!.metrics(), 'eksguard_watch_aws_audit_last_run_timestamp_seconds')).toBe(0);
      expect(resultsFor(await clusterReport(), 'EKS-NET-001').some((result) => result.result === 'fail')).toBe(true);
      // the leader stops (releasing the Lease): the other replica leads, audits, and keeps the AWS results in the report
      expect(await replicas[leader]!.stop()).toBe(0);
      await eventually('the other replica to lead', async () => ((await holder()) === follower ? true : undefined), 60_000);
      await eventually('an audit by the new leader', async () => ((await audits(follower)) >= 1 ? true : undefined), 120_000);
      await eventually('EKS-NET-001 failing in the report of the new leader', async () => (resultsFor(await clusterReport(), 'EKS-NET-001').some((result) => result.result === 'fail') ? true : undefined), 60_000);
    } finally {
      for (const replica of Object.values(replicas)) await replica.stop();
    }
  }, 400_000);

  it('refuses the AWS options without --aws, and a bad interval, with a usage error', async () => {
    const { runCliAsync } = await import('../kube/local-cluster.js');
    const without = await runCliAsync(['watch', '--kubeconfig', cluster.kubeconfig, '--region', WEAK_REGION]);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('need --aws');
    const interval = await runCliAsync(['watch', '--kubeconfig', cluster.kubeconfig, '--aws', '--aws-interval', '1']);
    expect(interval.code).toBe(2);
    expect(interval.stderr).toContain('invalid --aws-interval "1"');
  });
});
