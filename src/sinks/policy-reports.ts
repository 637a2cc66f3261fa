import { KubeApiError, describeFailure } from '../sources/kube/api-error.js';
import type { KubeTransport } from '../sources/kube/transport.js';
import { DIGEST_ANNOTATION, MANAGED_BY_LABEL, REPORT_SOURCE, URGENCY_LEVELS, kindsOf, urgencyOf, type ReportApi, type ReportObject } from '../reporters/policy-report.js';
import { METADATA_ONLY, SEED_PAGE, kindOfPath, mayCreate, ownerOf, pathOf, scopeKey, splitKey } from './report-paths.js';

/**
 * Writes policy report objects to the API server under eksguard's field manager (created when
 * the cluster does not hold them, server-side applied after: `create`), only when an object's content digest differs from what was last written (or found
 * there), at most `concurrency` requests at a time, at most one per object in flight (content
 * that arrives meanwhile replaces what waits, so only the latest is written). Objects of a scope
 * that are no longer wanted (a split that shrank, a resource or namespace that went) are
 * deleted. Nothing is sent unless `canWrite()` says so: only the leader writes. Only digests
 * are kept once an object is written, and an object waiting to be written is kept serialized
 * (a first start queues thousands); `seed` answers which scopes must be built again.
 *
 * The most urgent first: a waiting object goes out by its most urgent result (a critical
 * failure before a high one, failures before passes; deletions first), and in arrival order
 * within a level, so on a first start the privileged Pods are visible before the rest.
 */

export const FIELD_MANAGER = 'eksguard';

export type WriteOutcome = 'applied' | 'deleted' | 'error';

export interface WriteRecord {
  api: ReportApi;
  kind: string;
  outcome: WriteOutcome;
  seconds: number;
  bytes: number;
  /** why a write failed */
  error?: string;
  path: string;
}

export interface PolicyReportSinkOptions {
  transport: Pick<KubeTransport, 'send' | 'getJson'>;
  apis: readonly ReportApi[];
  concurrency?: number;
  canWrite: () => boolean;
  onWrite?: (record: WriteRecord) => void;
  /** an API the cluster does not serve (its CRD is not installed): reported once per outage */
  onMissingApi?: (api: ReportApi, message: string) => void;
  /** a failed object is tried again after this long (doubling, at most 5 minutes) */
  retryMs?: number;
  now?: () => number;
  /** the scope a report object found in the cluster belongs to; its namespace ('' cluster-wide) unless given */
  scopeOfObject?: (object: ReportObject) => string;
  /** create (POST) the reports the cluster does not hold yet, rather than apply them (default true; see `write`) */
  createNew?: boolean;
}

interface Pending {
  op: 'apply' | 'delete';
  /** the object to apply, serialized */
  body?: string;
  /** the object may be created rather than applied (`mayCreate`) */
  creatable?: boolean;
  /** the uid of its owner ('' none) */
  owner?: string;
  digest?: string;
  /** 0 (a deletion, or a report with a critical failure) to URGENCY_LEVELS: written in that order */
  urgency: number;
  api: ReportApi;
  kind: string;
  /** not before this time (a retry) */
  notBefore: number;
  failures: number;
}

export class PolicyReportSink {
  private readonly options: PolicyReportSinkOptions;
  /** path → digest of what the cluster holds, as far as this process knows */
  private readonly written = new Map<string, string>();
  /**
   * path → owner uid ('' none) of the objects eksguard created (or found created by an earlier
   * writer, by their managed fields): their fields are held by eksguard's `Update` entry, so a new
   * owner cannot replace the old one by an apply
   */
  private readonly createdOwners = new Map<string, string>();
  /** path → (api, scope) of every object written or found */
  private readonly owners = new Map<string, string>();
  /** (api, scope) → paths it owns: the inverse of `owners`, so a scope's stale objects are found without a scan of every object */
  private readonly held = new Map<string, Set<string>>();
  /** (api, scope) → path → digest of the wanted object (the object itself waits in `pending` until written) */
  private readonly desired = new Map<string, Map<string, string>>();
  private readonly pending = new Map<string, Pending>();
  /** the paths of `pending` by urgency, each in arrival order */
  private readonly queues: Set<string>[] = Array.from({ length: URGENCY_LEVELS + 1 }, () => new Set());
  /** path → urgency of the write in flight */
  private readonly inFlight = new Map<string, number>();
  private readonly missingApis = new Set<ReportApi>();
  private waiters: { upTo: number; resolve: () => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private seeding = false;
  /** the cluster's reports were read once: what `written` lacks, the cluster lacks (unless someone else wrote it) */
  private seeded = false;

  constructor(options: PolicyReportSinkOptions) {
    this.options = options;
  }

  /**
   * Reads the reports eksguard wrote before (by its label), so that unchanged ones are not
   * written again after a restart or a change of leader, and stale ones are deleted. Returns
   * the scopes whose wanted objects differ from what the cluster holds and are not waiting to
   * be written: the caller builds those again (their objects are not kept).
   */
  async seed(): Promise<Set<string>> {
    // nothing is written while the cluster's reports are read: what is already there is not written again
    this.seeding = true;
    try {
      const rebuild = await this.readExisting();
      this.seeded = true;
      return rebuild;
    } finally {
      this.seeding = false;
      this.schedule();
    }
  }

  private async readExisting(): Promise<Set<string>> {
    this.written.clear();
    this.createdOwners.clear();
    this.owners.clear();
    this.held.clear();
    for (const api of this.options.apis) {
      const kinds = kindsOf(api);
      for (const [kind, resource] of [
        [kinds.namespaced, kinds.namespacedResource],
        [kinds.cluster, kinds.clusterResource],
      ] as const) {
        // by pages: after a restart the reports of a large cluster are tens of MB of JSON
        let next: string | undefined;
        do {
          let body: { items?: unknown[]; metadata?: { continue?: string } };
          try {
            body = (await this.options.transport.getJson(`/apis/${api}/${resource}`, { query: { labelSelector: `${MANAGED_BY_LABEL}=${REPORT_SOURCE}`, limit: String(SEED_PAGE), continue: next } })) as typeof body;
          } catch (error) {
            if (error instanceof KubeApiError && error.status === 404) {
              this.noteMissingApi(api, error);
              break;
            }
            throw error;
          }
          for (const item of (body.items ?? []) as ReportObject[]) {
            const name = item.metadata?.name;
            if (typeof name !== 'string') continue;
            const path = pathOf(api, kind, name, item.metadata.namespace);
            this.written.set(path, item.metadata.annotations?.[DIGEST_ANNOTATION] ?? '');
            const managed = (item.metadata as { managedFields?: { manager?: string; operation?: string }[] }).managedFields;
            if (Array.isArray(managed) && managed.some((entry) => entry.manager === FIELD_MANAGER && entry.operation === 'Update')) this.createdOwners.set(path, ownerOf(item));
            this.own(path, scopeKey(api, this.options.scopeOfObject?.(item) ?? item.metadata.namespace ?? ''));
          }
          next = body.metadata?.continue || undefined;
        } while (next);
      }
    }
    const rebuild = new Set<string>();
    for (const [key, wanted] of [...this.desired]) {
      for (const [path, digest] of wanted) {
        this.own(path, key);
        const job = this.pending.get(path);
        if (this.written.get(path) === digest) {
          if (job?.op === 'apply' && !this.inFlight.has(path)) this.unqueue(path);
        } else if (!job) rebuild.add(splitKey(key)[1]);
      }
      this.reconcileDeletions(key);
    }
    return rebuild;
  }

  /** The objects one scope's report is now (an empty list deletes them all). */
  setScope(api: ReportApi, scope: string, objects: readonly ReportObject[]): void {
    const key = scopeKey(api, scope);
    const wanted = new Map<string, string>();
    for (const object of objects) {
      const path = pathOf(api, object.kind, object.metadata.name, object.metadata.namespace);
      const digest = object.metadata.annotations[DIGEST_ANNOTATION]!;
      wanted.set(path, digest);
      this.own(path, key);
      if (this.written.get(path) === digest) this.unqueue(path);
      else {
        const urgency = object.results.reduce((most, result) => Math.min(most, urgencyOf(result)), URGENCY_LEVELS);
        this.enqueue(path, { op: 'apply', body: JSON.stringify(object), creatable: mayCreate(object), owner: ownerOf(object), digest, urgency, api, kind: object.kind, notBefore: 0, failures: 0 });
      }
    }
    this.desired.set(key, wanted);
    this.reconcileDeletions(key);
    this.schedule();
  }

  /** Every scope that has no report any more (its namespace went, or it was found stale at seed) loses its objects. */
  retainScopes(api: ReportApi, scopes: ReadonlySet<string>): void {
    const stale = new Set<string>();
    for (const key of [...this.desired.keys(), ...this.held.keys()]) {
      const [keyApi, scope] = splitKey(key);
      if (keyApi === api && !scopes.has(scope)) stale.add(scope);
    }
    for (const scope of stale) this.setScope(api, scope, []);
  }

  /** Writes whatever waited for leadership (or a retry) now. */
  kick(): void {
    this.schedule();
  }

  /** Resolves when nothing is pending or in flight (nothing can be written while not leader), or at close. */
  idle(): Promise<void> {
    return this.drained();
  }

  /**
   * Resolves when no report whose urgency is `upTo` or more urgent (0 deletions and critical
   * failures, 1 high, …; `urgencyOf`) is pending or in flight, or at close.
   */
  drained(upTo = URGENCY_LEVELS): Promise<void> {
    if (this.outstandingUpTo(upTo) === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ upTo, resolve }));
  }

  private outstandingUpTo(upTo: number): number {
    let count = 0;
    for (let level = 0; level <= Math.min(upTo, URGENCY_LEVELS); level += 1) count += this.queues[level]!.size;
    for (const urgency of this.inFlight.values()) if (urgency <= upTo) count += 1;
    return count;
  }

  pendingCount(): number {
    return this.pending.size + this.inFlight.size;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const waiter of this.waiters.splice(0)) waiter.resolve();
  }

  /** Deletes what the scope held and no longer wants. */
  private reconcileDeletions(key: string): void {
    const wanted = this.desired.get(key) ?? new Map<string, string>();
    const [api] = splitKey(key);
    let owned = wanted.size;
    for (const path of [...(this.held.get(key) ?? [])]) {
      if (wanted.has(path)) continue;
      if (this.written.has(path)) {
        owned += 1;
        this.enqueue(path, { op: 'delete', urgency: 0, api, kind: kindOfPath(api, path), notBefore: 0, failures: 0 });
      } else {
        this.unqueue(path);
        this.disown(path);
      }
    }
    // a scope that wants nothing and holds nothing is forgotten (namespaces come and go)
    if (owned === 0) this.desired.delete(key);
  }

  private own(path: string, key: string): void {
    const previous = this.owners.get(path);
    if (previous === key) return;
    if (previous !== undefined) this.disown(path);
    this.owners.set(path, key);
    let paths = this.held.get(key);
    if (!paths) this.held.set(key, (paths = new Set()));
    paths.add(path);
  }

  private disown(path: string): void {
    const key = this.owners.get(path);
    if (key === undefined) return;
    this.owners.delete(path);
    const paths = this.held.get(key);
    paths?.delete(path);
    if (paths && paths.size === 0) this.held.delete(key);
  }

  private enqueue(path: string, next: Pending): void {
    const previous = this.pending.get(path);
    // a retry keeps its pace whatever the new content is
    this.pending.set(path, previous ? { ...next, notBefore: previous.notBefore, failures: previous.failures } : next);
    if (previous && previous.urgency !== next.urgency) this.queues[previous.urgency]!.delete(path);
    this.queues[next.urgency]!.add(path);
  }

  private unqueue(path: string): void {
    const job = this.pending.get(path);
    if (!job) return;
    this.pending.delete(path);
    this.queues[job.urgency]!.delete(path);
  }

  /** The waiting paths, the most urgent first. */
  private *byUrgency(): Iterable<[string, Pending]> {
    for (const queue of this.queues) for (const path of queue) yield [path, this.pending.get(path)!];
  }

  private schedule(delayMs = 0): void {
    if (this.closed) return;
    if (this.timer && delayMs > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, delayMs);
  }

  private pump(): void {
    if (this.closed) return;
    const now = (this.options.now ?? Date.now)();
    const limit = this.options.concurrency ?? 4;
    let soonest = Infinity;
    if (this.options.canWrite() && !this.seeding) {
      // lazily: a first start queues thousands, and this runs after every write (deleting the
      // current entry of a Set while iterating it is safe)
      for (const [path, job] of this.byUrgency()) {
        if (this.inFlight.size >= limit) break;
        if (this.inFlight.has(path)) continue;
        if (job.notBefore > now || this.missingApis.has(job.api)) {
          soonest = Math.min(soonest, job.notBefore > now ? job.notBefore : now + (this.options.retryMs ?? 5_000) * 4);
          continue;
        }
        this.unqueue(path);
        this.inFlight.set(path, job.urgency);
        void this.write(path, job).finally(() => {
          this.inFlight.delete(path);
          this.pump();
        });
      }
    }
    if (this.waiters.length > 0) {
      const waiting = this.waiters;
      this.waiters = [];
      for (const waiter of waiting) {
        if (this.outstandingUpTo(waiter.upTo) === 0) waiter.resolve();
        else this.waiters.push(waiter);
      }
    }
    if (soonest !== Infinity && this.inFlight.size === 0) {
      this.schedule(Math.max(10, soonest - now));
    }
  }

  private async write(path: string, job: Pending): Promise<void> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    const base = { api: job.api, kind: job.kind, path };
    try {
      if (job.op === 'apply') {
        const body = job.body!;
        const created = this.createdOwners.get(path);
        if (created !== undefined && created !== job.owner) {
          // made again under the same name: the old owner's entry cannot be removed by an apply
          await this.remove(path);
          this.written.delete(path);
          this.createdOwners.delete(path);
        }
        if (job.creatable && this.knownAbsent(path) && (await this.create(path, body))) this.createdOwners.set(path, job.owner ?? '');
        else {
          await this.options.transport.send({
            method: 'PATCH',
            path,
            query: { fieldManager: FIELD_MANAGER, force: 'true' },
            json: body,
            // server-side apply; JSON is YAML
            contentType: 'application/apply-patch+yaml',
            accept: METADATA_ONLY,
          });
        }
        this.written.set(path, job.digest!);
        this.missingApis.delete(job.api);
        this.options.onWrite?.({ ...base, outcome: 'applied', seconds: seconds(), bytes: Buffer.byteLength(body) });
      } else {
        await this.remove(path);
        this.written.delete(path);
        this.createdOwners.delete(path);
        const owner = this.owners.get(path);
        if (owner === undefined || !this.desired.get(owner)?.has(path)) this.disown(path);
        this.options.onWrite?.({ ...base, outcome: 'deleted', seconds: seconds(), bytes: 0 });
      }
    } catch (error) {
      const message = describeFailure(error);
      this.options.onWrite?.({ ...base, outcome: 'error', seconds: seconds(), bytes: 0, error: message });
      if (error instanceof KubeApiError && error.status === 404 && /could not find the requested resource|the server could not find/i.test(error.message)) this.noteMissingApi(job.api, error);
      // a namespace that is gone takes its report with it: nothing to retry
      if (error instanceof KubeApiError && error.status === 404 && job.op === 'apply' && /namespaces? .* not found/i.test(error.message)) return;
      const failures = job.failures + 1;
      const wait = Math.min(300_000, (this.options.retryMs ?? 5_000) * 2 ** (failures - 1));
      const waiting = this.pending.get(path) ?? job;
      this.enqueue(path, { ...waiting, failures, notBefore: (this.options.now ?? Date.now)() + wait });
      // enqueue keeps a waiting job's pace: this failure sets it
      this.pending.get(path)!.notBefore = (this.options.now ?? Date.now)() + wait;
      this.pending.get(path)!.failures = failures;
      this.schedule(wait);
    }
  }

  private async remove(path: string): Promise<void> {
    try {
      await this.options.transport.send({ method: 'DELETE', path });
    } catch (error) {
      if (!(error instanceof KubeApiError && error.status === 404)) throw error;
    }
  }

  /**
   * Whether the cluster does not hold the object, as far as this writer knows: it read the
   * reports eksguard wrote (`seed`) and has not written this one since.
   */
  private knownAbsent(path: string): boolean {
    return this.seeded && (this.options.createNew ?? true) && !this.written.has(path);
  }

  /**
   * Creates an object the cluster does not hold: a create costs the API server about a third
   * less than the same object's first server-side apply (about a quarter: no apply patch to parse and merge).
   * The fields it sets are owned by eksguard's `Update` entry, not its `Apply` entry, so a later
   * apply cannot remove them: only objects without a field a later version could drop are
   * created (`mayCreate`). False when the object exists after all (another writer, or one this
   * writer did not see): it is then applied.
   */
  private async create(path: string, body: string): Promise<boolean> {
    try {
      await this.options.transport.send({ method: 'POST', path: path.slice(0, path.lastIndexOf('/')), query: { fieldManager: FIELD_MANAGER }, json: body, accept: METADATA_ONLY });
      return true;
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 409) return false;
      throw error;
    }
  }

  private noteMissingApi(api: ReportApi, error: unknown): void {
    if (this.missingApis.has(api)) return;
    this.missingApis.add(api);
    this.options.onMissingApi?.(api, `${api} is not served by this cluster (${describeFailure(error)}): install its CRDs (deploy/crds/ or the Helm chart)`);
    // ask again later: someone may install the CRDs
    setTimeout(() => {
      this.missingApis.delete(api);
      this.schedule();
    }, 60_000).unref();
  }
}
