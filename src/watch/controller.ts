import type { Check, CheckSettings } from '../core/check.js';
import type { CheckOverride } from '../core/engine.js';
import type { KubeObject } from '../core/inventory.js';
import type { SuppressionRule } from '../core/suppression.js';
import type { Gap, Severity } from '../core/types.js';
import type { ReportApi } from '../reporters/policy-report.js';
import { PolicyReportSink, type WriteRecord } from '../sinks/policy-reports.js';
import { describeFailure as describeAwsFailure } from '../sources/aws/run.js';
import { describeFailure } from '../sources/kube/api-error.js';
import { toClusterObject } from '../sources/kube/normalize.js';
import { startReflector, type Reflector, type ReflectorPhase } from '../sources/kube/reflector.js';
import { KUBELET_CONFIG_KEY } from '../k8s/kubelet/configz.js';
import { apiVersionOf, dataKeysOf, neededKinds, qualifiedResource, resourceForKind, resourceName, type KubeResource } from '../sources/kube/resources.js';
import type { KubeTransport } from '../sources/kube/transport.js';
import { createAwsAudit, type AwsAudit, type AwsAuditResult } from './aws-audit.js';
import { IncrementalEvaluator } from './evaluator.js';
import { startLeaderElection, type LeaderElection } from './leader.js';
import { createWatchMetrics, type WatchMetrics } from './metrics.js';
import { ReportBuilder } from './report-builder.js';
import { CLUSTER_SCOPE, scopeOfReport, type Scope } from './results.js';
import { ClusterStore } from './store.js';

export interface WatchLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface WatchControllerOptions {
  transport: KubeTransport;
  /** the kubeconfig context name, for the objects' source */
  context: string;
  /** the enabled checks */
  checks: readonly Check[];
  settings: CheckSettings;
  overrides?: Readonly<Record<string, CheckOverride>>;
  suppressions?: readonly SuppressionRule[];
  kubernetesVersion?: string;
  /** the report APIs written */
  apis: readonly ReportApi[];
  includePassed: boolean;
  warnAt: Severity | 'none';
  /** largest report object; larger reports are split */
  maxReportBytes: number;
  /** report writes in flight at most (WRITE_CONCURRENCY unless given) */
  writeConcurrency?: number;
  /** changes arriving within this window are judged together */
  debounceMs: number;
  pageSize: number;
  /** Lease-based leader election; absent: this process always writes (one replica) */
  leaderElection?: { namespace: string; name: string; identity: string; leaseSeconds?: number; renewSeconds?: number; retrySeconds?: number };
  log: WatchLog;
  processMetrics?: boolean;
  /** `--aws`: a periodic AWS audit of the cluster's account, judged into the cluster-wide report */
  aws?: { collect: () => Promise<AwsAuditResult>; intervalMs: number };
}

export interface WatchController {
  readonly metrics: WatchMetrics;
  /** every kind listed once (or refused), judged, and (as leader) every report written */
  ready(): boolean;
  isLeader(): boolean;
  /** stops watching, writes what is pending (as leader, for a bounded time), releases the Lease */
  stop(): Promise<void>;
}

/** Phases after which a kind's first list is over, one way or the other. */
const SETTLED: ReadonlySet<ReflectorPhase> = new Set(['watching', 'forbidden', 'absent']);
const STOP_WRITE_BUDGET_MS = 5_000;
/**
 * Report writes in flight. The API server's work per write (schema validation of every result)
 * is what bounds a first write of thousands of reports; more requests in flight than this only
 * queue there, and the transport's pool (maxSockets) also carries the lists.
 */
const WRITE_CONCURRENCY = 6;
/**
 * The joins over the whole inventory (the attack paths, which read every other result, and the
 * checks of the AWS account, which join its records with every workload) are the costliest
 * units by far and are kept off the per-change path: under a stream of changes they are judged
 * in a flush of their own, at most every JOINS_INTERVAL_MS and at most JOINS_DUTY of the time
 * (their last duration sets the pause after them), so a change's own report is never held up by
 * them and only their results in the cluster-wide report lag. The first flush and stop judge
 * them always.
 */
const JOINS_INTERVAL_MS = 2_000;
const JOINS_DUTY = 0.2;
/** reports whose most urgent result is a critical or high failure (`urgencyOf`) */
const URGENT = 1;

/**
 * `eksguard watch`: one reflector per kind the enabled checks need, feeding the cluster store;
 * changes mark what they affect in the incremental evaluator; a debounced flush judges what is
 * marked and hands the reports of the touched scopes to the writer, which writes (as leader)
 * only what changed.
 */
export function startWatchController(options: WatchControllerOptions): WatchController {
  const store = new ClusterStore();
  const evaluator = new IncrementalEvaluator(
    {
      checks: options.checks,
      settings: options.settings,
      includePassed: options.includePassed,
      ...(options.overrides ? { overrides: options.overrides } : {}),
      ...(options.suppressions ? { suppressions: options.suppressions } : {}),
    },
    store,
  );
  evaluator.setFacts({ context: options.context, ...(options.kubernetesVersion ? { kubernetesVersion: options.kubernetesVersion } : {}) });

  const phases = new Map<string, ReflectorPhase>();
  const heard = new Map<string, number>();
  const kindGaps = new Map<string, Gap>();
  const fixedGaps: Gap[] = [];
  const fixedMissing = new Map<string, Gap>();
  let leader: LeaderElection | undefined;
  let flushTimer: NodeJS.Timeout | undefined;
  let joinsTimer: NodeJS.Timeout | undefined;
  /** when the oldest change not yet judged arrived */
  let oldestChange: number | undefined;
  let initialFlushDone = false;
  let stopping = false;
  /** the gaps the cluster report was last built with */
  let gapsWritten: string | undefined;
  /** when the joins may next be judged */
  let joinsDueAt = -Infinity;
  /** the first start's phases (ms since start), logged for sizing: lists done, judged, reports handed over, urgent and all written */
  const started = performance.now();
  let writesDone = 0;
  const firstStart: { listsMs?: number; judgedMs?: number; builtMs?: number; urgentWrittenMs?: number } = {};

  const metrics = createWatchMetrics(
    {
      findings: () => evaluator.allFindings(),
      lastHeard: () => new Map([...heard].map(([kind, at]) => [kind, Date.now() - at])),
      phases: () => phases,
      isLeader: () => canWrite(),
      objects: () => store.size,
    },
    { processMetrics: options.processMetrics ?? true },
  );

  function canWrite(): boolean {
    return !leader || leader.isLeader();
  }

  const sink = new PolicyReportSink({
    transport: options.transport,
    apis: options.apis,
    canWrite,
    concurrency: options.writeConcurrency ?? WRITE_CONCURRENCY,
    scopeOfObject: scopeOfReport,
    onWrite(record: WriteRecord) {
      writesDone += 1;
      metrics.countWrite(record);
      if (record.outcome === 'error') options.log.warn('report write failed', { path: record.path, error: record.error });
    },
    onMissingApi(_api, message) {
      options.log.warn(message);
    },
  });

  const reports = new ReportBuilder({
    evaluator,
    store,
    sink,
    apis: options.apis,
    warnAt: options.warnAt,
    maxReportBytes: options.maxReportBytes,
    warn: (message, fields) => options.log.warn(message, fields),
  });

  const needs = neededKinds(options.checks.flatMap((check) => check.needs));
  for (const key of needs.unknown) {
    // not a list: each node's /configz is read by `scan --kube --kubelet-config` only. As in a scan
    // without that flag, the kubelet checks judge the node groups of the AWS audit, and no gap is made.
    if (key === KUBELET_CONFIG_KEY) continue;
    const gap: Gap = { source: key, reason: 'eksguard does not know how to list this kind from a cluster', checks: checksNeeding([key]) };
    fixedGaps.push(gap);
    fixedMissing.set(key, gap);
  }
  const resources = needs.kinds.map((kind) => resourceForKind(kind)).filter((resource): resource is KubeResource => resource !== undefined);

  function checksNeeding(keys: readonly string[]): string[] {
    return options.checks.filter((check) => check.needs.some((need) => keys.includes(need))).map((check) => check.id);
  }

  function publishGaps(): void {
    const gaps = [...fixedGaps, ...kindGaps.values()];
    const missing = new Map(fixedMissing);
    for (const [kind, gap] of kindGaps) for (const key of dataKeysOf(kind)) if (!missing.has(key)) missing.set(key, gap);
    evaluator.setKubeGaps(gaps, missing);
    schedule();
  }

  function setPhase(resource: KubeResource, phase: ReflectorPhase, error?: unknown): void {
    const before = phases.get(resourceName(resource));
    phases.set(resourceName(resource), phase);
    if (phase === 'forbidden') {
      const gap: Gap = { source: `kube list ${qualifiedResource(resource)}`, reason: describeFailure(error), checks: checksNeeding(dataKeysOf(resourceName(resource))) };
      const known = kindGaps.get(resourceName(resource));
      if (!known || known.reason !== gap.reason) {
        kindGaps.set(resourceName(resource), gap);
        options.log.warn('list refused: its checks are skipped until it is allowed', { kind: resource.kind, reason: gap.reason });
        publishGaps();
      }
    } else if ((phase === 'watching' || phase === 'absent') && kindGaps.delete(resourceName(resource))) {
      options.log.info('list allowed again', { kind: resource.kind });
      publishGaps();
    } else if (phase === 'backoff' && before !== 'backoff') {
      options.log.warn('list or watch failed: retrying', { kind: resource.kind, error: describeFailure(error) });
    }
    if (!initialFlushDone && SETTLED.has(phase)) schedule();
  }

  function normalize(item: unknown, resource: KubeResource): KubeObject | undefined {
    return toClusterObject(item, resource, options.context);
  }

  function noteArrival(): void {
    oldestChange ??= performance.now();
    schedule();
  }

  function schedule(): void {
    if (stopping || flushTimer) return;
    flushTimer = setTimeout(flush, options.debounceMs);
  }

  function allSettled(): boolean {
    return resources.every((resource) => SETTLED.has(phases.get(resourceName(resource)) ?? 'listing'));
  }

  function flush(): void {
    flushTimer = undefined;
    // the first reports wait for every kind's first list, so they never show a half-read cluster
    if (!initialFlushDone && !allSettled()) return;
    if (!initialFlushDone) firstStart.listsMs = performance.now() - started;
    judge({ joins: !initialFlushDone });
  }

  /** The joins owed, in a flush of their own once their pause is over (changes meanwhile are still judged after the usual debounce). */
  function scheduleJoins(): void {
    if (!evaluator.joinsPending() || joinsTimer || stopping) return;
    joinsTimer = setTimeout(
      () => {
        joinsTimer = undefined;
        if (stopping) return;
        const started = performance.now();
        judge({ joins: true });
        const took = performance.now() - started;
        joinsDueAt = performance.now() + Math.max(JOINS_INTERVAL_MS, took / JOINS_DUTY);
      },
      // after the debounce at least: the change's own writes go out first
      Math.max(options.debounceMs, joinsDueAt - performance.now()),
    );
  }

  function judge(lane: { joins: boolean }): void {
    const now = new Date();
    const result = evaluator.flush(now, { deferJoins: !lane.joins });
    if (!initialFlushDone) firstStart.judgedMs = performance.now() - started;
    for (const [unit, seconds] of Object.entries(result.seconds)) metrics.observeEvaluation(unit as 'object', seconds);
    const scopes = new Set<Scope>(result.scopes);
    const firstBuild = !initialFlushDone;
    if (!initialFlushDone) {
      initialFlushDone = true;
      for (const scope of evaluator.scopes()) scopes.add(scope);
      options.log.info('first reports built', { objects: store.size, scopes: scopes.size });
    }
    // the cluster report lists the gaps, which change without any result changing (it is not
    // rebuilt for every change: it holds every cluster-scoped and AWS result)
    const gaps = JSON.stringify(evaluator.gaps());
    if (gaps !== gapsWritten) scopes.add(CLUSTER_SCOPE);
    gapsWritten = gaps;
    reports.build(scopes, now, { sweep: firstBuild });
    if (firstBuild) logFirstStart();
    if (oldestChange !== undefined) metrics.observeChangeLatency((performance.now() - oldestChange) / 1000);
    oldestChange = undefined;
    scheduleJoins();
  }

  /**
   * The first start's phases, logged once every report is written: lists, judging, handing the
   * reports to the writer, the reports with a critical or high failure written, all written
   * (what bounds the time until ready: the lists, judging, or the API server's writes).
   */
  function logFirstStart(): void {
    firstStart.builtMs = performance.now() - started;
    const writesBefore = writesDone;
    void sink.drained(URGENT).then(() => (firstStart.urgentWrittenMs = performance.now() - started));
    void sink.drained().then(() => {
      if (stopping) return;
      const seconds = (ms: number | undefined) => (ms === undefined ? undefined : Math.round(ms) / 1000);
      options.log.info('first reports written', {
        listsSeconds: seconds(firstStart.listsMs),
        judgedSeconds: seconds(firstStart.judgedMs),
        builtSeconds: seconds(firstStart.builtMs),
        urgentWrittenSeconds: seconds(firstStart.urgentWrittenMs),
        writtenSeconds: seconds(performance.now() - started),
        writes: writesDone - writesBefore,
      });
    });
  }

  /** After reading what an earlier writer left: the scopes whose reports differ are built again, then written. */
  function afterSeed(rebuild: ReadonlySet<Scope>): void {
    if (initialFlushDone) reports.build(rebuild, new Date(), { sweep: true });
    sink.kick();
  }

  const reflectors: Reflector[] = resources.map((resource) =>
    startReflector({
      transport: options.transport,
      resource,
      pageSize: options.pageSize,
      handlers: {
        replace(listed, items) {
          metrics.countRelist(listed.kind);
          const objects = items.map((item) => normalize(item, listed)).filter((object): object is KubeObject => object !== undefined);
          evaluator.noteChanges(store.replaceKind(listed.kind, objects, apiVersionOf(listed)));
          noteArrival();
        },
        event(changed, type, item) {
          metrics.countEvent(changed.kind, type);
          const object = normalize(item, changed);
          if (!object) return;
          evaluator.noteChanges(type === 'DELETED' ? store.remove(object) : store.upsert(object));
          noteArrival();
        },
        state(changed, state) {
          setPhase(changed, state.phase, state.error);
        },
        heard(changed) {
          heard.set(changed.kind, Date.now());
        },
      },
    }),
  );
  if (fixedGaps.length > 0) publishGaps();

  let awsAudit: AwsAudit | undefined;
  /** until this process's first audit is in, the AWS checks are skipped with a reason rather than judged on nothing */
  let awaitAudit = (_reason: string): void => {};
  if (options.aws) {
    const awsKeys = [...new Set(options.checks.flatMap((check) => check.needs).filter((need) => need.startsWith('aws:')))];
    const checksNeedingKey = (key: string) => checksNeeding([key]);
    const awsChecks = [...new Set(awsKeys.flatMap(checksNeedingKey))].sort();
    awaitAudit = (reason) => {
      const gap: Gap = { source: 'aws audit', reason, checks: awsChecks };
      evaluator.setAws([], [gap], new Map(awsKeys.map((key) => [key, gap])));
      schedule();
    };
    awaitAudit('the first AWS audit has not finished yet');
    // started here without leader election, else by leadership below: only the writer reads the account
    awsAudit = createAwsAudit({
      collect: options.aws.collect,
      intervalMs: options.aws.intervalMs,
      mayCollect: canWrite,
      awsKeys,
      checksNeeding: checksNeedingKey,
      registry: metrics.registry,
      log: options.log,
      describe: describeAwsFailure,
      publish(records, gaps, missing) {
        evaluator.setAws(records, gaps, missing);
        schedule();
      },
    });
  }

  if (options.leaderElection) {
    const election = options.leaderElection;
    leader = startLeaderElection({
      transport: options.transport,
      ...election,
      onStartedLeading() {
        options.log.info('became leader: writing reports', { identity: election.identity });
        if (awsAudit && !awsAudit.running()) {
          awaitAudit('the first AWS audit of this leader has not finished yet');
          awsAudit.resume();
        }
        // what an earlier leader wrote is read first, so unchanged reports are not written again
        sink.seed().then(
          (rebuild) => afterSeed(rebuild),
          (error: unknown) => {
            options.log.warn('could not read the existing reports', { error: describeFailure(error) });
            sink.kick();
          },
        );
      },
      onStoppedLeading() {
        options.log.warn('stopped leading: not writing reports', { identity: election.identity });
        // a replica that does not write does not audit AWS, and drops the results it had (its metrics would show them)
        if (awsAudit?.running()) {
          awsAudit.pause();
          awaitAudit('the AWS audit runs in the leader replica only');
        }
      },
      onError(message) {
        options.log.warn(message);
      },
    });
  } else {
    awsAudit?.resume();
    void sink.seed().then(
      (rebuild) => afterSeed(rebuild),
      (error: unknown) => options.log.warn('could not read the existing reports', { error: describeFailure(error) }),
    );
  }

  return {
    metrics,
    ready: () => initialFlushDone && (!canWrite() || sink.pendingCount() === 0),
    isLeader: canWrite,
    async stop() {
      if (stopping) return;
      stopping = true;
      awsAudit?.stop();
      for (const reflector of reflectors) reflector.stop();
      await Promise.all(reflectors.map((reflector) => reflector.done));
      if (flushTimer) clearTimeout(flushTimer);
      flushTimer = undefined;
      if (joinsTimer) clearTimeout(joinsTimer);
      joinsTimer = undefined;
      if (initialFlushDone && evaluator.pending()) {
        const now = new Date();
        const result = evaluator.flush(now);
        reports.build(new Set([...result.scopes, CLUSTER_SCOPE]), now, { sweep: false });
      }
      if (canWrite()) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([sink.idle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_WRITE_BUDGET_MS)))]);
        clearTimeout(timer);
      }
      sink.close();
      await leader?.stop();
    },
  };
}
