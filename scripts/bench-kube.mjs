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
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLoadedCluster } from './bench/loaded-cluster.mjs';

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

const { clusterEnv, kubeconfig, agent, variable, loadSeconds } = await startLoadedCluster({
  clusterScript,
  runDir,
  pods: PODS,
  deployments: DEPLOYMENTS,
  namespaces: NAMESPACES,
  concurrency: CONCURRENCY,
});
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
