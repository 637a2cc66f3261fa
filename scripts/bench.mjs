#!/usr/bin/env node
// npm run bench [-- --sizes 10000,50000,100000|none] [--runs 3] [--peers] [--peer-sizes 10000] [--big-list] [--terraform-plan [2000]]
// Generates corpora of realistic manifests and measures a full `eksguard scan --format json`
// on each: wall time, objects per second, CPU time and peak resident memory. With --runs N, each
// tool runs N times per corpus, interleaved, and the median run is reported with the fastest and
// slowest (a shared machine's speed drifts from minute to minute), and the median CPU time. With
// --peers, runs the peer tools built by scripts/bench/install-peers.sh on the same corpora, in
// the same run. With --big-list, also scans one 31 MiB `kind: List` of privileged Pods (one
// document, ~100,000 items, every one failing a dozen checks): the README promises it under 60 s
// and 1.5 GiB. With --terraform-plan, also judges one Terraform plan of 2,000 resource instances
// (100 EKS clusters in modules, with their nodes, roles and network; or the number given): the
// README promises it under 2 s. With --attack-paths, builds the attack-path world of issue 17
// (5,000 Pods, 500 ServiceAccounts, 300 IRSA roles with 1,000 managed policies; the sizes can be
// given as --attack-paths 5000,500,300,1000) and measures (a) in process, on one collected
// inventory, the evaluation of every check with and without the EKS-PATH-* checks: the difference
// is the graph and all its paths, which the README promises under 2 s; (b) the whole
// `eksguard scan` of manifests plus the AWS snapshot, with and without the EKS-PATH-* checks.
// `--sizes none` leaves out the manifest corpora. With
// --baseline DIR, the build in DIR (another checkout, its dist/cli/main.js) scans the same
// corpora, interleaved with this one, for a before/after comparison. With --fix, also times
// `eksguard fix` on each corpus: a --dry-run (plan, edit, re-scan, diff) and a run that writes
// every fixed file (on a copy of the corpus); docs/fix.md promises 10,000 objects under 10 s.
// With --baseline DIR --same-checks, this build runs only the checks the baseline runs (the
// others disabled through a config file, which the baseline reads too, empty): the cost of the
// same work, like for like, apart from the checks added since.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateBigList, generateCorpus } from './bench/generate-corpus.mjs';
import { generatePlan } from './bench/generate-plan.mjs';
import { benchAttackPaths } from './bench/attack-paths.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/cli/main.js');
const peersDir = path.join(root, '.cache/peers');
const TIME = '/usr/bin/time';

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : fallback;
}
const sizesOption = option('--sizes', '10000,50000,100000');
const sizes = sizesOption === 'none' ? [] : sizesOption.split(',').map(Number);
const withPeers = process.argv.includes('--peers');
const peerSizes = new Set(option('--peer-sizes', '10000').split(',').map(Number));
const runs = Math.max(1, Number(option('--runs', '1')));
const baseline = option('--baseline', undefined);
const withFix = process.argv.includes('--fix');

if (!existsSync(cli)) {
  console.error('dist/cli/main.js is missing: run npm run build first');
  process.exit(2);
}
if (!existsSync(TIME)) {
  console.error(`${TIME} is missing: apt-get install time`);
  process.exit(2);
}

/**
 * Runs a command under GNU time; returns wall seconds, CPU seconds (user + system, all threads)
 * and peak RSS in MiB. CPU time moves far less than wall time when others load the machine.
 */
function measure(command, args, { okCodes = [0], cwd = root } = {}) {
  const run = spawnSync(TIME, ['-f', 'BENCH %e %U %S %M', command, ...args], { cwd, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  const match = /BENCH ([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(run.stderr);
  if (!match || !okCodes.includes(run.status)) {
    throw new Error(`${command} exited ${run.status}: ${run.stderr.slice(-800)}`);
  }
  return { seconds: Number(match[1]), cpuSeconds: Math.round((Number(match[2]) + Number(match[3])) * 100) / 100, peakMiB: Math.round(Number(match[4]) / 1024) };
}

/** The checks a build enables by default, by `eksguard checks list`. */
function enabledChecks(cliPath) {
  const run = spawnSync(process.execPath, [cliPath, 'checks', 'list', '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`${cliPath} checks list exited ${run.status}: ${run.stderr.slice(-400)}`);
  return new Set(JSON.parse(run.stdout).filter((check) => check.enabledByDefault !== false).map((check) => check.id));
}

/**
 * --same-checks: config files that leave this build only the checks the baseline enables (and
 * an empty one for the baseline, so that both read a config). Undefined without the option.
 */
function sameCheckConfigs() {
  if (!process.argv.includes('--same-checks')) return undefined;
  if (baseline === undefined) {
    console.error('bench: --same-checks compares with a --baseline DIR: name one');
    process.exit(2);
  }
  const ours = enabledChecks(cli);
  const theirs = enabledChecks(path.resolve(baseline, 'dist/cli/main.js'));
  const disabled = [...ours].filter((id) => !theirs.has(id));
  const missing = [...theirs].filter((id) => !ours.has(id));
  const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-same-checks-'));
  const config = path.join(dir, 'this-build.yaml');
  const empty = path.join(dir, 'baseline.yaml');
  writeFileSync(config, `checks:\n${disabled.map((id) => `  ${id}: { enabled: false }\n`).join('')}`);
  writeFileSync(empty, 'checks: {}\n');
  console.log(`--same-checks: ${disabled.length} checks of this build disabled (${disabled.join(', ') || 'none'})${missing.length > 0 ? `; the baseline runs ${missing.length} this build lacks (${missing.join(', ')})` : ''}`);
  return { config, empty };
}

/** the options each build's scan gets for --same-checks (none without it) */
let sameChecks = { ours: [], theirs: [] };

const tools = [
  {
    name: 'eksguard',
    available: () => true,
    run: (dir) => measure(process.execPath, [cli, 'scan', dir, '--format', 'json', '--output', path.join(dir, '..', 'eksguard.json'), '--fail-on', 'none', ...sameChecks.ours]),
  },
  {
    name: 'kube-score v1.20.0',
    available: () => existsSync(path.join(peersDir, 'bin/kube-score')),
    // kube-score takes files, not directories; exit 1 means it found problems
    run: (dir) =>
      measure(path.join(peersDir, 'bin/kube-score'), ['score', '--output-format', 'json', ...readdirSync(dir).map((f) => path.join(dir, f))], { okCodes: [0, 1] }),
  },
  {
    name: 'checkov 3.3.30',
    available: () => existsSync(path.join(peersDir, 'venv/bin/checkov')),
    run: (dir) =>
      measure(path.join(peersDir, 'venv/bin/checkov'), ['-d', dir, '--framework', 'kubernetes', '--quiet', '--compact', '-o', 'json', '--skip-download'], {
        okCodes: [0, 1],
      }),
  },
];
if (baseline !== undefined) {
  const baselineCli = path.resolve(baseline, 'dist/cli/main.js');
  // a fresh `git worktree add` has no build and no node_modules: its run would fail mid-bench with ERR_MODULE_NOT_FOUND
  if (!existsSync(baselineCli)) {
    console.error(`bench: --baseline ${baseline} has no dist/cli/main.js: run \`npm run build\` there first`);
    process.exit(2);
  }
  const installed = (dependency) => {
    for (let dir = path.dirname(baselineCli); ; dir = path.dirname(dir)) {
      if (existsSync(path.join(dir, 'node_modules', dependency, 'package.json'))) return true;
      if (path.dirname(dir) === dir) return false;
    }
  };
  const baselinePackagePath = path.resolve(baseline, 'package.json');
  if (!existsSync(baselinePackagePath)) {
    console.error(`bench: --baseline ${baseline} has no package.json: name the checkout's root`);
    process.exit(2);
  }
  const baselinePackage = JSON.parse(readFileSync(baselinePackagePath, 'utf8'));
  const absent = Object.keys(baselinePackage.dependencies ?? {}).filter((dependency) => !installed(dependency));
  if (absent.length > 0) {
    console.error(`bench: --baseline ${baseline} cannot load ${absent.join(', ')}: run \`npm ci\` there first`);
    process.exit(2);
  }
  tools.splice(1, 0, {
    name: `eksguard baseline (${baseline})`,
    available: () => existsSync(baselineCli),
    run: (dir) => measure(process.execPath, [baselineCli, 'scan', dir, '--format', 'json', '--output', path.join(dir, '..', 'baseline.json'), '--fail-on', 'none', ...sameChecks.theirs]),
  });
}
const sameCheckFiles = sameCheckConfigs();
if (sameCheckFiles) sameChecks = { ours: ['--config', sameCheckFiles.config], theirs: ['--config', sameCheckFiles.empty] };
if (withFix) {
  tools.push(
    {
      name: 'eksguard fix --dry-run',
      available: () => true,
      run: (dir) => measure(process.execPath, [cli, 'fix', dir, '--dry-run', '--output', path.join(dir, '..', 'fix.diff')]),
    },
    {
      name: 'eksguard fix (writes)',
      available: () => true,
      run: (dir) => {
        const copy = path.join(dir, '..', 'fix-copy');
        rmSync(copy, { recursive: true, force: true });
        cpSync(dir, copy, { recursive: true });
        return measure(process.execPath, [cli, 'fix', copy, '--output', path.join(dir, '..', 'fix-write.diff')]);
      },
    },
  );
}
const OWN = (tool) => tool.name.startsWith('eksguard');

const rows = [];
for (const size of sizes) {
  const parent = mkdtempSync(path.join(tmpdir(), `eksguard-bench-${size}-`));
  const dir = path.join(parent, 'corpus');
  try {
    const files = generateCorpus(dir, size);
    const selected = tools.filter((tool) => OWN(tool) || (withPeers && peerSizes.has(size)));
    const measured = new Map(selected.map((tool) => [tool, []]));
    for (let run = 0; run < runs; run += 1) {
      // peers run once: Checkov alone takes minutes on 10k objects
      for (const tool of selected) if (tool.available() && (run === 0 || OWN(tool))) measured.get(tool).push(tool.run(dir));
    }
    for (const tool of selected) {
      const results = measured.get(tool).sort((a, b) => a.seconds - b.seconds);
      if (results.length === 0) {
        rows.push({ tool: tool.name, objects: size, files, note: 'not installed: scripts/bench/install-peers.sh' });
        continue;
      }
      const median = results[Math.floor((results.length - 1) / 2)];
      const cpu = results.map((result) => result.cpuSeconds).sort((a, b) => a - b);
      rows.push({
        tool: tool.name,
        objects: size,
        files,
        seconds: median.seconds,
        ...(results.length > 1 ? { range: `${results[0].seconds}-${results.at(-1).seconds}` } : {}),
        objectsPerSecond: Math.round(size / median.seconds),
        cpuSeconds: cpu[Math.floor((cpu.length - 1) / 2)],
        peakMiB: Math.max(...results.map((result) => result.peakMiB)),
      });
    }
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}
if (process.argv.includes('--big-list')) {
  const parent = mkdtempSync(path.join(tmpdir(), 'eksguard-bench-list-'));
  const dir = path.join(parent, 'corpus');
  try {
    const items = generateBigList(dir);
    const results = [];
    for (let run = 0; run < runs; run += 1) results.push(tools[0].run(dir));
    results.sort((a, b) => a.seconds - b.seconds);
    const median = results[Math.floor((results.length - 1) / 2)];
    rows.push({
      tool: 'eksguard (31 MiB kind: List)',
      objects: items,
      files: 1,
      seconds: median.seconds,
      ...(results.length > 1 ? { range: `${results[0].seconds}-${results.at(-1).seconds}` } : {}),
      objectsPerSecond: Math.round(items / median.seconds),
      peakMiB: Math.max(...results.map((result) => result.peakMiB)),
    });
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}
if (process.argv.includes('--terraform-plan')) {
  const given = Number(option('--terraform-plan', '2000'));
  const size = Number.isFinite(given) && given > 0 ? given : 2000;
  const parent = mkdtempSync(path.join(tmpdir(), 'eksguard-bench-plan-'));
  try {
    const file = path.join(parent, 'plan.json');
    const { resources, clusters } = generatePlan(file, size);
    const results = [];
    for (let run = 0; run < runs; run += 1) {
      results.push(measure(process.execPath, [cli, 'scan', '--terraform-plan', file, '--format', 'json', '--output', path.join(parent, 'eksguard.json'), '--fail-on', 'none']));
    }
    results.sort((a, b) => a.seconds - b.seconds);
    const median = results[Math.floor((results.length - 1) / 2)];
    rows.push({
      tool: `eksguard (Terraform plan, ${clusters} clusters)`,
      objects: resources,
      files: 1,
      seconds: median.seconds,
      ...(results.length > 1 ? { range: `${results[0].seconds}-${results.at(-1).seconds}` } : {}),
      objectsPerSecond: Math.round(resources / median.seconds),
      cpuSeconds: median.cpuSeconds,
      peakMiB: Math.max(...results.map((result) => result.peakMiB)),
    });
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}
if (process.argv.includes('--attack-paths')) {
  const given = option('--attack-paths', '');
  const [pods, serviceAccounts, roles, policies] = /^\d+(,\d+){3}$/.test(given ?? '') ? given.split(',').map(Number) : [5000, 500, 300, 1000];
  rows.push(...(await benchAttackPaths({ runs, measure, cli, sizes: { pods, serviceAccounts, roles, policies } })));
}
console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
console.table(rows);
