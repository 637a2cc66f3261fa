import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_TYPES_JSON } from '../../src/k8s/kube-schema/builtin-types.generated.js';
import { MANIFEST_LIMITS } from '../../src/sources/manifests/limits.js';
import { parseManifestText } from '../../src/sources/manifests/parse-documents.js';

/**
 * A KubeletConfiguration eksguard reads must be one the kubelet would load: where the kubelet's
 * own decoder (test/harness/kube-apiserver/kubelet-decode, built from the Kubernetes Go modules)
 * refuses a file, eksguard reports an input error naming the field, and where it loads it,
 * eksguard does not. Otherwise a wrong-typed field (`readOnlyPort: "10255"`) would read as unset,
 * the kubelet default would decide, and the check would pass on a file no kubelet runs with.
 * Every field of the type table is tried with values of every JSON type.
 */

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '../..');
const HEADER = { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration' };

/** Values of every JSON type, and the strings Go's decoders are particular about. */
const VALUES: readonly unknown[] = [true, 'true', 5, -1, 2.5, 4294967296, '10', '10255', ['a'], { a: 1 }, '4h0m0s', '4 hours', '0', '500Mi', 'lots', ''];

/** The key of every map entry: a feature gate the kubelet knows (an unknown one stops it, which is not a matter of types). */
const MAP_KEY = 'RotateKubeletServerCertificate';

interface Table {
  kinds: Record<string, Record<string, number>>;
  structs: Record<string, string>[];
}

/** Every leaf of a type as a field path with a value slot: `authentication.anonymous.enabled`, `registerWithTaints[0].key`. */
function leaves(table: Table, code: string, depth: number): ((value: unknown) => unknown)[] {
  if (code.startsWith('#')) {
    if (depth > 3) return [];
    const fields = table.structs[Number(code.slice(1))]!;
    return Object.entries(fields).flatMap(([field, fieldCode]) => leaves(table, fieldCode, depth + 1).map((build) => (value: unknown) => ({ [field]: build(value) })));
  }
  if (code.startsWith('[')) return [(value) => [value], ...leaves(table, code.slice(1), depth + 1).map((build) => (value: unknown) => [build(value)])];
  if (code.startsWith('{')) return [(value) => ({ [MAP_KEY]: value }), ...leaves(table, code.slice(1), depth + 1).map((build) => (value: unknown) => ({ [MAP_KEY]: build(value) }))];
  return [(value) => value];
}

let decoder = '';
let directory = '';

beforeAll(async () => {
  const built = await run('bash', [path.join(repoRoot, 'scripts/kube-decode.sh'), 'build'], { timeout: 30 * 60_000, maxBuffer: 16 * 1024 * 1024 });
  decoder = built.stdout.trim().split('\n').find((line) => line.endsWith('/kubelet-decode'))!;
  directory = mkdtempSync(path.join(tmpdir(), 'eksguard-kubelet-decode-'));
});

afterAll(() => {
  if (directory) rmSync(directory, { recursive: true, force: true });
});

describe('kubelet configuration files against the kubelet\'s own decoder (kubelet-decode)', () => {
  it('reports an input error for exactly the files the kubelet refuses, over every field and every value type', async () => {
    const table = JSON.parse(BUILTIN_TYPES_JSON) as Table;
    const kubelet = table.kinds[HEADER.apiVersion]!['KubeletConfiguration']!;
    const texts = leaves(table, `#${kubelet}`, 0).flatMap((build) => VALUES.map((value) => JSON.stringify({ ...HEADER, ...(build(value) as object) })));
    const files = texts.map((text, index) => {
      const file = path.join(directory, `k${String(index).padStart(5, '0')}.json`);
      writeFileSync(file, text);
      return file;
    });
    const answers: { ok?: boolean; error?: string }[] = [];
    for (let start = 0; start < files.length; start += 1000) {
      const { stdout } = await run(decoder, files.slice(start, start + 1000), { maxBuffer: 64 * 1024 * 1024 });
      answers.push(...stdout.trim().split('\n').map((line) => JSON.parse(line) as { ok?: boolean; error?: string }));
    }
    expect(answers).toHaveLength(files.length);

    const mismatches: string[] = [];
    let refusedByKubelet = 0;
    texts.forEach((text, index) => {
      const ours = parseManifestText({ text, file: files[index]!, limits: MANIFEST_LIMITS });
      const kubeletRefuses = answers[index]!.error !== undefined;
      if (kubeletRefuses) refusedByKubelet += 1;
      if (kubeletRefuses !== ours.errors.length > 0) {
        mismatches.push(`${text}\n  kubelet: ${answers[index]!.error ?? 'loads it'}\n  eksguard: ${ours.errors.map((error) => error.message).join('; ') || 'no error'}`);
      }
    });
    expect(mismatches.slice(0, 10), `${mismatches.length} of ${texts.length} files`).toEqual([]);
    // both sides are exercised: most wrong-typed values are refused, and many values load
    expect(texts.length).toBeGreaterThan(2_500);
    expect(refusedByKubelet).toBeGreaterThan(texts.length / 2);
    expect(refusedByKubelet).toBeLessThan(texts.length);
  });
});
