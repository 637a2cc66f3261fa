import { afterEach, describe, expect, it } from 'vitest';
import { createInventory } from '../core/inventory.js';
import { KubeApiError } from '../sources/kube/api-error.js';
import type { KubeTransport, SendRequest } from '../sources/kube/transport.js';
import { startWatchController, type WatchController } from './controller.js';

// `watch --aws` with leader election: only the replica holding the Lease audits the AWS account;
// a replica that loses the Lease stops, and the one that takes over starts. Two controllers share
// an in-memory Lease with the API server's optimistic concurrency; no checks, so no lists.
const LEASE = '/apis/coordination.k8s.io/v1/namespaces/eksguard/leases/eksguard-watch';

function sharedLease() {
  let lease: any;
  let version = 0;
  /** a transport per replica; `down` cuts that replica off the API server */
  function transport(): KubeTransport & { down: boolean } {
    return {
      down: false,
      async getJson(path: string) {
        if (this.down) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        if (path !== LEASE) return { items: [] };
        if (!lease) throw new KubeApiError(404, 'NotFound', 'not found');
        return structuredClone(lease);
      },
      async send(request: SendRequest) {
        if (this.down) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        if (!request.path.startsWith(LEASE.slice(0, LEASE.lastIndexOf('/')))) return {};
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
      stream() {
        throw new Error('no watches in this test');
      },
      close() {},
    };
  }
  return { transport, holder: () => lease?.spec?.holderIdentity as string | undefined };
}

const controllers: WatchController[] = [];
afterEach(async () => {
  for (const controller of controllers.splice(0)) await controller.stop();
});

function replica(identity: string, transport: KubeTransport) {
  const audits = { count: 0 };
  const controller = startWatchController({
    transport,
    context: 'test',
    checks: [],
    settings: {} as any,
    apis: ['wgpolicyk8s.io/v1alpha2'],
    includePassed: false,
    warnAt: 'none',
    maxReportBytes: 1_000_000,
    debounceMs: 10,
    pageSize: 500,
    leaderElection: { namespace: 'eksguard', name: 'eksguard-watch', identity, leaseSeconds: 0.6, renewSeconds: 0.4, retrySeconds: 0.1 },
    log: { info() {}, warn() {} },
    processMetrics: false,
    aws: {
      intervalMs: 20,
      async collect() {
        audits.count += 1;
        return createInventory();
      },
    },
  });
  controllers.push(controller);
  return { controller, audits };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(what: string, probe: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('watch --aws with leader election', () => {
  it('audits AWS only in the leader, and moves the audit with the Lease', async () => {
    const api = sharedLease();
    const aTransport = api.transport();
    const a = replica('a', aTransport);
    await until('a to lead', () => a.controller.isLeader());
    const b = replica('b', api.transport());
    await until('a to audit a few times', () => a.audits.count >= 3);
    await sleep(300);
    expect(b.controller.isLeader()).toBe(false);
    expect(b.audits.count).toBe(0);

    // a is cut off from the API server: past its renew deadline it stops leading and auditing; b takes over and audits
    aTransport.down = true;
    await until('a to stop leading', () => !a.controller.isLeader());
    const aStopped = a.audits.count;
    await until('b to lead', () => b.controller.isLeader() && api.holder() === 'b');
    await until('b to audit', () => b.audits.count >= 2);
    await sleep(200);
    // at most the audit that was in flight when a stopped leading
    expect(a.audits.count - aStopped).toBeLessThanOrEqual(1);
    const aLater = a.audits.count;
    await sleep(200);
    expect(a.audits.count).toBe(aLater);

    // the metric says which replica audits: the follower's last audit is not its own any more
    const followerMetrics = await a.controller.metrics.registry.metrics();
    expect(followerMetrics).toMatch(/^eksguard_watch_leader 0$/m);
  }, 20_000);

  it('audits at once without leader election', async () => {
    const api = sharedLease();
    const audits = { count: 0 };
    const controller = startWatchController({
      transport: api.transport(),
      context: 'test',
      checks: [],
      settings: {} as any,
      apis: ['wgpolicyk8s.io/v1alpha2'],
      includePassed: false,
      warnAt: 'none',
      maxReportBytes: 1_000_000,
      debounceMs: 10,
      pageSize: 500,
      log: { info() {}, warn() {} },
      processMetrics: false,
      aws: {
        intervalMs: 20,
        async collect() {
          audits.count += 1;
          return createInventory();
        },
      },
    });
    controllers.push(controller);
    await until('an audit', () => audits.count >= 2);
    expect(api.holder()).toBeUndefined();
  });
});
