#!/usr/bin/env node
// npm run bench:watch [-- --pods 5000 --deployments 1000 --namespaces 20 --rate 20 --seconds 15 --keep]
//
// Loads a local kube-apiserver (scripts/local-cluster.sh, in a run directory of
// its own) with bare Pods and Deployments (no nodes: pods stay Pending), then
// measures full `eksguard scan --kube --format json` runs: wall time and peak
// resident memory of each eksguard process. The cluster is stopped at the end
// unless --keep is given.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
import { spawn } from 'node:child_process';
import { loadAll } from 'js-yaml';
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

if (!existsSync(cli)) {
  console.error('dist/cli/main.js is missing: run npm run build first');
  process.exit(2);
}

const clusterEnv = { ...process.env, LOCAL_CLUSTER_RUN_DIR: runDir };
const line = execFileSync('bash', [clusterScript, 'start'], { env: clusterEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const kubeconfig = /^export KUBECONFIG=(.+)$/m.exec(line)?.[1]?.trim();
if (!kubeconfig) throw new Error(`local-cluster.sh start printed no KUBECONFIG line: ${line}`);
const state = readFileSync(path.join(runDir, 'cluster.env'), 'utf8');
const variable = (key) => new RegExp(`^${key}=(.*)$`, 'm').exec(state)?.[1]?.replace(/^'|'$/g, '') ?? '';
const server = new URL(variable('LOCAL_CLUSTER_SERVER'));
const agent = new https.Agent({
  keepAlive: true,
  maxSockets: CONCURRENCY,
  ca: readFileSync(variable('LOCAL_CLUSTER_CA_CERT')),
  cert: readFileSync(variable('LOCAL_CLUSTER_CLIENT_CERT')),
  key: readFileSync(variable('LOCAL_CLUSTER_CLIENT_KEY')),
});

function request(method, apiPath, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = https.request(
      { host: server.hostname, port: server.port, path: apiPath, method, agent, headers: { 'content-type': 'application/json', accept: 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** POSTs an object; 409 (already there from an earlier --keep run) is fine; 429 (API priority and fairness) is retried. */
async function create(apiPath, object) {
  for (let attempt = 0; ; attempt += 1) {
    const { status, text } = await request('POST', apiPath, object);
    if (status === 201 || status === 409) return;
    if (status === 429 && attempt < 20) {
      await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
      continue;
    }
    throw new Error(`POST ${apiPath} -> ${status}: ${text.slice(0, 300)}`);
  }
}

async function inParallel(count, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

// A realistic pod spec: two containers, resources, env, probes, a volume. Every
// tenth one is privileged and every fifth runs as root, so checks have findings to write.
function podSpec(i) {
  return {
    serviceAccountName: 'default',
    volumes: [{ name: 'config', configMap: { name: `app-${i % 50}` } }],
    containers: [
      {
        name: 'app',
        image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/team-${i % 20}/app:${1 + (i % 7)}.${i % 13}.0`,
        ports: [{ containerPort: 8080, name: 'http' }],
        env: [
          { name: 'LOG_LEVEL', value: 'info' },
          { name: 'SERVICE_NAME', value: `svc-${i}` },
          { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
        ],
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
        readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
        volumeMounts: [{ name: 'config', mountPath: '/etc/app' }],
        securityContext:
          i % 10 === 0
            ? { privileged: true }
            : { allowPrivilegeEscalation: false, runAsNonRoot: i % 5 !== 0, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
      },
      {
        name: 'sidecar',
        image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0',
        resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
      },
    ],
  };
}

const namespaceOf = (i) => `bench-${i % NAMESPACES}`;
const loadStarted = process.hrtime.bigint();
await inParallel(NAMESPACES, (i) => create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `bench-${i}` } }));
await inParallel(PODS, (i) =>
  create(`/api/v1/namespaces/${namespaceOf(i)}/pods`, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${i}`, labels: { app: `app-${i % 200}`, tier: 'web' }, annotations: { 'team.example/owner': `team-${i % 20}` } },
    spec: podSpec(i),
  }),
);
await inParallel(DEPLOYMENTS, (i) =>
  create(`/apis/apps/v1/namespaces/${namespaceOf(i)}/deployments`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `deploy-${i}`, labels: { app: `deploy-${i}` } },
    spec: { replicas: 3, selector: { matchLabels: { app: `deploy-${i}` } }, template: { metadata: { labels: { app: `deploy-${i}` } }, spec: podSpec(i + 7) } },
  }),
);
const loadSeconds = Number(process.hrtime.bigint() - loadStarted) / 1e9;

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

const started = performance.now();
const watch = spawn(process.execPath, [cli, 'watch', '--kubeconfig', kubeconfig, '--no-leader-elect', '--port', '0', '--host', '127.0.0.1'], { stdio: ['ignore', 'ignore', 'pipe'] });
let logs = '';
watch.stderr.setEncoding('utf8').on('data', (chunk) => (logs += chunk));
let peakMiB = 0;
const sampler = setInterval(() => {
  try {
    peakMiB = Math.max(peakMiB, usage(watch.pid).rssMiB);
  } catch {}
}, 100);
const results = {};
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
  const watchReports = (async () => {
    const response = await new Promise((resolve, reject) => {
      const req = https.request({ host: server.hostname, port: server.port, path: '/apis/wgpolicyk8s.io/v1alpha2/policyreports?watch=1', method: 'GET', agent, signal: reportWatch.signal }, resolve);
      req.on('error', reject);
      req.end();
    });
    let buffer = '';
    for await (const chunk of response.setEncoding('utf8')) {
      buffer += chunk;
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        const event = JSON.parse(line);
        const now = performance.now();
        for (const result of event.object?.results ?? []) {
          const name = result.resources?.[0]?.name;
          if (result.policy === 'PSS-privileged' && createdAt.has(name)) {
            latencies.push((now - createdAt.get(name)) / 1000);
            createdAt.delete(name);
          }
        }
      }
    }
  })().catch((error) => {
    if (error?.name !== 'AbortError') results.reportWatchError = String(error?.message ?? error);
  });
  await sleep(2_000);
  const changeFrom = usage(watch.pid);
  const total = RATE * CHANGE_SECONDS;
  const changeStart = performance.now();
  const pending = [];
  for (let i = 0; i < total; i += 1) {
    const due = changeStart + (i * 1000) / RATE;
    if (due > performance.now()) await sleep(due - performance.now());
    const name = `change-${i}`;
    createdAt.set(name, performance.now());
    pending.push(create(`/api/v1/namespaces/${namespaceOf(i)}/pods`, { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', securityContext: { privileged: true } }] } }));
  }
  await Promise.all(pending);
  const deadline = performance.now() + 30_000;
  while (createdAt.size > 0 && performance.now() < deadline) await sleep(100);
  const changeTo = usage(watch.pid);
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
} finally {
  clearInterval(sampler);
  watch.kill('SIGTERM');
  await new Promise((resolve) => watch.once('exit', resolve));
}

// ---- one scan --kube of the same cluster ----
const out = mkdtempSync(path.join(tmpdir(), 'eksguard-bench-watch-'));
try {
  const scanStarted = performance.now();
  const scan = spawnSync(process.execPath, ['--import', rssHook, cli, 'scan', '--kube', '--format', 'json', '--output', path.join(out, 'report.json'), '--fail-on', 'none'], {
    encoding: 'utf8',
    env: { ...process.env, KUBECONFIG: kubeconfig },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (scan.status !== 0) throw new Error(`scan exited ${scan.status}: ${scan.stderr}`);
  results.scanSeconds = (performance.now() - scanStarted) / 1000;
  results.scanPeakMiB = Number(/EKSGUARD_BENCH_MAXRSS_KB=(\d+)/.exec(scan.stderr)?.[1] ?? NaN) / 1024;
} finally {
  rmSync(out, { recursive: true, force: true });
  agent.destroy();
  if (!KEEP) execFileSync('bash', [clusterScript, 'stop'], { env: clusterEnv, stdio: ['ignore', 'ignore', 'inherit'] });
}

console.log(`node ${process.version}, ${process.platform}/${process.arch}; kube-apiserver ${variable('LOCAL_CLUSTER_K8S_VERSION')}, etcd ${variable('LOCAL_CLUSTER_ETCD_VERSION')}`);
console.log(`cluster: ${PODS} Pods + ${DEPLOYMENTS} Deployments in ${NAMESPACES} namespaces, created in ${loadSeconds.toFixed(1)} s; changes: ${RATE}/s for ${CHANGE_SECONDS} s`);
console.table(Object.fromEntries(Object.entries(results).map(([key, value]) => [key, typeof value === 'number' ? Number(value.toFixed(2)) : value])));
