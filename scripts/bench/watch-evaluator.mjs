// node scripts/bench/watch-evaluator.mjs [--pods 5000 --deployments 1000 --namespaces 20 --changes 100 --include-passed]
//
// The watcher's judging path alone, in process (no API server): a store loaded with the
// bench:watch corpus, one first evaluation, then --changes new privileged Pods, each noted and
// judged as one debounce window would. Prints the time of the first evaluation and per change
// (mean, p99) and of the joins over the whole inventory owed after them, so a profile (`node --cpu-prof scripts/bench/watch-evaluator.mjs`) shows what runs
// per change without the noise of an API server on a shared machine.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const load = (file) => import(pathToFileURL(path.join(root, 'dist', file)).href);
const { allChecks } = await load('checks/index.js');
const { toClusterObject } = await load('sources/kube/normalize.js');
const { resourceForKind } = await load('sources/kube/resources.js');
const { IncrementalEvaluator } = await load('watch/evaluator.js');
const { ClusterStore } = await load('watch/store.js');
const { podSpec } = await import('./corpus.mjs');

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}
const PODS = option('pods', 5000);
const DEPLOYMENTS = option('deployments', 1000);
const NAMESPACES = option('namespaces', 20);
const CHANGES = option('changes', 100);

let uid = 0;
const object = (raw) => {
  raw.metadata.uid = `uid-${(uid += 1)}`;
  raw.metadata.resourceVersion = String(uid);
  return toClusterObject(raw, resourceForKind(raw.kind), 'bench');
};
const store = new ClusterStore();
const evaluator = new IncrementalEvaluator({ checks: allChecks, settings: { pssLevel: 'restricted', pssVersion: 'latest' }, includePassed: process.argv.includes('--include-passed') }, store);
const namespaceOf = (i) => `bench-${i % NAMESPACES}`;
for (let i = 0; i < NAMESPACES; i += 1) evaluator.noteChanges(store.upsert(object({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `bench-${i}` } })));
for (let i = 0; i < PODS; i += 1) {
  evaluator.noteChanges(store.upsert(object({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, namespace: namespaceOf(i), labels: { app: `app-${i % 200}` } }, spec: podSpec(i) })));
}
for (let i = 0; i < DEPLOYMENTS; i += 1) {
  const template = { metadata: { labels: { app: `deploy-${i}` } }, spec: podSpec(i + 7) };
  evaluator.noteChanges(store.upsert(object({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `deploy-${i}`, namespace: namespaceOf(i) }, spec: { replicas: 3, selector: { matchLabels: template.metadata.labels }, template } })));
}
let started = performance.now();
const first = evaluator.flush(new Date());
const firstSeconds = (performance.now() - started) / 1000;
const perChange = [];
for (let i = 0; i < CHANGES; i += 1) {
  evaluator.noteChanges(store.upsert(object({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `change-${i}`, namespace: namespaceOf(i) }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', securityContext: { privileged: true } }] } })));
  started = performance.now();
  // as the watcher does: the joins over the whole inventory wait for a flush of their own
  evaluator.flush(new Date(), { deferJoins: true });
  perChange.push(performance.now() - started);
}
started = performance.now();
evaluator.flush(new Date());
const joinsMs = performance.now() - started;
perChange.sort((a, b) => a - b);
const mean = perChange.reduce((sum, ms) => sum + ms, 0) / Math.max(1, perChange.length);
const byStatus = {};
for (const finding of evaluator.allFindings()) byStatus[finding.status] = (byStatus[finding.status] ?? 0) + 1;
console.log(JSON.stringify({ objects: store.size, results: byStatus, firstScopes: first.scopes.size, firstSeconds: Number(firstSeconds.toFixed(2)), changeMeanMs: Number(mean.toFixed(1)), changeP99Ms: Number((perChange[Math.ceil(0.99 * perChange.length) - 1] ?? 0).toFixed(1)), joinsMs: Math.round(joinsMs), heapMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20) }));
