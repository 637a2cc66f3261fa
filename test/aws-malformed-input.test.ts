import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { awsChecks } from '../src/checks/aws/index.js';
import { AWS_EXAMPLE_KIND } from '../src/checks/aws/example.js';
import { runChecks } from '../src/core/engine.js';
import { inventoryFromResponses } from '../src/sources/aws-snapshot/parse.js';
import { starvedChecks } from './helpers/aws-example.js';
import { FIXED_NOW } from './helpers/run-check.js';

// Every field of an AWS response may be missing, null or of the wrong type (an old API
// version, a hand-built snapshot, an emulator). Neither the snapshot parser nor a check may throw.
const WRONG_VALUES: unknown[] = [null, 'x', 7, [], {}];

type SnapshotFile = { path: string; body: unknown };

function exampleSnapshots(): SnapshotFile[][] {
  const out: SnapshotFile[][] = [];
  for (const check of awsChecks) {
    for (const example of [...check.examples.pass, ...check.examples.fail]) {
      for (const document of example.split(/^---\s*$/m)) {
        if (!new RegExp(`^kind:\\s*${AWS_EXAMPLE_KIND}\\s*$`, 'm').test(document)) continue;
        const files: SnapshotFile[] = [];
        for (const parsed of loadAll(document)) {
          for (const [path, body] of Object.entries((parsed as { files?: Record<string, unknown> }).files ?? {})) files.push({ path, body });
        }
        out.push(files);
      }
    }
  }
  return out;
}

/** Every copy of `body` with one value (at any depth) replaced by `wrong`. */
function* mutations(body: unknown, wrong: unknown): Generator<unknown> {
  if (body === null || typeof body !== 'object') return;
  const entries = Array.isArray(body) ? body.map((value, index) => [index, value] as const) : Object.entries(body);
  for (const [key, value] of entries) {
    const replace = (next: unknown): unknown => (Array.isArray(body) ? body.map((item, index) => (index === key ? next : item)) : { ...body, [key]: next });
    yield replace(wrong);
    for (const deeper of mutations(value, wrong)) yield replace(deeper);
  }
}

describe('AWS snapshot parser and EKS checks on malformed responses', () => {
  it('never throw, whatever field is wrong', () => {
    const snapshots = exampleSnapshots();
    expect(snapshots.length).toBeGreaterThan(40);
    const failures = new Set<string>();
    let runs = 0;
    for (const files of snapshots) {
      files.forEach((file, fileIndex) => {
        for (const wrong of WRONG_VALUES) {
          for (const body of mutations(file.body, wrong)) {
            const mutated = files.map((other, index) => (index === fileIndex ? { path: other.path, body } : other));
            runs += 1;
            try {
              const inventory = inventoryFromResponses(mutated, { origin: 'fuzz', starvedChecks });
              const findings = runChecks({ checks: awsChecks, inventory, settings: { pssLevel: 'restricted', pssVersion: 'latest' }, now: FIXED_NOW });
              for (const finding of findings) if (finding.status === 'error') failures.add(`${finding.checkId} (${file.path}): ${finding.message}`);
            } catch (error) {
              failures.add(`parser (${file.path}): ${error instanceof Error ? error.message : String(error)}`);
            }
          }
        }
      });
    }
    expect(runs).toBeGreaterThan(1000);
    expect([...failures].slice(0, 20)).toEqual([]);
  }, 300_000);
});
