#!/usr/bin/env node
// npm run bench [-- --sizes 10000,50000,100000]: generates corpora and measures a full
// `eksguard scan --format json` on each: wall time, objects per second, peak memory.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './bench/generate-corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/cli/main.js');
const rssHook = path.join(root, 'scripts/bench/report-rss.mjs');

const sizesArg = process.argv.indexOf('--sizes');
const sizes = sizesArg > 0 ? process.argv[sizesArg + 1].split(',').map(Number) : [10_000, 50_000, 100_000];
if (!existsSync(cli)) {
  console.error('dist/cli/main.js is missing: run npm run build first');
  process.exit(2);
}

const rows = [];
for (const size of sizes) {
  const dir = mkdtempSync(path.join(tmpdir(), `eksguard-bench-${size}-`));
  try {
    const files = generateCorpus(dir, size);
    const started = process.hrtime.bigint();
    const run = spawnSync(process.execPath, ['--import', rssHook, cli, 'scan', dir, '--format', 'json', '--output', path.join(dir, 'report.json'), '--fail-on', 'none'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (run.status !== 0) {
      console.error(run.stderr);
      throw new Error(`scan exited ${run.status}`);
    }
    const rssKb = Number(/EKSGUARD_BENCH_MAXRSS_KB=(\d+)/.exec(run.stderr)?.[1] ?? NaN);
    rows.push({ objects: size, files, seconds: seconds.toFixed(2), objectsPerSecond: Math.round(size / seconds), peakMiB: (rssKb / 1024).toFixed(0) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
console.table(rows);
