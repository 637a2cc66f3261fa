import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createInventory, type AwsRecord } from '../core/inventory.js';
import type { Gap } from '../core/types.js';
import { createAwsAudit, startAwsAudit, type AwsAuditResult } from './aws-audit.js';

type Published = { records: readonly AwsRecord[]; gaps: readonly Gap[]; missing: ReadonlyMap<string, Gap> };

function audit(results: (() => Promise<AwsAuditResult>)[]) {
  const published: Published[] = [];
  const registry = new Registry();
  let call = 0;
  const running = startAwsAudit({
    collect: () => results[Math.min(call++, results.length - 1)]!(),
    intervalMs: 5,
    awsKeys: ['aws:eks:cluster', 'aws:iam:roles'],
    checksNeeding: (key) => (key === 'aws:eks:cluster' ? ['EKS-NET-001', 'EKS-LOG-001'] : ['EKS-IAM-001']),
    publish: (records, gaps, missing) => published.push({ records, gaps, missing }),
    registry,
    log: { info() {}, warn() {} },
    describe: (error) => (error as Error).message,
  });
  return { running, published, registry };
}

const until = async (probe: () => boolean) => {
  for (let i = 0; i < 200 && !probe(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(probe()).toBe(true);
};

describe('the periodic AWS audit of watch', () => {
  it('publishes a thrown failure as one gap that starves every AWS check, then recovers on the next audit', async () => {
    const record = { type: 'AWS::EKS::Cluster' } as unknown as AwsRecord;
    const { running, published, registry } = audit([
      () => Promise.reject(new Error('CredentialsProviderError: Could not load credentials from any providers')),
      () => Promise.resolve(createInventory({ aws: [record] })),
    ]);
    await running.first;
    expect(published[0]!.records).toEqual([]);
    expect(published[0]!.gaps).toEqual([{ source: 'aws audit', reason: 'CredentialsProviderError: Could not load credentials from any providers', checks: ['EKS-IAM-001', 'EKS-LOG-001', 'EKS-NET-001'] }]);
    expect([...published[0]!.missing.keys()]).toEqual(['aws:eks:cluster', 'aws:iam:roles']);
    await until(() => published.length >= 2);
    running.stop();
    expect(published[1]).toEqual({ records: [record], gaps: [], missing: new Map() });
    const text = await registry.metrics();
    expect(text).toMatch(/eksguard_watch_aws_audits_total\{outcome="gap"\} 1/);
    expect(text).toMatch(/eksguard_watch_aws_audits_total\{outcome="ok"\} [1-9]/);
  });

  it('publishes an audit that collected nothing as a gap with its reason, keeping the failed calls', async () => {
    const denied: Gap = { source: 'aws eks:ListClusters', reason: 'AccessDeniedException: not authorized', checks: [] };
    const { running, published } = audit([() => Promise.resolve({ ...createInventory({ gaps: [denied] }), nothing: { reason: 'no reachable AWS account: every call was denied', allowable: false } })]);
    await running.first;
    running.stop();
    expect(published[0]!.gaps.map((gap) => [gap.source, gap.reason])).toEqual([
      ['aws audit', 'no reachable AWS account: every call was denied'],
      ['aws eks:ListClusters', 'AccessDeniedException: not authorized'],
    ]);
    expect(published[0]!.missing.get('aws:eks:cluster')?.source).toBe('aws audit');
  });

  it('publishes nothing once stopped', async () => {
    let release: (value: AwsAuditResult) => void = () => {};
    const { running, published } = audit([() => new Promise<AwsAuditResult>((resolve) => (release = resolve))]);
    running.stop();
    release(createInventory());
    await running.first;
    expect(published).toEqual([]);
  });

  it('waits for resume, drops an audit in flight at pause, and registers its metrics once across pauses', async () => {
    let calls = 0;
    let release: (value: AwsAuditResult) => void = () => {};
    const published: Published[] = [];
    const registry = new Registry();
    const audit = createAwsAudit({
      collect: () => {
        calls += 1;
        return new Promise<AwsAuditResult>((resolve) => (release = resolve));
      },
      intervalMs: 5,
      awsKeys: ['aws:eks:cluster'],
      checksNeeding: () => ['EKS-NET-001'],
      publish: (records, gaps, missing) => published.push({ records, gaps, missing }),
      registry,
      log: { info() {}, warn() {} },
      describe: (error) => (error as Error).message,
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect([calls, audit.running()]).toEqual([0, false]);
    audit.resume();
    audit.resume();
    expect([calls, audit.running()]).toEqual([1, true]);
    // leadership lost while the audit is in flight: its result is not published, nothing is rescheduled
    audit.pause();
    release(createInventory());
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect([calls, published.length]).toEqual([1, 0]);
    // leadership back: a fresh audit at once, published
    audit.resume();
    expect(calls).toBe(2);
    release(createInventory());
    await until(() => published.length === 1);
    audit.stop();
    audit.resume();
    expect(audit.running()).toBe(false);
    expect((await registry.getMetricsAsJSON()).filter((metric) => metric.name === 'eksguard_watch_aws_audits_total')).toHaveLength(1);
  });

  it('starts no collection while it may not collect (a lapsed leader not yet paused), and collects again when it may', async () => {
    let calls = 0;
    let may = false;
    const published: Published[] = [];
    const audit = createAwsAudit({
      collect: () => {
        calls += 1;
        return Promise.resolve(createInventory());
      },
      intervalMs: 5,
      mayCollect: () => may,
      awsKeys: ['aws:eks:cluster'],
      checksNeeding: () => ['EKS-NET-001'],
      publish: (records, gaps, missing) => published.push({ records, gaps, missing }),
      registry: new Registry(),
      log: { info() {}, warn() {} },
      describe: (error) => (error as Error).message,
    });
    audit.resume();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect([calls, published.length, audit.running()]).toEqual([0, 0, true]);
    may = true;
    await until(() => published.length >= 2);
    may = false;
    const stoppedAt = calls;
    await new Promise((resolve) => setTimeout(resolve, 40));
    audit.stop();
    expect(calls).toBe(stoppedAt);
  });
});
