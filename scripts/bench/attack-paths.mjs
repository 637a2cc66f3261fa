// `npm run bench -- --attack-paths`: what the attack-path analysis costs (see scripts/bench.mjs).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { allChecks } from '../../dist/checks/index.js';
import { collectInventory, evaluateScan } from '../../dist/cli/scan.js';
import { generateAttackWorld } from './generate-attack-world.mjs';

const isPathCheck = (check) => check.id.startsWith('EKS-PATH-');

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const round = (seconds) => Math.round(seconds * 1000) / 1000;

/** Wall seconds of one evaluation of `checks` over `inventory`, and the paths it found. */
function evaluateOnce(inventory, checks) {
  const started = performance.now();
  const { report } = evaluateScan(inventory, { paths: [], outputs: [], includePassed: false, checks, now: new Date() });
  return { seconds: (performance.now() - started) / 1000, paths: report.paths?.summary.total ?? 0, failing: report.paths?.summary.fail ?? 0 };
}

export async function benchAttackPaths({ runs, measure, cli, sizes }) {
  const parent = mkdtempSync(path.join(tmpdir(), 'eksguard-bench-paths-'));
  const rows = [];
  const cwd = process.cwd();
  try {
    const world = generateAttackWorld(parent, sizes);
    const label = `${world.pods} Pods, ${world.serviceAccounts} SAs, ${world.roles} roles, ${world.policies} policies`;
    process.chdir(parent);
    const inventory = await collectInventory({ paths: ['k8s'], outputs: [], includePassed: false, aws: { snapshot: 'snapshot' }, now: new Date() });
    // both halves or the figure means nothing: a world read in part has only skipped paths
    if (inventory.aws.length === 0 || inventory.kube.length === 0) throw new Error('the attack-path world was not read whole (manifests and AWS snapshot)');
    const withoutPaths = allChecks.filter((check) => !isPathCheck(check));
    const full = [];
    const base = [];
    let found = '';
    // interleaved, after one warm-up of each, so drift on a shared machine hits both alike
    evaluateOnce(inventory, allChecks);
    evaluateOnce(inventory, withoutPaths);
    for (let run = 0; run < runs; run += 1) {
      const one = evaluateOnce(inventory, allChecks);
      found = `${one.paths} paths, ${one.failing} failing`;
      full.push(one.seconds);
      base.push(evaluateOnce(inventory, withoutPaths).seconds);
    }
    rows.push({ tool: `in process: every check (${found})`, objects: label, seconds: round(median(full)) });
    rows.push({ tool: 'in process: without EKS-PATH-*', objects: label, seconds: round(median(base)) });
    rows.push({ tool: 'in process: graph + all paths (difference)', objects: label, seconds: round(median(full) - median(base)) });

    const config = path.join(parent, 'no-paths.yaml');
    writeFileSync(config, `checks:\n${allChecks.filter(isPathCheck).map((check) => `  ${check.id}: { enabled: false }\n`).join('')}`);
    const scan = (extra) => measure(process.execPath, [cli, 'scan', 'k8s', '--aws-snapshot', 'snapshot', '--format', 'json', '--output', path.join(parent, 'out.json'), '--fail-on', 'none', ...extra], { cwd: parent });
    const withCli = [];
    const withoutCli = [];
    for (let run = 0; run < runs; run += 1) {
      withCli.push(scan([]));
      withoutCli.push(scan(['--config', config]));
    }
    const pick = (results) => results.sort((a, b) => a.seconds - b.seconds)[Math.floor((results.length - 1) / 2)];
    const a = pick(withCli);
    const b = pick(withoutCli);
    rows.push({ tool: 'eksguard scan: every check', objects: label, files: world.files, seconds: a.seconds, cpuSeconds: a.cpuSeconds, peakMiB: a.peakMiB });
    rows.push({ tool: 'eksguard scan: EKS-PATH-* disabled', objects: label, files: world.files, seconds: b.seconds, cpuSeconds: b.cpuSeconds, peakMiB: b.peakMiB });
  } finally {
    process.chdir(cwd);
    rmSync(parent, { recursive: true, force: true });
  }
  return rows;
}
