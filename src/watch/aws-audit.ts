import { Counter, Gauge, type Registry } from 'prom-client';
import type { AwsRecord, Inventory } from '../core/inventory.js';
import type { Gap } from '../core/types.js';
import type { AwsNothing } from '../sources/aws-snapshot/parse.js';

/** One AWS collection: what `collectAws` returns (an inventory, and why it holds nothing when it does). */
export type AwsAuditResult = Inventory & { readonly nothing?: AwsNothing };

export interface AwsAuditOptions {
  /** runs one collection (the SDK's default credential chain: IRSA, Pod Identity, environment) */
  collect: () => Promise<AwsAuditResult>;
  /** time between the end of one audit and the start of the next */
  intervalMs: number;
  /** asked before every collection: a replica whose leadership has lapsed starts none, even before it is paused */
  mayCollect?: () => boolean;
  /** the data keys the AWS checks read, and which checks read each (for the gap of a failed audit) */
  awsKeys: readonly string[];
  checksNeeding: (key: string) => string[];
  /** the audit's result (records, gaps, missing data), to be judged */
  publish: (records: readonly AwsRecord[], gaps: readonly Gap[], missing: ReadonlyMap<string, Gap>) => void;
  registry: Registry;
  log: { info(message: string, fields?: Record<string, unknown>): void; warn(message: string, fields?: Record<string, unknown>): void };
  /** describes a thrown error without its stack or any credential */
  describe: (error: unknown) => string;
}

export interface AwsAudit {
  /** starts auditing now and then every interval (nothing when already running or stopped) */
  resume(): void;
  /** stops the timer; an audit in flight finishes but is not published; resume() starts again */
  pause(): void;
  /** pauses for good */
  stop(): void;
  /** whether audits are scheduled */
  running(): boolean;
  /** settles after the first audit has been published (or at stop) */
  readonly first: Promise<void>;
}

/** An audit that starts at once (one replica, no leader election). */
export function startAwsAudit(options: AwsAuditOptions): AwsAudit {
  const audit = createAwsAudit(options);
  audit.resume();
  return audit;
}

/**
 * The periodic AWS audit of `eksguard watch --aws`: while resumed, collects, then publishes the
 * records and gaps. With leader election only the leader runs it (the controller resumes and
 * pauses it with the Lease), so replicas never read the account more than once per interval.
 * An audit that collects nothing (no credentials, denied, unreachable, no such cluster)
 * or throws publishes no records and one gap that starves every AWS check, so the report says
 * why those checks are skipped; the loop keeps going and the next audit may succeed.
 * Created paused; its metrics are registered once, however often it resumes.
 */
export function createAwsAudit(options: AwsAuditOptions): AwsAudit {
  const audits = new Counter({ name: 'eksguard_watch_aws_audits_total', help: 'AWS audits run, by outcome (ok: something collected, gap: nothing collected or the audit failed)', labelNames: ['outcome'] as const, registers: [options.registry] });
  const lastRun = new Gauge({ name: 'eksguard_watch_aws_audit_last_run_timestamp_seconds', help: 'When the last AWS audit finished (Unix time)', registers: [options.registry] });
  const lastOk = new Gauge({ name: 'eksguard_watch_aws_audit_last_success_timestamp_seconds', help: 'When the last AWS audit that collected something finished (Unix time)', registers: [options.registry] });
  const duration = new Gauge({ name: 'eksguard_watch_aws_audit_duration_seconds', help: 'How long the last AWS audit took', registers: [options.registry] });
  const records = new Gauge({ name: 'eksguard_watch_aws_audit_records', help: 'AWS resources read by the last AWS audit', registers: [options.registry] });
  const gaps = new Gauge({ name: 'eksguard_watch_aws_audit_gaps', help: 'Data gaps of the last AWS audit (calls refused or failed)', registers: [options.registry] });

  let stopped = false;
  let active = false;
  /** bumped by every pause: an audit started before it is neither published nor rescheduled */
  let generation = 0;
  let timer: NodeJS.Timeout | undefined;
  let settleFirst: () => void = () => {};
  const first = new Promise<void>((resolve) => (settleFirst = resolve));

  function gapForAll(reason: string): { gaps: Gap[]; missing: Map<string, Gap> } {
    const checks = [...new Set(options.awsKeys.flatMap((key) => options.checksNeeding(key)))].sort();
    const gap: Gap = { source: 'aws audit', reason, checks };
    return { gaps: [gap], missing: new Map(options.awsKeys.map((key) => [key, gap])) };
  }

  async function runOnce(startedIn: number): Promise<void> {
    const started = performance.now();
    let outcome: 'ok' | 'gap';
    let published: { records: readonly AwsRecord[]; gaps: readonly Gap[]; missing: ReadonlyMap<string, Gap> };
    try {
      const result = await options.collect();
      if (result.nothing) {
        outcome = 'gap';
        const all = gapForAll(result.nothing.reason);
        // the calls that failed say more than the summary: keep them next to it
        published = { records: [], gaps: [...all.gaps, ...result.gaps], missing: all.missing };
      } else {
        outcome = 'ok';
        published = { records: result.aws, gaps: result.gaps, missing: result.missing };
      }
    } catch (error) {
      outcome = 'gap';
      const all = gapForAll(options.describe(error));
      published = { records: [], gaps: all.gaps, missing: all.missing };
    }
    if (!active || startedIn !== generation) return;
    const seconds = (performance.now() - started) / 1000;
    audits.inc({ outcome });
    duration.set(seconds);
    lastRun.set(Date.now() / 1000);
    if (outcome === 'ok') lastOk.set(Date.now() / 1000);
    records.set(published.records.length);
    gaps.set(published.gaps.length);
    const fields = { seconds: Math.round(seconds * 10) / 10, records: published.records.length, gaps: published.gaps.length };
    if (outcome === 'ok') options.log.info('AWS audit done', fields);
    else options.log.warn('AWS audit collected nothing: its checks are skipped until an audit succeeds', { ...fields, reason: published.gaps[0]?.reason });
    options.publish(published.records, published.gaps, published.missing);
  }

  function loop(startedIn: number): void {
    if (options.mayCollect && !options.mayCollect()) {
      timer = setTimeout(() => loop(startedIn), options.intervalMs);
      return;
    }
    runOnce(startedIn)
      .catch((error: unknown) => options.log.warn('AWS audit failed', { error: options.describe(error) }))
      .finally(() => {
        settleFirst();
        if (active && startedIn === generation) timer = setTimeout(() => loop(startedIn), options.intervalMs);
      });
  }

  function pause(): void {
    if (!active) return;
    active = false;
    generation += 1;
    if (timer) clearTimeout(timer);
    timer = undefined;
  }

  return {
    first,
    resume() {
      if (stopped || active) return;
      active = true;
      loop(generation);
    },
    pause,
    stop() {
      stopped = true;
      pause();
      settleFirst();
    },
    running: () => active,
  };
}
