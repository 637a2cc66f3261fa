/**
 * Every place that tells a user or a build which Node.js to use names a supported LTS line, and
 * they agree with each other and with the CLI's own verdict (src/cli/runtime.ts): engines, the
 * image, the Action, the CI runtimes and the docs' install instructions.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { OLDEST_SUPPORTED_NODE_MAJOR, TESTED_NODE_MAJORS } from '../src/cli/runtime.js';

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');
const DEFAULT_MAJOR = Math.max(...TESTED_NODE_MAJORS);

function filesUnder(directory: string, extensions: readonly string[]): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, directory), { withFileTypes: true })) {
    const relative = path.join(directory, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(relative, extensions));
    else if (extensions.some((extension) => entry.name.endsWith(extension)) || entry.name === 'Dockerfile') out.push(relative);
  }
  return out;
}

describe('Node.js runtime references', () => {
  it('package.json: engines start at the oldest supported line, and the Node types are that line’s', () => {
    const manifest = JSON.parse(read('package.json')) as { engines: { node: string }; devDependencies: Record<string, string> };
    expect(manifest.engines.node).toBe(`>=${OLDEST_SUPPORTED_NODE_MAJOR}`);
    // the compiler then knows only the APIs the floor has
    expect(manifest.devDependencies['@types/node']).toMatch(new RegExp(`^\\^${OLDEST_SUPPORTED_NODE_MAJOR}\\.`));
  });

  it('the webhook image builds and runs on the newest tested line by default, both stages on the same one', () => {
    const dockerfile = read('deploy/webhook/Dockerfile');
    expect(dockerfile).toMatch(new RegExp(`^ARG NODE_MAJOR=${DEFAULT_MAJOR}$`, 'm'));
    const bases = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((match) => match[1]);
    expect(bases).toEqual(['node:${NODE_MAJOR}-bookworm-slim', 'gcr.io/distroless/nodejs${NODE_MAJOR}-debian12:nonroot']);
  });

  it('the Action sets up the newest tested line by default, with a setup-node that runs on the Node 24 Actions runtime', () => {
    const action = parse(read('action.yml')) as { inputs: Record<string, { default: string; description: string }>; runs: { steps: { uses?: string }[] } };
    expect(action.inputs['node-version']!.default).toBe(String(DEFAULT_MAJOR));
    for (const major of TESTED_NODE_MAJORS) expect(action.inputs['node-version']!.description).toContain(String(major));
    const uses = action.runs.steps.map((step) => step.uses).filter(Boolean);
    expect(uses).toContain('actions/setup-node@v5');
    expect(uses).toContain('github/codeql-action/upload-sarif@v4');
  });

  it('CI installs one pinned runtime per tested line and runs the suite on each', () => {
    const pinned = /^VERSIONS=\(([^)]*)\)$/m.exec(read('scripts/node-runtimes.sh'))![1]!.split(' ');
    const majors = pinned.map((version) => Number(version.split('.')[0]));
    for (const major of TESTED_NODE_MAJORS) expect(majors.filter((pinnedMajor) => pinnedMajor === major)).toHaveLength(1);
    // the one unsupported line is there only for the runtime test's warning
    expect(majors.filter((major) => major < OLDEST_SUPPORTED_NODE_MAJOR)).toHaveLength(1);
    expect(read('.ci/run')).toMatch(new RegExp(`^for major in ${TESTED_NODE_MAJORS.join(' ')}; do$`, 'm'));
  });

  it('no install instruction in the docs, the README, the Action or the deploy files names an unsupported line', () => {
    const files = ['README.md', 'action.yml', ...filesUnder('docs', ['.md']), ...filesUnder('deploy', ['.yaml', '.yml'])];
    // what a user copies: container images, setup-node versions, requirement statements
    const patterns = [/\bnode:(\d+)\b/g, /\bnodejs(\d+)-debian/g, /node-version:\s*'?(\d+)/g, /Node(?:\.js)? (\d+)(?:\.\d+)? or newer/g, /Requirements: Node\.js (\d+)/g];
    const found: string[] = [];
    for (const file of files) {
      const text = read(file);
      for (const pattern of patterns) {
        for (const match of text.matchAll(pattern)) {
          if (Number(match[1]) < OLDEST_SUPPORTED_NODE_MAJOR) found.push(`${file}: ${match[0]}`);
        }
      }
    }
    expect(found).toEqual([]);
  });
});
