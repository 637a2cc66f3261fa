#!/usr/bin/env node
// npm run bench:fleet [-- --accounts 20 --shards 4 --runs 3]
//
// An AWS Organization in moto (scripts/moto.sh, a private instance on loopback): N member accounts,
// each with 2 clusters in 2 regions, one account whose role cannot be assumed. Measures the wall time
// of `eksguard scan --org` in one process against N concurrent `--shard I/N` processes (the time
// until the last shard is done), and the `eksguard merge` of their reports, which must equal the
// one-process report. Prints the figures with the machine they were taken on.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLEET_REGIONS, READER_ROLE, seedFleet, startStsFront } from './bench/fleet-world.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/cli/main.js');
const motoScript = path.join(root, 'scripts/moto.sh');

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}
const ACCOUNTS = option('accounts', 20);
const SHARDS = option('shards', 4);
const RUNS = option('runs', 3);

if (!existsSync(cli)) {
  console.error('dist/cli/main.js is missing: run npm run build first');
  process.exit(2);
}

const work = mkdtempSync(path.join(os.tmpdir(), 'eksguard-bench-fleet-'));
const motoEnv = { ...process.env, MOTO_RUN_DIR: path.join(work, 'moto') };
const endpoint = execFileSync('bash', [motoScript, 'start'], { env: motoEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
let front;

function eksguard(args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`eksguard ${args.join(' ')} exited ${code}: ${stderr.slice(0, 500)}`));
      else resolve(Number(process.hrtime.bigint() - started) / 1e6);
    });
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

try {
  const seedStart = Date.now();
  const members = await seedFleet(endpoint, { accounts: ACCOUNTS });
  front = await startStsFront(endpoint, new Set([members[0]]));
  const env = {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ENDPOINT_URL_STS: front.endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  console.log(`seeded ${ACCOUNTS} accounts × ${FLEET_REGIONS.length} regions × 2 clusters in ${seconds(Date.now() - seedStart)} (one account refuses the role)`);
  const scan = ['scan', '--org', '--role-name', READER_ROLE, ...FLEET_REGIONS.flatMap((region) => ['--region', region]), '--fail-on', 'none', '-f', 'json'];
  const one = [];
  const sharded = [];
  const merges = [];
  for (let run = 0; run < RUNS; run += 1) {
    one.push(await eksguard([...scan, '-o', path.join(work, 'whole.json')], env));
    const started = process.hrtime.bigint();
    await Promise.all(Array.from({ length: SHARDS }, (_, index) => eksguard([...scan, '--shard', `${index}/${SHARDS}`, '-o', path.join(work, `shard-${index}.json`)], env)));
    sharded.push(Number(process.hrtime.bigint() - started) / 1e6);
    merges.push(await eksguard(['merge', ...Array.from({ length: SHARDS }, (_, index) => path.join(work, `shard-${index}.json`)), '-o', path.join(work, 'merged.json')], env));
  }
  const whole = JSON.parse(readFileSync(path.join(work, 'whole.json'), 'utf8'));
  const merged = JSON.parse(readFileSync(path.join(work, 'merged.json'), 'utf8'));
  const same = ['findings', 'summary', 'gaps'].every((key) => JSON.stringify(whole[key]) === JSON.stringify(merged[key]));
  if (!same) throw new Error('the merged report differs from the one-process report');
  const [load1] = os.loadavg();
  console.log(`\n${whole.fleet.targets.length} clusters, ${whole.findings.length} findings, ${whole.gaps.length} gaps; merged report equals the one-process report\n`);
  console.log('| run | median wall time | runs |');
  console.log('| --- | --- | --- |');
  console.log(`| one process (\`scan --org\`) | ${seconds(median(one))} | ${one.map(seconds).join(', ')} |`);
  console.log(`| ${SHARDS} concurrent shards (until the last is done) | ${seconds(median(sharded))} | ${sharded.map(seconds).join(', ')} |`);
  console.log(`| \`merge\` of the ${SHARDS} reports | ${seconds(median(merges))} | ${merges.map(seconds).join(', ')} |`);
  console.log(`\nmachine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), Node.js ${process.version}, load average ${load1.toFixed(2)} at the end; moto ${process.env['MOTO_VERSION'] ?? '5.2.1'} on loopback`);
} finally {
  await front?.close();
  execFileSync('bash', [motoScript, 'stop'], { env: motoEnv });
  rmSync(work, { recursive: true, force: true });
}
