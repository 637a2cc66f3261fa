#!/usr/bin/env node
// npm run bench:watch [-- --pods 5000 --deployments 1000 --namespaces 20 --rate 20 --seconds 15 --max-report-bytes N
//                        --write-concurrency N --baseline DIR --keep]
//
// Loads a local kube-apiserver (scripts/local-cluster.sh, in a run directory of
// its own) with bare Pods and Deployments (scripts/bench/loaded-cluster.mjs), then
// starts `eksguard watch` on it and measures the time until every report is
// written, the delay from a change to its report while --rate changes per second
// arrive for --seconds, the watcher's CPU and memory, and a `scan --kube` of the
// same cluster in the same run. The cluster is stopped at the end unless --keep.
//
// --baseline DIR (a directory with another build's dist/cli/main.js and package.json, for
// example a copy of the build before a change) measures that build first on the same loaded
// cluster, then this one, so the two are compared under the same load: between the two, every
// report and every Pod a change made is deleted.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { loadAll } from 'js-yaml';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLoadedCluster } from './bench/loaded-cluster.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/cli/main.js');
const rssHook = path.join(root, 'scripts/bench/report-rss.mjs');
const clusterScript = path.join(root, 'scripts/local-cluster.sh');
const runDir = path.join(root, '.cache/local-cluster/run-bench-watch');

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}
const PODS = option('pods', 5000);
const DEPLOYMENTS = option('deployments', 1000);
const NAMESPACES = option('namespaces', 20);
const RATE = option('rate', 20);
const CHANGE_SECONDS = option('seconds', 15);
const CONCURRENCY = option('concurrency', 32);
const KEEP = process.argv.includes('--keep');
// the watcher's own default unless given: to compare report sizes in the same conditions
const MAX_REPORT_BYTES = option('max-report-bytes', undefined);
const WRITE_CONCURRENCY = option('write-concurrency', undefined);
// the watcher runs with the Node options its Deployment sets (deploy/watch/deployment.yaml), as in a cluster
const NODE_FLAGS = (/name: NODE_OPTIONS\s+value: "([^"]*)"/.exec(readFileSync(path.join(root, 'deploy/watch/deployment.yaml'), 'utf8'))?.[1] ?? '').split(' ').filter(Boolean);
const baselineIndex = process.argv.indexOf('--baseline');
const BASELINE = baselineIndex > 0 ? path.resolve(process.argv[baselineIndex + 1]) : undefined;
if (BASELINE && !existsSync(path.join(BASELINE, 'dist/cli/main.js'))) {
  console.error(`--baseline ${BASELINE}: no dist/cli/main.js there`);
  process.exit(2);
}

if (!existsSync(cli)) {
  console.error('dist/cli/main.js is missing: run npm run build first');
  process.exit(2);
}

const { clusterEnv, kubeconfig, server, agent, variable, request, create, namespaceOf, loadSeconds } = await startLoadedCluster({
  clusterScript,
  runDir,
  pods: PODS,
  deployments: DEPLOYMENTS,
  namespaces: NAMESPACES,
  concurrency: CONCURRENCY,
});

// ---- the report CRDs, then eksguard watch ----
for (const file of readdirSync(path.join(root, 'deploy/crds'))) {
  for (const crd of loadAll(readFileSync(path.join(root, 'deploy/crds', file), 'utf8'))) await create('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
}
while ((await request('GET', '/apis/wgpolicyk8s.io/v1alpha2/policyreports?limit=1')).status !== 200) await sleep(200);

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** CPU seconds (user + system) and resident MiB of a process, from /proc. */
function usage(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  return { cpu: ticks / 100, rssMiB: rssKb / 1024 };
}

const clusterPid = (name) => Number(readFileSync(path.join(runDir, `${name}.pid`), 'utf8').trim());
const apiserverPid = clusterPid('kube-apiserver');
const etcdPid = clusterPid('etcd');

/** etcd's WAL fsyncs and backend commits so far (its /metrics): whether writes wait on the disk. */
async function etcdDisk() {
  const text = await (await fetch(`http://127.0.0.1:${variable('LOCAL_CLUSTER_ETCD_PORT')}/metrics`)).text();
  const value = (name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { fsyncSeconds: value('etcd_disk_wal_fsync_duration_seconds_sum'), fsyncs: value('etcd_disk_wal_fsync_duration_seconds_count') };
}

/** One watcher's run: start, first reports, idle, changes. */
async function measureWatch(watchCli) {
  const clusterFrom = { apiserver: usage(apiserverPid).cpu, etcd: usage(etcdPid).cpu, disk: await etcdDisk() };
  const started = performance.now();
  const watch = spawn(process.execPath, [...NODE_FLAGS, watchCli, 'watch', '--kubeconfig', kubeconfig, '--no-leader-elect', '--port', '0', '--host', '127.0.0.1', ...(MAX_REPORT_BYTES ? ['--max-report-bytes', String(MAX_REPORT_BYTES)] : []), ...(WRITE_CONCURRENCY && watchCli === cli ? ['--write-concurrency', String(WRITE_CONCURRENCY)] : [])], { stdio: ['ignore', 'ignore', 'pipe'] });
  let logs = '';
  watch.stderr.setEncoding('utf8').on('data', (chunk) => (logs += chunk));
  let peakMiB = 0;
  const sampler = setInterval(() => {
    try {
      peakMiB = Math.max(peakMiB, usage(watch.pid).rssMiB);
    } catch {}
  }, 100);
  const results = { loadAverage: loadAverage() };
  try {
    while (!/"port":(\d+)/.test(logs)) {
      if (watch.exitCode !== null) throw new Error(`watch exited: ${logs}`);
      await sleep(50);
    }
    const port = Number(/"port":(\d+)/.exec(logs)[1]);
    const get = async (target) => {
      try {
        const response = await fetch(`http://127.0.0.1:${port}${target}`);
        return { status: response.status, text: await response.text() };
      } catch {
        return { status: 0, text: '' };
      }
    };
    while ((await get('/readyz')).status !== 200) await sleep(100);
    results.readySeconds = (performance.now() - started) / 1000;
    results.startupCpuSeconds = usage(watch.pid).cpu;
    results.startupPeakMiB = peakMiB;
    // where the time until ready went: the watcher's own phases (seconds since it started), and
    // the CPU the API server and etcd spent meanwhile, per report written
    const phases = /"msg":"first reports written"/.test(logs) ? JSON.parse(logs.split('\n').find((line) => line.includes('"first reports written"'))) : {};
    results.readyListsSeconds = phases.listsSeconds;
    results.readyJudgedSeconds = phases.judgedSeconds;
    results.readyHandedOverSeconds = phases.builtSeconds;
    results.readyCriticalHighWrittenSeconds = phases.urgentWrittenSeconds;
    results.readyWrites = phases.writes;
    const disk = await etcdDisk();
    results.readyApiserverCpuSeconds = usage(apiserverPid).cpu - clusterFrom.apiserver;
    results.readyEtcdCpuSeconds = usage(etcdPid).cpu - clusterFrom.etcd;
    results.readyApiserverCpuMsPerWrite = phases.writes ? (results.readyApiserverCpuSeconds / phases.writes) * 1000 : undefined;
    results.readyEtcdFsyncs = disk.fsyncs - clusterFrom.disk.fsyncs;
    results.readyEtcdFsyncMeanMs = ((disk.fsyncSeconds - clusterFrom.disk.fsyncSeconds) / Math.max(1, results.readyEtcdFsyncs)) * 1000;

    // nothing changes: CPU over 20 s after 5 s of settling
    await sleep(5_000);
    const idleFrom = usage(watch.pid);
    await sleep(20_000);
    const idleTo = usage(watch.pid);
    results.idleCpuPercent = ((idleTo.cpu - idleFrom.cpu) / 20) * 100;
    results.idleRssMiB = idleTo.rssMiB;

    // changes at RATE per second: privileged Pods, each timed until it shows in its namespace's report
    const createdAt = new Map();
    const latencies = [];
    const reportWatch = new AbortController();
    // The watch starts at the resourceVersion of a list, so it replays none of the reports already
    // written: a replay (thousands of objects, tens of MiB) is read before any change event, and
    // its time counted as every change's delay. A watch from that version may first answer one
    // ERROR event ("Too large resource version": the watch cache has not caught up yet); it is
    // reopened from the same version after a pause, and any end of the stream reopens it from the
    // last version seen.
    results.reportEvents = 0;
    let since = JSON.parse((await request('GET', '/apis/wgpolicyk8s.io/v1alpha2/policyreports?limit=1')).text).metadata.resourceVersion;
    const watchReports = (async () => {
      while (!reportWatch.signal.aborted) {
        const response = await new Promise((resolve, reject) => {
          const req = https.request({ host: server.hostname, port: server.port, path: `/apis/wgpolicyk8s.io/v1alpha2/policyreports?watch=1&allowWatchBookmarks=true&resourceVersion=${since}`, method: 'GET', agent, signal: reportWatch.signal }, resolve);
          req.on('error', reject);
          req.end();
        });
        if (response.statusCode !== 200) results.reportWatchError = `watch of the reports: HTTP ${response.statusCode}`;
        let buffer = '';
        let failed = false;
        for await (const chunk of response.setEncoding('utf8')) {
          buffer += chunk;
          let newline;
          while ((newline = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, newline);
            buffer = buffer.slice(newline + 1);
            const event = JSON.parse(line);
            if (event.type === 'ERROR') {
              failed = true;
              // 410 Gone: the version was compacted away; start from a fresh list's (changes meanwhile are missed, and counted unseen)
              if (event.object?.code === 410) since = JSON.parse((await request('GET', '/apis/wgpolicyk8s.io/v1alpha2/policyreports?limit=1')).text).metadata.resourceVersion;
              results.reportWatchErrors = (results.reportWatchErrors ?? 0) + 1;
              continue;
            }
            if (event.object?.metadata?.resourceVersion) since = event.object.metadata.resourceVersion;
            if (event.type === 'BOOKMARK') continue;
            results.reportEvents += 1;
            const now = performance.now();
            for (const result of event.object?.results ?? []) {
              // a per-resource report names its resource once, in its scope
              const name = result.resources?.[0]?.name ?? event.object.scope?.name;
              if (result.policy === 'PSS-privileged' && createdAt.has(name)) {
                latencies.push((now - createdAt.get(name)) / 1000);
                createdAt.delete(name);
              }
            }
          }
          if (failed) break;
        }
        if (failed) await sleep(500);
      }
    })().catch((error) => {
      if (!reportWatch.signal.aborted) results.reportWatchError = String(error?.message ?? error);
    });
    await sleep(2_000);
    // where a change's delay goes: the watcher's own metrics, before and after the changes
    const metric = (text, name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
    const watcherMetrics = async () => {
      const text = (await get('/metrics')).text;
      return {
        handoff: [metric(text, 'eksguard_watch_change_to_report_seconds_sum'), metric(text, 'eksguard_watch_change_to_report_seconds_count')],
        write: [metric(text, 'eksguard_watch_report_write_seconds_sum'), metric(text, 'eksguard_watch_report_write_seconds_count')],
      };
    };
    const metricsFrom = await watcherMetrics();
    const changeFrom = usage(watch.pid);
    const total = RATE * CHANGE_SECONDS;
    const changeStart = performance.now();
    const pending = [];
    for (let i = 0; i < total; i += 1) {
      const due = changeStart + (i * 1000) / RATE;
      if (due > performance.now()) await sleep(due - performance.now());
      const name = `change-${i}`;
      createdAt.set(name, performance.now());
      pending.push(create(`/api/v1/namespaces/${namespaceOf(i)}/pods`, { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { 'bench-change': 'true' } }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', securityContext: { privileged: true } }] } }));
    }
    await Promise.all(pending);
    const deadline = performance.now() + 30_000;
    while (createdAt.size > 0 && performance.now() < deadline) await sleep(100);
    const changeTo = usage(watch.pid);
    const metricsTo = await watcherMetrics();
    const mean = (key) => (metricsTo[key][0] - metricsFrom[key][0]) / Math.max(1, metricsTo[key][1] - metricsFrom[key][1]);
    // from a change's arrival to its reports handed to the writer (judging, debounce included)
    results.changeJudgeMeanSeconds = mean('handoff');
    results.changeWrites = metricsTo.write[1] - metricsFrom.write[1];
    // one report write as the watcher sees it (the API server's time, queueing in it included)
    results.changeWriteMeanSeconds = mean('write');
    reportWatch.abort();
    await watchReports;
    latencies.sort((a, b) => a - b);
    const quantile = (q) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)];
    results.changes = `${latencies.length}/${total} seen`;
    results.changeP50Seconds = quantile(0.5);
    results.changeP99Seconds = quantile(0.99);
    results.changeMaxSeconds = latencies.at(-1);
    results.changeCpuPercent = ((changeTo.cpu - changeFrom.cpu) / ((performance.now() - changeStart) / 1000)) * 100;
    results.changeRssMiB = changeTo.rssMiB;
    results.peakMiB = peakMiB;
    results.loadAverage += ` → ${loadAverage()}`;
  } finally {
    clearInterval(sampler);
    watch.kill('SIGTERM');
    await new Promise((resolve) => watch.once('exit', resolve));
  }
  return results;
}

/** The 1-minute load average of the machine, and its 5-minute one. */
function loadAverage() {
  const [one, five] = readFileSync('/proc/loadavg', 'utf8').split(' ');
  return `${one}/${five}`;
}

/** Back to the loaded cluster as it was: no reports, no Pods the changes made. */
async function resetCluster() {
  // every namespace: the watcher also writes the namespace reports of default, kube-system, …
  const namespaces = JSON.parse((await request('GET', '/api/v1/namespaces')).text).items.map((item) => item.metadata.name);
  for (const namespace of namespaces) {
    await request('DELETE', `/api/v1/namespaces/${namespace}/pods?labelSelector=bench-change%3Dtrue&gracePeriodSeconds=0`);
    for (const api of ['wgpolicyk8s.io/v1alpha2/namespaces/' + namespace + '/policyreports', 'openreports.io/v1alpha1/namespaces/' + namespace + '/reports']) await request('DELETE', `/apis/${api}`);
  }
  await request('DELETE', '/apis/wgpolicyk8s.io/v1alpha2/clusterpolicyreports');
  await request('DELETE', '/apis/openreports.io/v1alpha1/clusterreports');
  const left = async () => JSON.parse((await request('GET', '/apis/wgpolicyk8s.io/v1alpha2/policyreports?limit=1')).text).items.length + JSON.parse((await request('GET', '/api/v1/pods?limit=1&labelSelector=bench-change%3Dtrue')).text).items.length;
  while ((await left()) > 0) await sleep(500);
}

const runs = {};
if (BASELINE) {
  runs.baseline = await measureWatch(path.join(BASELINE, 'dist/cli/main.js'));
  await resetCluster();
}
runs[BASELINE ? 'this build' : 'watch'] = await measureWatch(cli);

// ---- one scan --kube of the same cluster ----
const scanResults = {};
const out = mkdtempSync(path.join(tmpdir(), 'eksguard-bench-watch-'));
try {
  const scanStarted = performance.now();
  const scan = spawnSync(process.execPath, ['--import', rssHook, cli, 'scan', '--kube', '--format', 'json', '--output', path.join(out, 'report.json'), '--fail-on', 'none'], {
    encoding: 'utf8',
    env: { ...process.env, KUBECONFIG: kubeconfig },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (scan.status !== 0) throw new Error(`scan exited ${scan.status}: ${scan.stderr}`);
  scanResults.scanSeconds = (performance.now() - scanStarted) / 1000;
  scanResults.scanPeakMiB = Number(/EKSGUARD_BENCH_MAXRSS_KB=(\d+)/.exec(scan.stderr)?.[1] ?? NaN) / 1024;
} finally {
  rmSync(out, { recursive: true, force: true });
  agent.destroy();
  if (!KEEP) execFileSync('bash', [clusterScript, 'stop'], { env: clusterEnv, stdio: ['ignore', 'ignore', 'inherit'] });
}

console.log(`node ${process.version}, ${process.platform}/${process.arch}; kube-apiserver ${variable('LOCAL_CLUSTER_K8S_VERSION')}, etcd ${variable('LOCAL_CLUSTER_ETCD_VERSION')}`);
console.log(`watcher's Node options (deploy/watch/deployment.yaml): ${NODE_FLAGS.join(' ') || 'none'}`);
console.log(`cluster: ${PODS} Pods + ${DEPLOYMENTS} Deployments in ${NAMESPACES} namespaces, created in ${loadSeconds.toFixed(1)} s; changes: ${RATE}/s for ${CHANGE_SECONDS} s`);
const round = (value) => (typeof value === 'number' ? Number(value.toFixed(2)) : value);
const keys = [...new Set(Object.values(runs).flatMap((results) => Object.keys(results)))];
console.table(Object.fromEntries(keys.map((key) => [key, Object.fromEntries(Object.entries(runs).map(([name, results]) => [name, round(results[key])]))])));
console.table(Object.fromEntries(Object.entries(scanResults).map(([key, value]) => [key, round(value)])));
