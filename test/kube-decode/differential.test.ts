import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifestText } from '../../src/sources/manifests/parse-documents.js';
import { MANIFEST_LIMITS } from '../../src/sources/manifests/limits.js';
import { decodeManifestBytes } from '../../src/sources/manifests/read-files.js';
import { generateCorpus } from '../helpers/kube-yaml-corpus.js';

/**
 * The differential test of issue 12: every generated stream is read by kubectl's own reader
 * (test/harness/kube-decode, built from the Kubernetes Go modules) and by eksguard. Where kubectl
 * reads objects, eksguard must read the same objects or refuse the file with an error; where
 * kubectl fails, eksguard must report an error too. kubectl reads locally here, so the API
 * server's checks (served kinds, field types) are left out of eksguard's side too.
 */

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '../..');

interface KubectlAnswer {
  objects?: Record<string, unknown>[];
  error?: string;
}

/** JSON with sorted keys: Go's maps have no order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item) ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : item,
  );
}

let binary = '';
let directory = '';

beforeAll(async () => {
  const built = await run('bash', [path.join(repoRoot, 'scripts/kube-decode.sh'), 'build'], { timeout: 30 * 60_000, maxBuffer: 16 * 1024 * 1024 });
  binary = built.stdout.trim().split('\n').find((line) => line.endsWith('/kube-decode'))!;
  directory = mkdtempSync(path.join(tmpdir(), 'eksguard-kube-decode-'));
});

afterAll(() => {
  if (directory) rmSync(directory, { recursive: true, force: true });
});

async function kubectlRead(files: readonly string[]): Promise<KubectlAnswer[]> {
  const answers: KubectlAnswer[] = [];
  for (let start = 0; start < files.length; start += 1000) {
    const { stdout } = await run(binary, files.slice(start, start + 1000), { maxBuffer: 512 * 1024 * 1024 });
    answers.push(...stdout.trim().split('\n').map((line) => JSON.parse(line) as KubectlAnswer));
  }
  return answers;
}

describe('manifest decoding against kubectl (kube-decode)', () => {
  it('reads at least 10,000 generated documents exactly as kubectl does, or refuses them', async () => {
    const streams = generateCorpus(20261205, 12_000);
    const files = streams.map((text, index) => {
      const file = path.join(directory, `s${String(index).padStart(5, '0')}.yaml`);
      writeFileSync(file, text);
      return file;
    });
    const answers = await kubectlRead(files);
    expect(answers).toHaveLength(files.length);

    const mismatches: string[] = [];
    let same = 0;
    let refused = 0;
    let kubectlErrors = 0;
    let objects = 0;
    streams.forEach((text, index) => {
      const decoded = decodeManifestBytes(Buffer.from(text));
      const ours = 'text' in decoded ? parseManifestText({ text: decoded.text, file: files[index]!, limits: MANIFEST_LIMITS, apiChecks: false }) : undefined;
      const answer = answers[index]!;
      const oursFailed = !ours || ours.errors.length > 0;
      if (answer.error !== undefined) {
        kubectlErrors += 1;
        if (oursFailed) same += 1;
        else mismatches.push(`kubectl refuses, eksguard reads ${canonical(ours.objects.map((object) => object.raw))}:\n${JSON.stringify(text)}`);
        return;
      }
      objects += answer.objects?.length ?? 0;
      if (oursFailed) {
        refused += 1;
        return;
      }
      const expected = canonical(answer.objects ?? []);
      const actual = canonical(ours.objects.map((object) => object.raw));
      if (expected === actual) same += 1;
      else mismatches.push(`kubectl reads ${expected}\neksguard reads ${actual}:\n${JSON.stringify(text)}`);
    });

    expect(mismatches.slice(0, 5)).toEqual([]);
    // the corpus must exercise both sides (it is hostile on purpose: most streams hold something
    // kubectl refuses), and refusals must stay the exception (measured: 3.4% of streams)
    expect(kubectlErrors).toBeGreaterThan(streams.length / 4);
    expect(objects).toBeGreaterThan(3_000);
    expect(refused).toBeLessThan(streams.length / 20);
    expect(same + refused).toBe(streams.length);
  });

  it('agrees on the attacks of issue 12: YAML 1.1 scalars, merge keys, lists on any kind', async () => {
    const cases = [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  hostNetwork: on\n  hostPID: yes\n  containers:\n  - name: c\n    securityContext: {privileged: yes, runAsUser: 0_0}\n    ports: [{hostPort: 8_0}]\n',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - name: c\n    securityContext:\n      privileged: false\n      <<: {privileged: true}\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: hidden}\n  spec: {hostNetwork: true}\n',
      'apiVersion: v1\nkind: PodList\nitems:\n- metadata: {name: bare}\n  spec: {hostPID: true}\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {mode: 0777, float: +.5, hex: 0x_1, no: n}\n',
    ];
    const files = cases.map((text, index) => {
      const file = path.join(directory, `attack-${index}.yaml`);
      writeFileSync(file, text);
      return file;
    });
    const answers = await kubectlRead(files);
    cases.forEach((text, index) => {
      const ours = parseManifestText({ text, file: files[index]!, limits: MANIFEST_LIMITS, apiChecks: false });
      expect(ours.errors).toEqual([]);
      expect(canonical(ours.objects.map((object) => object.raw))).toBe(canonical(answers[index]!.objects));
    });
    // a UTF-16 file with its byte-order mark, which kubectl transcodes
    const utf16 = path.join(directory, 'attack-utf16.yaml');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(cases[0]!, 'utf16le')]));
    const [utf16Answer] = await kubectlRead([utf16]);
    const decoded = decodeManifestBytes(Buffer.from(readFileSync(utf16)));
    expect('text' in decoded && canonical(parseManifestText({ text: decoded.text, file: utf16, limits: MANIFEST_LIMITS, apiChecks: false }).objects.map((object) => object.raw))).toBe(canonical(utf16Answer!.objects));
    const pod = parseManifestText({ text: cases[0]!, file: 'a.yaml', limits: MANIFEST_LIMITS, apiChecks: false }).objects[0]!.raw as { spec: Record<string, unknown> };
    expect(pod.spec['hostNetwork']).toBe(true);
    expect(pod.spec['hostPID']).toBe(true);
  });

  it('reads flow collections and quoted scalars whose continuation lines sit at any indentation, as kubectl does', async () => {
    const head = 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - name: c\n    image: busybox\n';
    const bodies = [
      // Argo's examples write shell commands so
      '    args: ["\n      cd /src &&\n      make\n    "]\n',
      '    args: ["--a",\n    "--b"]\n',
      '    args: [--a,\n--b]\n',
      '    command: "sh -c\n  echo hi"\n',
      "    command: 'it''s\n done'\n",
      '    env: [{name: A,\n    value: "x\n y"}]\n    securityContext: {privileged: true,\n  runAsUser: 0}\n',
      '    args:\n    - ["a",\n     "b"]\n',
      // a block scalar that looks like an open flow node is text, and the next key still counts
      '    args:\n    - |\n      ["not flow\n    - "x\n y"\n',
      '    args: &a ["x",\n   "y"] # comment\n    command: *a\n',
    ];
    const cases = bodies.map((body) => head + body);
    const files = cases.map((text, index) => {
      const file = path.join(directory, `flow-indent-${index}.yaml`);
      writeFileSync(file, text);
      return file;
    });
    const answers = await kubectlRead(files);
    cases.forEach((text, index) => {
      expect(answers[index]!.error, text).toBeUndefined();
      const ours = parseManifestText({ text, file: files[index]!, limits: MANIFEST_LIMITS, apiChecks: false });
      expect(ours.errors, text).toEqual([]);
      expect(canonical(ours.objects.map((object) => object.raw)), text).toBe(canonical(answers[index]!.objects));
    });
  });
});
