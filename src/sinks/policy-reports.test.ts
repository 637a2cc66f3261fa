import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/types.js';
import { buildPolicyReports, type ReportObject } from '../reporters/policy-report.js';
import { KubeApiError } from '../sources/kube/api-error.js';
import type { SendRequest } from '../sources/kube/transport.js';
import { PolicyReportSink, type WriteRecord } from './policy-reports.js';

// The sink's bookkeeping against an in-memory API: what it sends, and when. Writing to a real
// kube-apiserver is tested end to end in test/watch/.
function fakeApi(options: { fail?: (request: SendRequest) => unknown; existing?: ReportObject[] } = {}) {
  const objects = new Map<string, ReportObject>();
  const sent: { method: string; path: string }[] = [];
  const lists: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  for (const object of options.existing ?? []) objects.set(`/apis/wgpolicyk8s.io/v1alpha2/namespaces/${object.metadata.namespace}/policyreports/${object.metadata.name}`, object);
  return {
    objects,
    sent,
    lists,
    maxInFlight: () => maxInFlight,
    transport: {
      async send(request: SendRequest) {
        sent.push({ method: request.method, path: request.path });
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        const failure = options.fail?.(request);
        if (failure) throw failure;
        // only the metadata comes back
        expect(request.accept ?? '').toMatch(request.method === 'DELETE' ? /^$/ : /^application\/json;as=PartialObjectMetadata;g=meta\.k8s\.io;v=v1,/);
        const body = (request.json === undefined ? request.body : JSON.parse(request.json)) as ReportObject;
        if (request.method === 'PATCH') {
          expect(request.query).toEqual({ fieldManager: 'eksguard', force: 'true' });
          expect(request.contentType).toBe('application/apply-patch+yaml');
          const managed = managedOf(objects.get(request.path)).filter((entry) => entry.operation === 'Update');
          objects.set(request.path, withManaged(body, [...managed, { manager: 'eksguard', operation: 'Apply' }]));
        } else if (request.method === 'POST') {
          expect(request.query).toEqual({ fieldManager: 'eksguard' });
          const path = `${request.path}/${body.metadata.name}`;
          if (objects.has(path)) throw new KubeApiError(409, "AlreadyExists", `policyreports.wgpolicyk8s.io "${body.metadata.name}" already exists`);
          objects.set(path, withManaged(body, [{ manager: 'eksguard', operation: 'Update' }]));
        } else if (request.method === 'DELETE') objects.delete(request.path);
        return {};
      },
      async getJson(path: string, get?: { query?: Readonly<Record<string, string | undefined>> }) {
        lists.push(path);
        if (path.includes('cluster')) return { items: [] };
        const all = [...objects.values()].filter((object) => path.includes(object.kind.toLowerCase() + 's'));
        // paged as the API server does: `limit`, then `continue` from where the page ended
        const from = Number(get?.query?.['continue'] ?? 0);
        const limit = Number(get?.query?.['limit'] ?? all.length);
        const end = from + limit;
        return { items: all.slice(from, end), metadata: end < all.length ? { continue: String(end) } : {} };
      },
    },
  };
}

type ManagedEntry = { manager: string; operation: string };

function managedOf(object: ReportObject | undefined): ManagedEntry[] {
  return ((object?.metadata as { managedFields?: ManagedEntry[] } | undefined)?.managedFields ?? []);
}

function withManaged(object: ReportObject, managedFields: ManagedEntry[]): ReportObject {
  return { ...object, metadata: { ...object.metadata, managedFields } as ReportObject['metadata'] };
}

function pod(name: string, message = 'runs privileged'): Finding {
  return {
    checkId: 'PSS-privileged',
    status: 'fail',
    severity: 'critical',
    area: 'containers',
    title: 'Containers must not run privileged',
    message,
    resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name },
    standards: [],
    remediation: '',
  };
}

function report(findings: Finding[], maxBytes = 1_000_000): ReportObject[] {
  return buildPolicyReports({ api: 'wgpolicyk8s.io/v1alpha2', scope: 'shop', findings, warnAt: 'none', maxBytes, now: new Date() }).objects;
}

describe('PolicyReportSink', () => {
  it('applies a report once, and not again while its content is unchanged', async () => {
    const api = fakeApi();
    const writes: WriteRecord[] = [];
    const sink = new PolicyReportSink({ transport: api.transport, apis: ['wgpolicyk8s.io/v1alpha2'], canWrite: () => true, onWrite: (record) => writes.push(record) });
    sink.setScope('wgpolicyk8s.io/v1alpha2', 'shop', report([pod('a')]));
    await sink.idle();
    sink.setScope('wgpolicyk8s.io/v1alpha2', 'shop', report([pod('a')]));
    await sink.idle();
    expect(api.sent).toEqual([{ method: 'PATCH', path: '/apis/wgpolicyk8s.io/v1alpha2/namespaces/shop/policyreports/eksguard' }]);
    expect(writes).toMatchObject([{ outcome: 'applied', kind: 'PolicyReport' }]);
    expect(writes[0]!.bytes).toBeGreaterThan(100);
    sink.close();
  });

  it('writes the most urgent reports first: deletions, then by their most urgent result, in arrival order within a level', async () => {
    const api = fakeApi();
    let leader = false;
    const sink = new PolicyReportSink({ transport: api.transport, apis: ['wgpolicyk8s.io/v1alpha2'], canWrite: () => leader, concurrency: 1 });
    const low = (name: string): Finding => ({ ...pod(name), checkId: 'K8S-WL-001', severity: 'low' });
    const high = (name: string): Finding => ({ ...pod(name), checkId: 'K8S-WL-002', severity: 'high' });
    const scoped = (name: string, findings: Finding[]) =>
      buildPolicyReports({ api: 'wgpolicyk8s.io/v1alpha2', scope: 'shop', name: `eksguard-pod-${name}`, subject: { apiVersion: 'v1', kind: 'Pod', name, namespace: 'shop' }, findings, warnAt: 'none', maxBytes: 1_000_000, now: new Date() }).objects;
    sink.setScope('wgpolicyk8s.io/v1alpha2', 'low-1', scoped('low-1', [low('low-1')]));
    sink.setScope('wgpolicyk8s.io/v1alpha2', 'high-1', scoped('high-1', [high('high-1')]));
    sink.setScope('wgpolicyk8s.io/v1alpha2', 'low-2', scoped('low-2', [low('low-2')]));
    sink.setScope('wgpolicyk8s.io/v1alpha2', 'mixed', scoped('mixed', [low('mixed'), pod('mixed')]));
    sink.setScope('wgpolicyk8s.io/v1alpha2', 'high-2', scoped('high-2', [high('high-2')]));
    // content that changes urgency moves: low-2 now holds a critical failure
    sink.setScope('wgpolicyk8s.io/v1alpha2', 'low-2', scoped('low-2', [low('low-2'), pod('low-2')]));
    leader = true;
    sink.kick();
    await sink.idle();
    expect(api.sent.map((request) => request.path.split('/').pop())).toEqual(['eksguard-pod-mixed', 'eksguard-pod-low-2', 'eksguard-pod-high-1', 'eksguard-pod-high-2', 'eksguard-pod-low-1']);
    // what was applied is the object built, sent serialized
    expect(api.objects.get('/apis/wgpolicyk8s.io/v1alpha2/namespaces/shop/policyreports/eksguard-pod-low-2')!.results.map((result) => result.policy)).toEqual(['PSS-privileged', 'K8S-WL-001']);
    sink.setScope('wgpolicyk8s.io/v1alpha2', 'low-1', []);
    sink.setScope('wgpolicyk8s.io/v1alpha2', 'high-2', scoped('high-2', [pod('high-2')]));
    await sink.idle();
    expect(api.sent.slice(5).map((request) => [request.method, request.path.split('/').pop()])).toEqual([
      ['DELETE', 'eksguard-pod-low-1'],
      ['PATCH', 'eksguard-pod-high-2'],
    ]);
    sink.close();
  });

  it('writes nothing while it is not the leader, and everything that waited once it is', async () => {
    const api = fakeApi();
    let leader = false;
    const sink = new PolicyReportSink({ transport: api.transport, apis: ['wgpolicyk8s.io/v1alpha2'], canWrite: () => leader });
    sink.setScope('wgpolicyk8s.io/v1alpha2', 'shop', report([pod('a')]));
    sink.setScope('wgpolicyk8s.io/v1alpha2', 'shop', report([pod('a'), pod('b')]));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(api.sent).toEqual([]);
    expect(sink.pendingCount()).toBe(1);
    leader = true;
    sink.kick();
    await sink.idle();
    // the two versions were coalesced: only the latest is written
    expect(api.sent).toHaveLength(1);
    expect([...api.objects.values()][0]!.results).toHaveLength(2);
    sink.close();
  });

  it('after a restart, rewrites only what changed and deletes the parts and scopes no longer wanted', async () => {
    const previous = report(Array.from({ length: 600 }, (_, index) => pod(`p${index}`, 'x'.repeat(400))), 100_000);
    expect(previous.length).toBeGreaterThan(1);
    const api = fakeApi({ existing: [...previous, ...report([pod('z')]).map((object) => ({ ...object, metadata: { ...object.metadata, namespace: 'gone' } }))] });
    const sink = new PolicyReportSink({ transport: api.transport, apis: ['wgpolicyk8s.io/v1alpha2'], canWrite: () => true });
    await sink.seed();
    sink.setScope('wgpolicyk8s.io/v1alpha2', 'shop', previous);
    sink.retainScopes('wgpolicyk8s.io/v1alpha2', new Set(['shop', '']));
    await sink.idle();
    expect(api.sent).toEqual([{ method: 'DELETE', path: '/apis/wgpolicyk8s.io/v1alpha2/namespaces/gone/policyreports/eksguard' }]);
    api.sent.length = 0;
    sink.setScope('wgpolicyk8s.io/v1alpha2', 'shop', report([pod('a')]));
    await sink.idle();
    // a report the cluster does not hold is created
    expect(api.sent.filter((request) => request.method !== 'DELETE')).toEqual([{ method: 'POST', path: '/apis/wgpolicyk8s.io/v1alpha2/namespaces/shop/policyreports' }]);
    expect(api.sent.filter((request) => request.method === 'DELETE')).toHaveLength(previous.length);
    expect([...api.objects.keys()]).toEqual(['/apis/wgpolicyk8s.io/v1alpha2/namespaces/shop/policyreports/eksguard']);
    sink.close();
  });

  it('after a change of leader, names the scopes whose written reports differ from what the cluster holds, and maps per-resource reports to their scope', async () => {
    const api = fakeApi();
    const sink = new PolicyReportSink({ transport: api.transport, apis: ['wgpolicyk8s.io/v1alpha2'], canWrite: () => true, scopeOfObject: (object) => (object.scope ? `resource:${object.scope.name}` : (object.metadata.namespace ?? '')) });
    const forA = (findings: Finding[]) => buildPolicyReports({ api: 'wgpolicyk8s.io/v1alpha2', scope: 'shop', name: 'eksguard-pod-a', subject: { apiVersion: 'v1', kind: 'Pod', name: 'a', namespace: 'shop' }, findings, warnAt: 'none', maxBytes: 1_000_000, now: new Date() }).objects;
    sink.setScope('wgpolicyk8s.io/v1alpha2', 'resource:a', forA([pod('a')]));
    sink.setScope('wgpolicyk8s.io/v1alpha2', 'shop', report([]));
    await sink.idle();
    // another writer (a former leader) left other content in one report and a report of a Pod since gone
    const path = '/apis/wgpolicyk8s.io/v1alpha2/namespaces/shop/policyreports/eksguard-pod-a';
    api.objects.set(path, forA([pod('a', 'an older message')])[0]!);
    const stale = buildPolicyReports({ api: 'wgpolicyk8s.io/v1alpha2', scope: 'shop', name: 'eksguard-pod-gone', subject: { apiVersion: 'v1', kind: 'Pod', name: 'gone', namespace: 'shop' }, findings: [pod('gone')], warnAt: 'none', maxBytes: 1_000_000, now: new Date() }).objects[0]!;
    api.objects.set('/apis/wgpolicyk8s.io/v1alpha2/namespaces/shop/policyreports/eksguard-pod-gone', stale);
    api.sent.length = 0;
    expect([...(await sink.seed())]).toEqual(['resource:a']);
    sink.setScope('wgpolicyk8s.io/v1alpha2', 'resource:a', forA([pod('a')]));
    sink.retainScopes('wgpolicyk8s.io/v1alpha2', new Set(['resource:a', 'shop', '']));
    await sink.idle();
    expect(api.sent).toEqual([
      { method: 'PATCH', path },
      { method: 'DELETE', path: '/apis/wgpolicyk8s.io/v1alpha2/namespaces/shop/policyreports/eksguard-pod-gone' },
    ]);
    expect(api.objects.get(path)!.results[0]!.message).toBe('runs privileged');
    sink.close();
  });

  it('reads what the cluster holds by pages, and writes none of it again', async () => {
    const forPod = (name: string) => buildPolicyReports({ api: 'wgpolicyk8s.io/v1alpha2', scope: 'shop', name: `eksguard-pod-${name}`, subject: { apiVersion: 'v1', kind: 'Pod', name, namespace: 'shop' }, findings: [pod(name)], warnAt: 'none', maxBytes: 1_000_000, now: new Date() }).objects;
    const existing = Array.from({ length: 1_200 }, (_, index) => forPod(`p${index}`)[0]!);
    const api = fakeApi({ existing });
    const sink = new PolicyReportSink({ transport: api.transport, apis: ['wgpolicyk8s.io/v1alpha2'], canWrite: () => true, scopeOfObject: (object) => object.scope?.name ?? '' });
    expect(await sink.seed()).toEqual(new Set());
    expect(api.lists.filter((path) => path.endsWith('/policyreports'))).toHaveLength(3);
    for (let index = 0; index < 1_200; index += 1) sink.setScope('wgpolicyk8s.io/v1alpha2', `p${index}`, forPod(`p${index}`));
    await sink.idle();
    expect(api.sent).toEqual([]);
    sink.close();
  });

  it('writes nothing while it reads what the cluster holds, and then not what is already there', async () => {
    const existing = report([pod('a')]);
    const api = fakeApi({ existing });
    const sink = new PolicyReportSink({ transport: api.transport, apis: ['wgpolicyk8s.io/v1alpha2'], canWrite: () => true });
    const seeded = sink.seed();
    // the first reports are built while the existing ones are still being read
    sink.setScope('wgpolicyk8s.io/v1alpha2', 'shop', report([pod('a')]));
    sink.setScope('wgpolicyk8s.io/v1alpha2', 'web', report([pod('b')]).map((object) => ({ ...object, metadata: { ...object.metadata, namespace: 'web' } })));
    expect(await seeded).toEqual(new Set());
    await sink.idle();
    expect(api.sent).toEqual([{ method: 'POST', path: '/apis/wgpolicyk8s.io/v1alpha2/namespaces/web/policyreports' }]);
    sink.close();
  });

  describe('creates what the cluster does not hold (a create costs the API server less than a first apply)', () => {
    const forPod = (name: string, uid: string | undefined, findings: Finding[] = [pod(name)]) =>
      buildPolicyReports({ api: 'wgpolicyk8s.io/v1alpha2', scope: 'shop', name: `eksguard-pod-${name}`, subject: { apiVersion: 'v1', kind: 'Pod', name, namespace: 'shop', ...(uid ? { uid } : {}) }, findings, warnAt: 'none', maxBytes: 1_000_000, now: new Date() }).objects;
    const path = (name: string) => `/apis/wgpolicyk8s.io/v1alpha2/namespaces/shop/policyreports/eksguard-pod-${name}`;
    const collection = '/apis/wgpolicyk8s.io/v1alpha2/namespaces/shop/policyreports';

    it('creates a new report once the cluster was read, and applies its later versions', async () => {
      const api = fakeApi();
      const writes: WriteRecord[] = [];
      const sink = new PolicyReportSink({ transport: api.transport, apis: ['wgpolicyk8s.io/v1alpha2'], canWrite: () => true, onWrite: (record) => writes.push(record) });
      await sink.seed();
      sink.setScope('wgpolicyk8s.io/v1alpha2', 'a', forPod('a', 'uid-1'));
      await sink.idle();
      sink.setScope('wgpolicyk8s.io/v1alpha2', 'a', forPod('a', 'uid-1', [pod('a', 'changed')]));
      await sink.idle();
      expect(api.sent).toEqual([
        { method: 'POST', path: collection },
        { method: 'PATCH', path: path('a') },
      ]);
      expect(writes.map((record) => record.outcome)).toEqual(['applied', 'applied']);
      expect(managedOf(api.objects.get(path('a')))).toEqual([
        { manager: 'eksguard', operation: 'Update' },
        { manager: 'eksguard', operation: 'Apply' },
      ]);
      expect(api.objects.get(path('a'))!.results[0]!.message).toBe('changed');
      sink.close();
    });

    it('applies before the cluster was read, when asked not to create, and a report with results left out', async () => {
      const api = fakeApi();
      const before = new PolicyReportSink({ transport: api.transport, apis: ['wgpolicyk8s.io/v1alpha2'], canWrite: () => true });
      // not seeded: whether the cluster holds it is unknown
      before.setScope('wgpolicyk8s.io/v1alpha2', 'a', forPod('a', 'uid-1'));
      await before.idle();
      before.close();
      const never = new PolicyReportSink({ transport: api.transport, apis: ['wgpolicyk8s.io/v1alpha2'], canWrite: () => true, createNew: false });
      await never.seed();
      never.setScope('wgpolicyk8s.io/v1alpha2', 'b', forPod('b', 'uid-2'));
      await never.idle();
      never.close();
      expect(api.sent.map((request) => request.method)).toEqual(['PATCH', 'PATCH']);
      const other = fakeApi();
      const truncated = new PolicyReportSink({ transport: other.transport, apis: ['wgpolicyk8s.io/v1alpha2'], canWrite: () => true });
      await truncated.seed();
      // no result fits in an object of 3,000 bytes: every one is left out, and the report says so
      const big = report([pod('p1', 'x'.repeat(1_500)), pod('p2', 'x'.repeat(1_500))], 3_000);
      expect(big[0]!.metadata.annotations['eksguard.io/truncated-results']).toBeDefined();
      truncated.setScope('wgpolicyk8s.io/v1alpha2', 'shop', big);
      await truncated.idle();
      truncated.close();
      expect(other.sent.map((request) => request.method)).toEqual(big.map(() => 'PATCH'));
    });

    it('applies when the report exists after all (another writer created it)', async () => {
      const api = fakeApi();
      const sink = new PolicyReportSink({ transport: api.transport, apis: ['wgpolicyk8s.io/v1alpha2'], canWrite: () => true });
      await sink.seed();
      api.objects.set(path('a'), forPod('a', 'uid-1', [pod('a', 'older')])[0]!);
      sink.setScope('wgpolicyk8s.io/v1alpha2', 'a', forPod('a', 'uid-1'));
      await sink.idle();
      expect(api.sent).toEqual([
        { method: 'POST', path: collection },
        { method: 'PATCH', path: path('a') },
      ]);
      expect(api.objects.get(path('a'))!.results[0]!.message).toBe('runs privileged');
      sink.close();
    });

    it('deletes and creates again a created report whose owner changed (an apply cannot drop the old owner), also one an earlier writer created', async () => {
      const api = fakeApi();
      const sink = new PolicyReportSink({ transport: api.transport, apis: ['wgpolicyk8s.io/v1alpha2'], canWrite: () => true });
      await sink.seed();
      sink.setScope('wgpolicyk8s.io/v1alpha2', 'a', forPod('a', 'uid-1'));
      await sink.idle();
      // the Pod was made again under the same name
      sink.setScope('wgpolicyk8s.io/v1alpha2', 'a', forPod('a', 'uid-2'));
      await sink.idle();
      expect(api.sent).toEqual([
        { method: 'POST', path: collection },
        { method: 'DELETE', path: path('a') },
        { method: 'POST', path: collection },
      ]);
      expect(api.objects.get(path('a'))!.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Pod', name: 'a', uid: 'uid-2' }]);
      sink.close();

      // a new writer finds it created (by its managed fields): the same owner is applied, a new one made again
      api.sent.length = 0;
      const next = new PolicyReportSink({ transport: api.transport, apis: ['wgpolicyk8s.io/v1alpha2'], canWrite: () => true, scopeOfObject: (object) => object.scope?.name ?? '' });
      await next.seed();
      next.setScope('wgpolicyk8s.io/v1alpha2', 'a', forPod('a', 'uid-2', [pod('a', 'changed')]));
      await next.idle();
      next.setScope('wgpolicyk8s.io/v1alpha2', 'a', forPod('a', 'uid-3', [pod('a', 'changed')]));
      await next.idle();
      expect(api.sent).toEqual([
        { method: 'PATCH', path: path('a') },
        { method: 'DELETE', path: path('a') },
        { method: 'POST', path: collection },
      ]);
      expect(api.objects.get(path('a'))!.metadata.ownerReferences?.[0]?.uid).toBe('uid-3');
      next.close();
    });
  });

  it('tells when the most urgent reports are written, before the rest', async () => {
    const api = fakeApi();
    let written = 0;
    const sink = new PolicyReportSink({ transport: api.transport, apis: ['wgpolicyk8s.io/v1alpha2'], canWrite: () => true, concurrency: 1, onWrite: () => (written += 1) });
    const low = (name: string): Finding => ({ ...pod(name), severity: 'low' });
    for (let index = 0; index < 6; index += 1) {
      const findings = index < 2 ? [pod(`p${index}`)] : [low(`p${index}`)];
      sink.setScope('wgpolicyk8s.io/v1alpha2', `p${index}`, buildPolicyReports({ api: 'wgpolicyk8s.io/v1alpha2', scope: 'shop', name: `eksguard-pod-p${index}`, findings, warnAt: 'none', maxBytes: 1_000_000, now: new Date() }).objects);
    }
    const order: string[] = [];
    const urgent = sink.drained(1).then(() => order.push(`urgent after ${written}`));
    const all = sink.idle().then(() => order.push(`all after ${written}`));
    await Promise.all([urgent, all]);
    expect(order).toEqual(['urgent after 2', 'all after 6']);
    sink.close();
  });

  it('keeps at most `concurrency` writes in flight', async () => {
    const api = fakeApi();
    const sink = new PolicyReportSink({ transport: api.transport, apis: ['wgpolicyk8s.io/v1alpha2'], canWrite: () => true, concurrency: 3 });
    for (let index = 0; index < 12; index += 1) {
      const objects = buildPolicyReports({ api: 'wgpolicyk8s.io/v1alpha2', scope: `ns-${index}`, findings: [], warnAt: 'none', maxBytes: 1_000_000, now: new Date() }).objects;
      sink.setScope('wgpolicyk8s.io/v1alpha2', `ns-${index}`, objects);
    }
    await sink.idle();
    expect(api.sent).toHaveLength(12);
    expect(api.maxInFlight()).toBe(3);
    sink.close();
  });

  it('retries a failed write later, and reports an API the cluster does not serve once', async () => {
    let failing = 2;
    const missing: string[] = [];
    const writes: WriteRecord[] = [];
    const api = fakeApi({ fail: () => (failing-- > 0 ? new KubeApiError(500, 'InternalError', 'etcdserver: request timed out') : undefined) });
    const sink = new PolicyReportSink({ transport: api.transport, apis: ['wgpolicyk8s.io/v1alpha2'], canWrite: () => true, retryMs: 10, onWrite: (record) => writes.push(record), onMissingApi: (_api, message) => missing.push(message) });
    sink.setScope('wgpolicyk8s.io/v1alpha2', 'shop', report([pod('a')]));
    await sink.idle();
    expect(writes.map((record) => record.outcome)).toEqual(['error', 'error', 'applied']);
    expect(writes[0]!.error).toBe('InternalError: etcdserver: request timed out');
    sink.close();

    const absent = fakeApi({ fail: () => new KubeApiError(404, 'NotFound', 'the server could not find the requested resource') });
    const other = new PolicyReportSink({ transport: absent.transport, apis: ['wgpolicyk8s.io/v1alpha2'], canWrite: () => true, retryMs: 10, onMissingApi: (_api, message) => missing.push(message) });
    other.setScope('wgpolicyk8s.io/v1alpha2', 'shop', report([pod('a')]));
    other.setScope('wgpolicyk8s.io/v1alpha2', 'web', report([pod('b')]).map((object) => ({ ...object, metadata: { ...object.metadata, namespace: 'web' } })));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatch(/wgpolicyk8s.io\/v1alpha2 is not served by this cluster .*install its CRDs/);
    // while the API is missing nothing more is sent
    const attempts = absent.sent.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(absent.sent.length).toBe(attempts);
    other.close();
  });
});
