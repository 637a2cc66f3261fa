import type { Check, CheckSettings } from '../core/check.js';
import { evaluateChecks, type CheckOverride } from '../core/engine.js';
import { createInventory, type AwsRecord, type InventoryFacts, type KubeObject } from '../core/inventory.js';
import type { SuppressionRule } from '../core/suppression.js';
import type { Finding, Gap, Status } from '../core/types.js';
import { dataKeysOf } from '../sources/kube/resources.js';
import { uidOf } from '../sources/kube/owners.js';
import { CLUSTER_SCOPE, ResultIndex, resourceScope, type Scope } from './results.js';
import { compareObjects, objectKey, type ClusterStore, type JudgedChange } from './store.js';

export interface EvaluatorOptions {
  /** the enabled checks */
  checks: readonly Check[];
  settings: CheckSettings;
  overrides?: Readonly<Record<string, CheckOverride>>;
  suppressions?: readonly SuppressionRule[];
  reference?: Readonly<Record<string, unknown>>;
  /** keep pass and not-applicable results too (reports list them) */
  includePassed: boolean;
}

/** How long each kind of unit took, for the evaluation-time metric. */
export interface FlushTimings {
  object: number;
  namespace: number;
  cluster: number;
}

export interface FlushResult {
  /** reports whose results may have changed */
  scopes: Set<Scope>;
  /** seconds spent per unit kind (absent when none ran) */
  seconds: Partial<FlushTimings>;
  /** units evaluated */
  units: number;
}

/** Objects judged together by the object-scoped checks in one call (as the scan's early batches). */
const OBJECT_BATCH = 2_000;

const LISTED: ReadonlySet<Status> = new Set(['fail', 'error', 'suppressed', 'skipped']);

function kubeKeysOf(check: Check): string[] {
  return check.needs.filter((need) => need.startsWith('kube:'));
}

/** A check that reads AWS records, as `needs` or as `reads` (the kubelet checks judge node groups): new AWS data re-judges it. */
function readsAws(check: Check): boolean {
  return [...check.needs, ...(check.reads ?? [])].some((key) => key.startsWith('aws:'));
}

/** The report an object's own results go to (as `scopeOf` places a result about it). */
function reportScopeOf(object: KubeObject): Scope {
  if (object.namespace) return resourceScope({ namespace: object.namespace, apiVersion: object.apiVersion, kind: object.kind, name: object.name });
  return object.kind === 'Namespace' && object.apiVersion === 'v1' ? object.name : CLUSTER_SCOPE;
}

/**
 * A check of the AWS account: it needs AWS data and no Kubernetes kind, so its subjects are AWS
 * records; some join them with workloads or ServiceAccounts (the ECR repositories workloads pull
 * from, the roles ServiceAccounts name), so a change of the cluster may change its results, but
 * never while there are no AWS records to judge.
 */
function judgesAwsAccount(check: Check): boolean {
  return kubeKeysOf(check).length === 0 && check.needs.some((need) => need.startsWith('aws:'));
}

/**
 * Judges the cluster incrementally. Three kinds of unit, each re-judged only when a change can
 * affect it:
 * - an object, by the object-scoped checks, when it changes;
 * - a namespace, by the namespace-scoped checks (network policies, LimitRanges, ServiceAccounts,
 *   aws-auth), on its own objects, its Namespace and the cluster-scoped objects those checks
 *   need, when anything in it (or such a cluster-scoped object) changes;
 * - each other check (RBAC subjects join bindings across namespaces, nodes, AWS), on the whole
 *   inventory, when a kind it needs changes (checks of the AWS account also join workloads,
 *   ECR images for one, so any change of the cluster re-judges them);
 * - the checks of stage `findings` (attack paths), which read every other check's results: after
 *   any other unit was judged, on the whole inventory and all the current results.
 * Changes only mark units; `flush` judges what is marked, so a burst of changes is judged once.
 */
export class IncrementalEvaluator {
  private readonly objectChecks: Check[];
  private readonly namespaceChecks: Check[];
  private readonly clusterChecks: Check[];
  private readonly awsChecks: ReadonlySet<string>;
  private readonly findingsChecks: Check[];
  private readonly namespaceKinds: Set<string>;
  private readonly results = new ResultIndex();
  private readonly dirtyObjects = new Set<string>();
  private readonly dirtyNamespaces = new Set<string>();
  private readonly dirtyChecks = new Set<string>();
  /** checks of the AWS account owed a judging because the cluster changed: judged with the attack paths, off the per-change path */
  private readonly dirtyJoins = new Set<string>();
  private readonly keysOfKind = new Map<string, readonly string[]>();
  /** reports whose object appeared, went or was made again since the last flush */
  private readonly renamed = new Set<Scope>();
  private findingsDirty = false;
  private missing = new Map<string, Gap>();
  private gapList: Gap[] = [];
  private aws: { records: readonly AwsRecord[]; gaps: readonly Gap[]; missing: ReadonlyMap<string, Gap> } = { records: [], gaps: [], missing: new Map() };
  private facts: InventoryFacts = {};
  private starved = new Set<string>();

  private readonly options: EvaluatorOptions;
  private readonly store: ClusterStore;

  constructor(options: EvaluatorOptions, store: ClusterStore) {
    this.options = options;
    this.store = store;
    this.objectChecks = options.checks.filter((check) => check.scope === 'object');
    this.namespaceChecks = options.checks.filter((check) => check.scope === 'namespace');
    this.clusterChecks = options.checks.filter((check) => check.scope === undefined && check.stage !== 'findings');
    this.awsChecks = new Set(this.clusterChecks.filter(judgesAwsAccount).map((check) => check.id));
    this.findingsChecks = options.checks.filter((check) => check.stage === 'findings');
    this.namespaceKinds = new Set(this.namespaceChecks.flatMap(kubeKeysOf).map((key) => key.slice('kube:'.length)));
  }

  setFacts(facts: InventoryFacts): void {
    this.facts = facts;
  }

  /** Marks what the changes of the judged objects can affect. */
  noteChanges(changes: readonly JudgedChange[]): void {
    for (const change of changes) {
      this.dirtyObjects.add(change.key);
      // an object that appears, goes, or is made again (a new uid) with the same results still
      // changes its report: the report names the object's uid and is owned by it
      const object = (change.after ?? change.before)!;
      if (!change.before || !change.after || uidOf(change.before) !== uidOf(change.after)) this.renamed.add(reportScopeOf(object));
      const keys = dataKeysOf(change.kind);
      if (change.kind === 'Namespace') this.dirtyNamespaces.add((change.after ?? change.before)!.name);
      else if (change.namespace !== undefined) this.dirtyNamespaces.add(change.namespace);
      else if (this.namespaceKinds.has(change.kind)) for (const namespace of this.knownNamespaces()) this.dirtyNamespaces.add(namespace);
      for (const check of this.clusterChecks) {
        if (this.awsChecks.has(check.id)) {
          // they may join the change with AWS records (images, ServiceAccounts): owed, judged with the attack paths
          if (this.aws.records.length > 0) this.dirtyJoins.add(check.id);
        } else if (kubeKeysOf(check).some((need) => keys.includes(need))) this.dirtyChecks.add(check.id);
      }
    }
  }

  /** The kube source's gaps (refused lists) and the data they leave missing. */
  setKubeGaps(gaps: readonly Gap[], missing: ReadonlyMap<string, Gap>): void {
    this.gapList = [...gaps];
    this.missing = new Map(missing);
    this.refreshStarved();
  }

  /** The latest AWS audit: its records, gaps and missing data. */
  setAws(records: readonly AwsRecord[], gaps: readonly Gap[], missing: ReadonlyMap<string, Gap>): void {
    this.aws = { records, gaps, missing };
    for (const check of this.clusterChecks) if (readsAws(check)) this.dirtyChecks.add(check.id);
    this.refreshStarved();
  }

  /** Every gap, kube's and AWS's, for the cluster-wide report. */
  gaps(): Gap[] {
    return [...this.gapList, ...this.aws.gaps];
  }

  /** Marks everything (start, a resync, a change of which data is missing). */
  markAll(): void {
    for (const unit of this.results.unitIds('x:')) this.results.delete(unit);
    for (const key of this.results.unitIds('o:')) this.dirtyObjects.add(key.slice(2));
    for (const object of this.store.judgedObjects()) this.dirtyObjects.add(objectKey(object.kind, object.namespace, object.name, object.apiVersion));
    for (const namespace of this.knownNamespaces()) this.dirtyNamespaces.add(namespace);
    for (const unit of this.results.unitIds('n:')) this.dirtyNamespaces.add(unit.slice(2));
    for (const check of this.clusterChecks) this.dirtyChecks.add(check.id);
    this.findingsDirty = true;
  }

  /** The joins over the whole inventory (attack paths, checks of the AWS account after a change of the cluster) wait for a flush that judges them. */
  joinsPending(): boolean {
    return this.dirtyJoins.size > 0 || (this.findingsDirty && this.findingsChecks.length > 0);
  }

  pending(): boolean {
    return this.dirtyObjects.size > 0 || this.dirtyNamespaces.size > 0 || this.dirtyChecks.size > 0 || this.joinsPending();
  }

  findingsIn(scope: Scope): Finding[] {
    return this.results.findingsIn(scope);
  }

  /** The namespaces that have a report of their own: with objects, or named by a Namespace object. */
  namespaceScopes(): string[] {
    return this.knownNamespaces();
  }

  /** Whether a report has results now. */
  hasResults(scope: Scope): boolean {
    return this.results.hasScope(scope);
  }

  /** Namespaces with objects, with results, or named by a Namespace object. */
  scopes(): Scope[] {
    const scopes = new Set<Scope>([CLUSTER_SCOPE, ...this.knownNamespaces(), ...this.results.scopesWithResults()]);
    return [...scopes];
  }

  allFindings(): Iterable<Finding> {
    return this.results.all();
  }

  /**
   * Judges every marked unit. With `deferJoins`, the units that join the whole inventory after a
   * change of the cluster (the attack paths, which read every other result, and the checks of
   * the AWS account, which join its records with every workload) are only marked, for a later
   * flush; `joinsPending()` says whether one is owed. So the per-change path judges the changed
   * objects, their namespaces and the checks of the kinds that changed, never everything.
   */
  flush(now: Date, options: { deferJoins?: boolean } = {}): FlushResult {
    const touched = new Set<Scope>(this.renamed);
    this.renamed.clear();
    const seconds: Partial<FlushTimings> = {};
    let units = 0;
    const timed = (kind: keyof FlushTimings, work: () => void) => {
      const started = process.hrtime.bigint();
      work();
      seconds[kind] = (seconds[kind] ?? 0) + Number(process.hrtime.bigint() - started) / 1e9;
    };
    if (this.dirtyObjects.size > 0) {
      const keys = [...this.dirtyObjects];
      this.dirtyObjects.clear();
      units += keys.length;
      timed('object', () => this.judgeObjects(keys, now, touched));
    }
    if (this.dirtyNamespaces.size > 0) {
      const namespaces = [...this.dirtyNamespaces];
      this.dirtyNamespaces.clear();
      units += namespaces.length;
      timed('namespace', () => {
        for (const namespace of namespaces) this.judgeNamespace(namespace, now, touched);
      });
    }
    if (this.dirtyChecks.size > 0) {
      const ids = new Set(this.dirtyChecks);
      this.dirtyChecks.clear();
      units += ids.size;
      timed('cluster', () => this.judgeCluster(ids, now, touched));
    }
    if (this.dirtyJoins.size > 0 && !options.deferJoins) {
      const ids = new Set(this.dirtyJoins);
      this.dirtyJoins.clear();
      units += ids.size;
      timed('cluster', () => this.judgeCluster(ids, now, touched));
    }
    if (units > 0 && this.findingsChecks.length > 0) this.findingsDirty = true;
    if (this.findingsDirty && this.findingsChecks.length > 0 && !options.deferJoins) {
      this.findingsDirty = false;
      units += 1;
      timed('cluster', () => this.judgeFindingsStage(now, touched));
    }
    return { scopes: touched, seconds, units };
  }

  private knownNamespaces(): string[] {
    const names = new Set(this.store.namespaces());
    for (const object of this.store.ofKinds((kind) => kind === 'Namespace')) names.add(object.name);
    return [...names];
  }

  private refreshStarved(): void {
    const missing = new Map([...this.missing, ...this.aws.missing]);
    const starved = new Set(this.options.checks.filter((check) => check.needs.some((need) => missing.has(need))).map((check) => check.id));
    const changed = starved.size !== this.starved.size || [...starved].some((id) => !this.starved.has(id));
    this.starved = starved;
    // the engine's own message for a check whose data is missing: one `skipped` result in the cluster report
    const starvedChecks = this.options.checks.filter((check) => starved.has(check.id));
    const skipped = starvedChecks.length === 0 ? [] : this.evaluate(starvedChecks, [], new Date(), { missing });
    this.results.set('s:starved', skipped);
    if (changed) this.markAll();
  }

  private active(checks: readonly Check[]): Check[] {
    return this.starved.size === 0 ? [...checks] : checks.filter((check) => !this.starved.has(check.id));
  }

  private evaluate(checks: readonly Check[], kube: readonly KubeObject[], now: Date, extra: { aws?: readonly AwsRecord[]; missing?: Map<string, Gap>; prior?: readonly Finding[] } = {}): Finding[] {
    const inventory = createInventory({
      kube: kube as KubeObject[],
      aws: (extra.aws ?? []) as AwsRecord[],
      facts: this.facts,
      ...(extra.missing ? { missing: extra.missing } : {}),
    });
    return evaluateChecks({
      checks,
      inventory,
      settings: this.options.settings,
      now,
      ...(this.options.overrides ? { overrides: this.options.overrides } : {}),
      ...(this.options.suppressions ? { suppressions: this.options.suppressions } : {}),
      ...(this.options.reference ? { reference: this.options.reference } : {}),
      ...(extra.prior ? { priorFindings: extra.prior } : {}),
      retain: this.options.includePassed ? () => true : (status) => LISTED.has(status),
    }).findings;
  }

  private judgeObjects(keys: readonly string[], now: Date, touched: Set<Scope>): void {
    const checks = this.active(this.objectChecks);
    const present: KubeObject[] = [];
    for (const key of keys) {
      const object = this.store.get(key);
      if (object) present.push(object);
      else this.results.delete(`o:${key}`, touched);
    }
    for (let start = 0; start < present.length; start += OBJECT_BATCH) {
      const batch = present.slice(start, start + OBJECT_BATCH);
      const byObject = new Map<string, Finding[]>(batch.map((object) => [objectKey(object.kind, object.namespace, object.name, object.apiVersion), []]));
      const stray: Finding[] = [];
      for (const finding of checks.length === 0 ? [] : this.evaluate(checks, batch, now)) {
        const ref = finding.resource;
        const list = 'arn' in ref ? undefined : byObject.get(objectKey(ref.kind, ref.namespace, ref.name, ref.apiVersion));
        if (list) list.push(finding);
        else stray.push(finding);
      }
      for (const [key, findings] of byObject) this.results.set(`o:${key}`, findings, touched);
      // a check that could not select its subjects in this batch: its error, once per check, cluster-wide
      const strayByCheck = new Map<string, Finding[]>();
      for (const finding of stray) strayByCheck.set(finding.checkId, [...(strayByCheck.get(finding.checkId) ?? []), finding]);
      for (const [id, list] of strayByCheck) this.results.set(`x:${id}`, list, touched);
    }
  }

  private judgeNamespace(namespace: string, now: Date, touched: Set<Scope>): void {
    const checks = this.active(this.namespaceChecks);
    const own = this.store.inNamespace(namespace);
    const clusterScoped = this.store.inNamespace('').filter((object) => (object.kind === 'Namespace' ? object.name === namespace : this.namespaceKinds.has(object.kind)));
    const exists = own.length > 0 || clusterScoped.some((object) => object.kind === 'Namespace');
    if (!exists || checks.length === 0) {
      this.results.delete(`n:${namespace}`, touched);
      return;
    }
    const kube = [...clusterScoped, ...own];
    kube.sort(compareObjects);
    this.results.set(`n:${namespace}`, this.evaluate(checks, kube, now), touched);
  }

  /** The objects of the kinds the checks read: RBAC checks judge bindings and roles, not every Pod. */
  private objectsFor(checks: readonly Check[]): readonly KubeObject[] {
    const wanted = new Set(checks.flatMap((check) => [...kubeKeysOf(check), ...(check.reads ?? []).filter((key) => key.startsWith('kube:'))]));
    if (checks.some(judgesAwsAccount) || wanted.has('kube:workloads')) return this.store.judgedObjects();
    return this.store.ofKinds((kind) => {
      let keys = this.keysOfKind.get(kind);
      if (!keys) this.keysOfKind.set(kind, (keys = dataKeysOf(kind)));
      return keys.some((key) => wanted.has(key));
    });
  }

  private judgeCluster(ids: ReadonlySet<string>, now: Date, touched: Set<Scope>): void {
    const checks = this.active(this.clusterChecks.filter((check) => ids.has(check.id)));
    const findings = checks.length === 0 ? [] : this.evaluate(checks, this.objectsFor(checks), now, { aws: this.aws.records });
    const byCheck = new Map<string, Finding[]>([...ids].map((id) => [id, []]));
    for (const finding of findings) byCheck.get(finding.checkId)?.push(finding);
    for (const [id, list] of byCheck) this.results.set(`c:${id}`, list, touched);
  }

  /** The attack paths: on the whole inventory, reading the current failed and suppressed results of every other check. */
  private judgeFindingsStage(now: Date, touched: Set<Scope>): void {
    const checks = this.active(this.findingsChecks);
    const own = new Set(this.findingsChecks.map((check) => check.id));
    const prior: Finding[] = [];
    for (const finding of this.results.all()) if (!own.has(finding.checkId) && (finding.status === 'fail' || finding.status === 'suppressed')) prior.push(finding);
    const findings = checks.length === 0 ? [] : this.evaluate(checks, this.store.judgedObjects(), now, { aws: this.aws.records, prior });
    const byCheck = new Map<string, Finding[]>(this.findingsChecks.map((check) => [check.id, []]));
    for (const finding of findings) byCheck.get(finding.checkId)?.push(finding);
    for (const [id, list] of byCheck) this.results.set(`c:${id}`, list, touched);
  }
}
