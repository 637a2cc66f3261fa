import { asRecord } from '../core/inventory.js';
import { KubeApiError, describeFailure } from '../sources/kube/api-error.js';
import type { KubeTransport } from '../sources/kube/transport.js';

/**
 * Leader election on a `coordination.k8s.io/v1` Lease, as client-go's leaderelection does: a
 * candidate takes the Lease when it is free or its holder has not renewed it for
 * `leaseSeconds` (timed on the candidate's own clock, from when it last saw the record change,
 * so clock skew between nodes does not matter); the leader renews every `retrySeconds` and
 * counts itself leader only until `renewSeconds` after its last successful renewal. Since
 * `renewSeconds` < `leaseSeconds`, a leader that cannot renew stops writing before anyone else
 * may start. Updates carry the resourceVersion they read, so two candidates cannot both win.
 */

export interface LeaderElectionOptions {
  transport: Pick<KubeTransport, 'getJson' | 'send'>;
  namespace: string;
  name: string;
  identity: string;
  leaseSeconds?: number;
  renewSeconds?: number;
  retrySeconds?: number;
  onStartedLeading?: () => void;
  onStoppedLeading?: () => void;
  onError?: (message: string) => void;
  /** monotonic milliseconds (tests replace it) */
  clock?: () => number;
  /** wall-clock time written into the Lease */
  wallClock?: () => Date;
}

export interface LeaderElection {
  isLeader(): boolean;
  /** who holds the Lease, as last read */
  holder(): string | undefined;
  /** one acquire-or-renew round (the loop calls it every retrySeconds) */
  tryAcquireOrRenew(): Promise<boolean>;
  /** stops the loop and, if leading, frees the Lease so another replica takes over at once */
  stop(): Promise<void>;
}

interface LeaseRecord {
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions: number;
}

/** RFC 3339 with microseconds, as the Lease's MicroTime fields take. */
export function microTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function readRecord(lease: unknown): { record: LeaseRecord; resourceVersion: string | undefined } {
  const spec = asRecord(asRecord(lease)?.['spec']) ?? {};
  const metadata = asRecord(asRecord(lease)?.['metadata']) ?? {};
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    record: {
      holderIdentity: text(spec['holderIdentity']) ?? '',
      leaseDurationSeconds: typeof spec['leaseDurationSeconds'] === 'number' ? spec['leaseDurationSeconds'] : 15,
      ...(text(spec['acquireTime']) ? { acquireTime: text(spec['acquireTime'])! } : {}),
      ...(text(spec['renewTime']) ? { renewTime: text(spec['renewTime'])! } : {}),
      leaseTransitions: typeof spec['leaseTransitions'] === 'number' ? spec['leaseTransitions'] : 0,
    },
    resourceVersion: text(metadata['resourceVersion']),
  };
}

export function startLeaderElection(options: LeaderElectionOptions): LeaderElection {
  const leaseSeconds = options.leaseSeconds ?? 15;
  const renewSeconds = options.renewSeconds ?? 10;
  const retrySeconds = options.retrySeconds ?? 2;
  if (!(renewSeconds < leaseSeconds && retrySeconds < renewSeconds)) throw new RangeError('leader election needs retry < renew deadline < lease duration');
  const clock = options.clock ?? (() => performance.now());
  const wallClock = options.wallClock ?? (() => new Date());
  const path = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(options.namespace)}/leases/${encodeURIComponent(options.name)}`;
  let observed: { key: string; at: number; holder: string } | undefined;
  let renewedAt: number | undefined;
  let leading = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let deadline: NodeJS.Timeout | undefined;

  const isLeader = () => leading && renewedAt !== undefined && clock() - renewedAt < renewSeconds * 1000;

  function setLeading(next: boolean): void {
    if (next === leading) return;
    leading = next;
    if (next) options.onStartedLeading?.();
    else options.onStoppedLeading?.();
  }

  function body(record: LeaseRecord, resourceVersion?: string) {
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: options.name, namespace: options.namespace, ...(resourceVersion ? { resourceVersion } : {}), labels: { 'app.kubernetes.io/managed-by': 'eksguard' } },
      spec: record,
    };
  }

  async function attempt(): Promise<boolean> {
    const now = wallClock();
    let current: { record: LeaseRecord; resourceVersion: string | undefined } | undefined;
    try {
      current = readRecord(await options.transport.getJson(path));
    } catch (error) {
      if (!(error instanceof KubeApiError && error.status === 404)) throw error;
    }
    if (!current) {
      const record: LeaseRecord = { holderIdentity: options.identity, leaseDurationSeconds: leaseSeconds, acquireTime: microTime(now), renewTime: microTime(now), leaseTransitions: 0 };
      await options.transport.send({ method: 'POST', path: path.slice(0, path.lastIndexOf('/')), body: body(record) });
      observed = { key: JSON.stringify(record), at: clock(), holder: options.identity };
      return true;
    }
    const { record, resourceVersion } = current;
    const key = JSON.stringify(record);
    if (!observed || observed.key !== key) observed = { key, at: clock(), holder: record.holderIdentity };
    const heldByOther = record.holderIdentity !== '' && record.holderIdentity !== options.identity;
    if (heldByOther && clock() - observed.at < record.leaseDurationSeconds * 1000) return false;
    const mine = record.holderIdentity === options.identity;
    const next: LeaseRecord = {
      holderIdentity: options.identity,
      leaseDurationSeconds: leaseSeconds,
      acquireTime: mine && record.acquireTime ? record.acquireTime : microTime(now),
      renewTime: microTime(now),
      leaseTransitions: mine ? record.leaseTransitions : record.leaseTransitions + 1,
    };
    await options.transport.send({ method: 'PUT', path, body: body(next, resourceVersion) });
    observed = { key: JSON.stringify(next), at: clock(), holder: options.identity };
    return true;
  }

  /** a leader that stops renewing stops leading when its renew deadline passes, with no round running */
  function renewed(): void {
    renewedAt = clock();
    armDeadline(renewSeconds * 1000);
  }
  function armDeadline(ms: number): void {
    clearTimeout(deadline);
    deadline = setTimeout(() => {
      if (!isLeader()) setLeading(false);
      else if (renewedAt !== undefined) armDeadline(renewSeconds * 1000 - (clock() - renewedAt));
    }, Math.max(1, Math.ceil(ms)));
    deadline.unref();
  }

  /** Rounds of one candidate run one after another: two in flight would race each other for the Lease. */
  let chain: Promise<unknown> = Promise.resolve();
  function tryAcquireOrRenew(): Promise<boolean> {
    const next = chain.then(oneRound, oneRound);
    chain = next;
    return next;
  }

  async function oneRound(): Promise<boolean> {
    try {
      const won = await attempt();
      if (won) renewed();
      setLeading(won ? true : isLeader());
      return won;
    } catch (error) {
      // 409: another candidate updated the Lease first; anything else: try again next round
      if (!(error instanceof KubeApiError && error.status === 409)) options.onError?.(`leader election: ${describeFailure(error)}`);
      setLeading(isLeader());
      return false;
    }
  }

  function loop(): void {
    if (stopped) return;
    void tryAcquireOrRenew().finally(() => {
      if (stopped) return;
      // a little jitter keeps candidates from asking in lockstep
      timer = setTimeout(loop, retrySeconds * 1000 * (leading ? 1 : 1 + Math.random() * 0.2));
    });
  }
  loop();

  return {
    isLeader,
    holder: () => observed?.holder,
    tryAcquireOrRenew,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      clearTimeout(deadline);
      await chain.catch(() => undefined);
      if (!isLeader()) {
        setLeading(false);
        return;
      }
      setLeading(false);
      try {
        const current = readRecord(await options.transport.getJson(path));
        if (current.record.holderIdentity !== options.identity) return;
        const released: LeaseRecord = { ...current.record, holderIdentity: '', leaseDurationSeconds: 1, renewTime: microTime(wallClock()) };
        await options.transport.send({ method: 'PUT', path, body: body(released, current.resourceVersion) });
      } catch (error) {
        options.onError?.(`leader election: could not release the Lease: ${describeFailure(error)}`);
      }
    },
  };
}
