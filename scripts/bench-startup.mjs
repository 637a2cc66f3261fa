#!/usr/bin/env node
// npm run bench:startup [-- --runs 10] [--json]
// Start-up cost of the CLI: `--version`, `--help`, `checks list` and a scan of one small file,
// each against bare Node (`node -e 0`) measured in the same run. The runs are interleaved (a
// shared machine's speed drifts from second to second) and the median of each is reported, with
// the overhead over bare Node in milliseconds: that difference, not the absolute time, is what
// eksguard controls. Wall time and peak RSS come from GNU time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/cli/main.js');
const TIME = '/usr/bin/time';

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : fallback;
}
const runs = Math.max(1, Number(option('--runs', '10')));

if (!existsSync(cli)) {
  console.error('dist/cli/main.js is missing: run npm run build first');
  process.exit(2);
}
if (!existsSync(TIME)) {
  console.error(`${TIME} is missing: apt-get install time`);
  process.exit(2);
}

const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-startup-'));
const pod = path.join(dir, 'pod.yaml');
writeFileSync(pod, 'apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n');

/** One run under GNU time: wall milliseconds and peak RSS in MiB. */
function measure(args, okCodes) {
  const run = spawnSync(TIME, ['-f', 'BENCH %e %M', process.execPath, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const match = /BENCH ([\d.]+) (\d+)\s*$/.exec(run.stderr);
  if (!match || !okCodes.includes(run.status)) throw new Error(`node ${args.join(' ')} exited ${run.status}: ${run.stderr.slice(-800)}`);
  return { ms: Number(match[1]) * 1000, mib: Number(match[2]) / 1024 };
}

const commands = [
  { name: 'node -e 0 (bare Node)', args: ['-e', '0'], ok: [0] },
  { name: 'eksguard --version', args: [cli, '--version'], ok: [0] },
  { name: 'eksguard --help', args: [cli, '--help'], ok: [0] },
  { name: 'eksguard checks list', args: [cli, 'checks', 'list'], ok: [0] },
  // the pod fails checks: exit 1 is the expected verdict
  { name: 'eksguard scan pod.yaml', args: [cli, 'scan', pod], ok: [0, 1] },
];

const samples = new Map(commands.map((command) => [command.name, []]));
try {
  for (let run = 0; run < runs; run += 1) {
    for (const command of commands) samples.get(command.name).push(measure(command.args, command.ok));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const rows = commands.map((command) => {
  const list = samples.get(command.name);
  return { command: command.name, ms: median(list.map((s) => s.ms)), mib: median(list.map((s) => s.mib)) };
});
const bare = rows[0];
const table = rows.map((row) => ({
  command: row.command,
  'median ms': Math.round(row.ms),
  'over bare Node ms': row === bare ? '' : Math.round(row.ms - bare.ms),
  'median RSS MiB': Math.round(row.mib),
}));
if (process.argv.includes('--json')) console.log(JSON.stringify({ node: process.version, runs, rows: table }, null, 2));
else {
  console.log(`node ${process.version}, ${runs} interleaved runs each, medians (GNU time: 10 ms resolution)`);
  console.table(table);
}
