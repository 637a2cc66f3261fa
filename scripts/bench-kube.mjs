#!/usr/bin/env node
// npm run bench:kube [-- --pods 5000 --deployments 1000 --namespaces 20 --runs 3 --keep]
//
// Loads a local kube-apiserver (scripts/local-cluster.sh, in a run directory of
// its own) with bare Pods and Deployments (no nodes: pods stay Pending), then
// measures full `eksguard scan --kube --format json` runs: wall time and peak
// resident memory of the eksguard process. The cluster is stopped at the end
// unless --keep is given.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/cli/main.js');
const rssHook = path.join(root, 'scripts/bench/report-rss.mjs');
const clusterScript = path.join(root, 'scripts/local-cluster.sh');
const runDir = path.join(root, '.cache/local-cluster/run-bench-kube');

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}
const PODS = option('pods', 5000);
const DEPLOYMENTS = option('deployments', 1000);
const NAMESPACES = option('namespaces', 20);
const RUNS = option('runs', 3);
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
agent.destroy();

const out = mkdtempSync(path.join(tmpdir(), 'eksguard-bench-kube-'));
const rows = [];
try {
  for (let run = 1; run <= RUNS; run += 1) {
    const report = path.join(out, `report-${run}.json`);
    const started = process.hrtime.bigint();
    const scan = spawnSync(process.execPath, ['--import', rssHook, cli, 'scan', '--kube', '--format', 'json', '--output', report, '--fail-on', 'none'], {
      encoding: 'utf8',
      env: { ...process.env, KUBECONFIG: kubeconfig },
      maxBuffer: 64 * 1024 * 1024,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (scan.status !== 0) {
      console.error(scan.stderr);
      throw new Error(`scan exited ${scan.status}`);
    }
    const rssKb = Number(/EKSGUARD_BENCH_MAXRSS_KB=(\d+)/.exec(scan.stderr)?.[1] ?? NaN);
    const json = JSON.parse(readFileSync(report, 'utf8'));
    rows.push({ run, seconds: seconds.toFixed(2), peakMiB: (rssKb / 1024).toFixed(0), failures: json.summary.fail, gaps: json.gaps.length });
  }
} finally {
  rmSync(out, { recursive: true, force: true });
  if (!KEEP) execFileSync('bash', [clusterScript, 'stop'], { env: clusterEnv, stdio: ['ignore', 'ignore', 'inherit'] });
}

console.log(`node ${process.version}, ${process.platform}/${process.arch}; kube-apiserver ${variable('LOCAL_CLUSTER_K8S_VERSION')}, etcd ${variable('LOCAL_CLUSTER_ETCD_VERSION')}`);
console.log(`cluster: ${PODS} Pods + ${DEPLOYMENTS} Deployments in ${NAMESPACES} namespaces, created in ${loadSeconds.toFixed(1)} s (${CONCURRENCY} requests in flight)`);
console.table(rows);
