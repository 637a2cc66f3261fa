#!/usr/bin/env node
// Packs the upstream Pod Security conformance fixtures into test/fixtures/pod-security/.
// Upstream keeps a complete directory per policy version, so most files repeat: each distinct
// content is stored once in contents.json, and index.json maps every
// level / version / outcome / name to the content's hash.
//
// Usage: node scripts/pack-pss-fixtures.mjs [source-dir]
//   source-dir defaults to ../shared/conformance/pod-security (relative to the repository root).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = resolve(root, process.argv[2] ?? '../shared/conformance/pod-security');
const target = join(root, 'test/fixtures/pod-security');

const LEVELS = ['baseline', 'restricted'];
const OUTCOMES = ['pass', 'fail'];
const VERSION = /^v1\.(0|[1-9]\d*)$/;

const byMinor = (a, b) => Number(a.slice(3)) - Number(b.slice(3));
const byteOrder = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

const contents = new Map();
const levels = {};
let files = 0;

for (const level of LEVELS) {
  levels[level] = {};
  const versions = readdirSync(join(source, level)).filter((name) => VERSION.test(name)).sort(byMinor);
  for (const version of versions) {
    const outcomes = {};
    for (const outcome of OUTCOMES) {
      const names = readdirSync(join(source, level, version, outcome)).filter((name) => name.endsWith('.yaml')).sort(byteOrder);
      const entries = {};
      for (const file of names) {
        const text = readFileSync(join(source, level, version, outcome, file), 'utf8');
        const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
        const known = contents.get(hash);
        if (known !== undefined && known !== text) throw new Error(`hash collision on ${hash}`);
        contents.set(hash, text);
        entries[file.slice(0, -'.yaml'.length)] = hash;
        files += 1;
      }
      outcomes[outcome] = entries;
    }
    levels[level][version] = outcomes;
  }
}

const index = {
  format: 1,
  upstream: {
    repository: 'https://github.com/kubernetes/pod-security-admission',
    path: 'test/testdata/',
    commit: '8f84a87c7f617f64a4ddc1aea24aeeb7a2e07cb8',
  },
  files,
  distinctContents: contents.size,
  levels,
};

mkdirSync(target, { recursive: true });
writeFileSync(join(target, 'index.json'), formatIndex(index));
const sortedContents = Object.fromEntries([...contents.entries()].sort(([a], [b]) => byteOrder(a, b)));
writeFileSync(join(target, 'contents.json'), `${JSON.stringify(sortedContents, null, 1)}\n`);
// Read and rewrite rather than copy, so the copies get ordinary file modes.
for (const legal of ['NOTICE', 'LICENSE']) writeFileSync(join(target, legal), readFileSync(join(source, legal)));
console.log(`packed ${files} fixture files as ${contents.size} distinct contents into ${target}`);

/** One line per level, version and outcome: small diffs when upstream changes, without one line per file. */
function formatIndex(value) {
  const head = JSON.stringify({ ...value, levels: undefined }, null, 2).replace(/\n}$/, '');
  const lines = [];
  for (const [level, versions] of Object.entries(value.levels)) {
    const versionLines = Object.entries(versions).map(([version, outcomes]) => {
      const outcomeLines = Object.entries(outcomes).map(([outcome, entries]) => `      ${JSON.stringify(outcome)}: ${JSON.stringify(entries)}`);
      return `    ${JSON.stringify(version)}: {\n${outcomeLines.join(',\n')}\n    }`;
    });
    lines.push(`    ${JSON.stringify(level)}: {\n${versionLines.join(',\n').replace(/^/gm, '  ')}\n    }`);
  }
  return `${head},\n  "levels": {\n${lines.join(',\n').replace(/^    /gm, '    ')}\n  }\n}\n`;
}
