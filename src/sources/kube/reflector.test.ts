import { describe, expect, it } from 'vitest';
import { KubeApiError } from './api-error.js';
import { startReflector, type ReflectorPhase } from './reflector.js';
import { resourceForKind } from './resources.js';
import type { KubeTransport } from './transport.js';

// The reflector's reactions to the API server, against a scripted transport; the real
// kube-apiserver (restart included) is exercised by test/watch/watch.test.ts.
function scripted(lists: (() => unknown)[], watches: (() => unknown[])[]) {
  const calls: string[] = [];
  const transport: KubeTransport = {
    async getJson(path, options) {
      calls.push(`list ${path} rv=${options?.query?.['resourceVersion'] ?? ''}`);
      const next = lists.shift();
      if (!next) throw new Error('no more lists scripted');
      return next();
    },
    async send() {
      throw new Error('not used');
    },
    async *stream(path, options) {
      calls.push(`watch ${path} rv=${options?.query?.['resourceVersion']}`);
      const next = watches.shift();
      if (!next) {
        // the last watch stays open until the reflector stops
        await new Promise<void>((resolve) => options?.signal?.addEventListener('abort', () => resolve(), { once: true }));
        return;
      }
      yield* next();
    },
    close() {},
  };
  return { transport, calls };
}

const forbidden = () => {
  throw new KubeApiError(403, 'Forbidden', 'pods is forbidden');
};
const podList = (rv: string, names: string[]) => () => ({ metadata: { resourceVersion: rv }, items: names.map((name) => ({ metadata: { name, namespace: 'a', resourceVersion: rv } })) });

async function run(lists: (() => unknown)[], watches: (() => unknown[])[], until: (phases: ReflectorPhase[]) => boolean) {
  const { transport, calls } = scripted(lists, watches);
  const phases: ReflectorPhase[] = [];
  const waits: number[] = [];
  const replaced: string[][] = [];
  const events: string[] = [];
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const reflector = startReflector({
    transport,
    resource: resourceForKind('Pod')!,
    pageSize: 500,
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms);
    },
    handlers: {
      replace: (_resource, items) => replaced.push(items.map((item: any) => item.metadata.name)),
      event: (_resource, type, item: any) => events.push(`${type} ${item.metadata.name}`),
      state: (_resource, state) => {
        phases.push(state.phase);
        if (until(phases)) finish();
      },
    },
  });
  await finished;
  reflector.stop();
  await reflector.done;
  return { calls, phases, waits, replaced, events };
}

describe('reflector', () => {
  it('retries a refused list soon at first (a restarting API server refuses until its RBAC cache syncs), then lists and watches', async () => {
    const result = await run([forbidden, forbidden, podList('10', ['p1'])], [], (phases) => phases.at(-1) === 'watching');
    expect(result.phases.slice(0, 5)).toEqual(['listing', 'forbidden', 'listing', 'forbidden', 'listing']);
    expect(result.waits).toEqual([1_000, 2_000]);
    expect(result.replaced).toEqual([['p1']]);
  });

  it('slows to the refused pace when the refusal persists', async () => {
    const result = await run(Array.from({ length: 9 }, () => forbidden), [], (phases) => phases.filter((phase) => phase === 'forbidden').length === 9);
    expect(result.waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('watches from the list snapshot, follows bookmarks, and lists afresh after 410 Gone', async () => {
    const result = await run(
      [podList('10', ['p1']), podList('30', ['p2'])],
      [() => [{ type: 'ADDED', object: { metadata: { name: 'p3', resourceVersion: '11' } } }, { type: 'BOOKMARK', object: { metadata: { resourceVersion: '20' } } }], () => [{ type: 'ERROR', object: { code: 410 } }]],
      (phases) => phases.filter((phase) => phase === 'listing').length === 2 && phases.at(-1) === 'watching',
    );
    expect(result.calls).toEqual([
      'list /api/v1/pods rv=',
      'watch /api/v1/pods rv=10',
      'watch /api/v1/pods rv=20',
      'list /api/v1/pods rv=',
      'watch /api/v1/pods rv=30',
    ]);
    expect(result.events).toEqual(['ADDED p3']);
    expect(result.replaced).toEqual([['p1'], ['p2']]);
  });
});
