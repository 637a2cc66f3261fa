import { afterEach, describe, expect, it, vi } from 'vitest';
import { KubeApiError } from '../sources/kube/api-error.js';
import type { SendRequest } from '../sources/kube/transport.js';
import { microTime, startLeaderElection, type LeaderElection } from './leader.js';

// The election's rules against an in-memory Lease with the API server's optimistic concurrency
// (a stale resourceVersion is 409). Two real replicas on a real kube-apiserver: test/watch/.
function leaseApi() {
  let lease: any;
  let version = 0;
  let down = false;
  return {
    lease: () => lease,
    setDown(value: boolean) {
      down = value;
    },
    transport: {
      async getJson() {
        if (down) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        if (!lease) throw new KubeApiError(404, 'NotFound', 'leases.coordination.k8s.io "eksguard-watch" not found');
        return structuredClone(lease);
      },
      async send(request: SendRequest) {
        if (down) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        const body = structuredClone(request.body) as any;
        if (request.method === 'POST') {
          if (lease) throw new KubeApiError(409, 'AlreadyExists', 'already exists');
        } else if (body.metadata.resourceVersion !== lease.metadata.resourceVersion) {
          throw new KubeApiError(409, 'Conflict', 'the object has been modified');
        }
        version += 1;
        lease = { ...body, metadata: { ...body.metadata, resourceVersion: String(version) } };
        return lease;
      },
    },
  };
}

const elections: LeaderElection[] = [];
afterEach(async () => {
  for (const election of elections.splice(0)) await election.stop();
});

function candidate(api: ReturnType<typeof leaseApi>, identity: string, clock: { now: number }, events: string[] = []) {
  const election = startLeaderElection({
    transport: api.transport,
    namespace: 'eksguard',
    name: 'eksguard-watch',
    identity,
    // rounds are driven by hand below; the loop's own timer is far away
    retrySeconds: 2,
    clock: () => clock.now,
    onStartedLeading: () => events.push(`${identity} leads`),
    onStoppedLeading: () => events.push(`${identity} stops`),
  });
  elections.push(election);
  return election;
}

describe('leader election', () => {
  it('lets exactly one of two candidates lead, and the other take over only after the lease expires on its own clock', async () => {
    const api = leaseApi();
    const clock = { now: 0 };
    const events: string[] = [];
    const a = candidate(api, 'a', clock, events);
    await a.tryAcquireOrRenew();
    const b = candidate(api, 'b', clock, events);
    await b.tryAcquireOrRenew();
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);
    expect(api.lease().spec).toMatchObject({ holderIdentity: 'a', leaseDurationSeconds: 15, leaseTransitions: 0 });

    // a renews; b keeps seeing a fresh record and stays out
    clock.now = 8_000;
    expect(await a.tryAcquireOrRenew()).toBe(true);
    expect(await b.tryAcquireOrRenew()).toBe(false);

    // a stops renewing (partitioned): it stops counting itself leader after the renew deadline...
    clock.now = 18_100;
    expect(a.isLeader()).toBe(false);
    // ...and b, which saw the last change at 8 s, may take over only after 15 s more
    clock.now = 22_000;
    expect(await b.tryAcquireOrRenew()).toBe(false);
    clock.now = 23_100;
    expect(await b.tryAcquireOrRenew()).toBe(true);
    expect(b.isLeader()).toBe(true);
    expect(api.lease().spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
    // a comes back: the lease is b's now
    expect(await a.tryAcquireOrRenew()).toBe(false);
    expect(events).toEqual(['a leads', 'b leads', 'a stops']);
  });

  it('never lets both win a race for a free lease', async () => {
    const api = leaseApi();
    const clock = { now: 0 };
    const a = candidate(api, 'a', clock);
    const b = candidate(api, 'b', clock);
    const results = await Promise.all([a.tryAcquireOrRenew(), b.tryAcquireOrRenew()]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect([a.isLeader(), b.isLeader()].filter(Boolean)).toHaveLength(1);
  });

  it('stops leading when the API server cannot be reached past the renew deadline', async () => {
    const api = leaseApi();
    const clock = { now: 0 };
    const errors: string[] = [];
    const a = startLeaderElection({ transport: api.transport, namespace: 'eksguard', name: 'eksguard-watch', identity: 'a', clock: () => clock.now, onError: (message) => errors.push(message) });
    elections.push(a);
    await a.tryAcquireOrRenew();
    api.setDown(true);
    clock.now = 5_000;
    expect(await a.tryAcquireOrRenew()).toBe(false);
    expect(a.isLeader()).toBe(true);
    clock.now = 10_001;
    expect(a.isLeader()).toBe(false);
    expect(errors[0]).toMatch(/^leader election: connect ECONNREFUSED/);
  });

  it('says it stopped leading the moment its renew deadline passes, though no round has come back', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    try {
      let hang = false;
      const api = leaseApi();
      const transport = {
        getJson: () => (hang ? new Promise<never>(() => {}) : api.transport.getJson()),
        send: (request: SendRequest) => (hang ? new Promise<never>(() => {}) : api.transport.send(request)),
      };
      const events: string[] = [];
      const a = startLeaderElection({
        transport: transport as any,
        namespace: 'eksguard',
        name: 'eksguard-watch',
        identity: 'a',
        leaseSeconds: 0.6,
        renewSeconds: 0.3,
        retrySeconds: 0.1,
        clock: () => Date.now(),
        onStartedLeading: () => events.push('leads'),
        onStoppedLeading: () => events.push('stops'),
      });
      await a.tryAcquireOrRenew();
      hang = true;
      await vi.advanceTimersByTimeAsync(299);
      expect([a.isLeader(), events]).toEqual([true, ['leads']]);
      await vi.advanceTimersByTimeAsync(2);
      expect([a.isLeader(), events]).toEqual([false, ['leads', 'stops']]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('frees the lease on stop, so the other candidate leads at once', async () => {
    const api = leaseApi();
    const clock = { now: 0 };
    const a = candidate(api, 'a', clock);
    const b = candidate(api, 'b', clock);
    await a.tryAcquireOrRenew();
    await b.tryAcquireOrRenew();
    await a.stop();
    expect(api.lease().spec).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1 });
    expect(await b.tryAcquireOrRenew()).toBe(true);
  });

  it('writes MicroTime timestamps', () => {
    expect(microTime(new Date('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05.678000Z');
  });
});
