import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './run-cli.js';
import { MANIFEST_LIMITS } from '../../src/sources/manifests/limits.js';

// The worker pool only runs from the built package, so this test loads dist/ (npm test builds first).
const { collectManifests } = (await import(path.join(repoRoot, 'dist/sources/manifests/index.js'))) as typeof import('../../src/sources/manifests/index.js');
const { holdsManifestFiles } = (await import(path.join(repoRoot, 'dist/sources/manifests/read-files.js'))) as typeof import('../../src/sources/manifests/read-files.js');
const { parseFiles, prestartParseWorkers, workersAvailable } = (await import(path.join(repoRoot, 'dist/sources/manifests/parse-pool.js'))) as typeof import('../../src/sources/manifests/parse-pool.js');

function corpus(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-workers-'));
  for (let i = 0; i < 40; i += 1) {
    const docs = Array.from({ length: 5 }, (_, d) => `kind: Pod\napiVersion: v1\nmetadata:\n  name: p-${i}-${d}\n  namespace: ns-${i % 3}\nspec:\n  containers:\n    - name: c\n      image: nginx:${d}\n`);
    writeFileSync(path.join(dir, `f-${String(i).padStart(2, '0')}.yaml`), docs.join('---\n'));
  }
  writeFileSync(path.join(dir, 'f-05.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: [\n');
  writeFileSync(path.join(dir, 'f-07.yaml'), Buffer.from([0x6b, 0, 1, 2]));
  writeFileSync(path.join(dir, 'list.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'from-list' } }] }));
  return dir;
}

const shape = (inventory: Awaited<ReturnType<typeof collectManifests>>) => ({
  objects: inventory.kube.map((object) => [object.name, object.namespace, object.provenance.location, object.provenance.locateField?.('spec.containers[0].image')]),
  errors: inventory.errors,
});

describe('parsing on worker threads', () => {
  it('is available in the built package on this machine', () => {
    expect(workersAvailable()).toBe(true);
  });

  it('gives exactly the in-process result: objects, order, lines, field locations and errors', async () => {
    const dir = corpus();
    const pooled = await collectManifests({ paths: [dir], cwd: dir });
    const inProcess = await collectManifests({ paths: [dir], cwd: dir, workers: false });
    expect(shape(pooled)).toEqual(shape(inProcess));
    expect(pooled.kube).toHaveLength(40 * 5 - 5 - 5 + 1 + 1);
    // f-07.yaml is binary: found in a directory, it is no manifest
    expect(pooled.errors.map((error) => error.location?.file)).toEqual(['f-05.yaml']);
    expect(pooled.counts.skippedFiles).toBe(1);
  });

  it('skips the same files that are not Kubernetes as the main thread does, and judges broken ones by their text', async () => {
    const dir = corpus();
    for (let i = 0; i < 20; i += 1) writeFileSync(path.join(dir, `values-${i}.yaml`), `replicas: ${i}\n`);
    writeFileSync(path.join(dir, 'template.yaml'), 'Resources:\n  Role:\n    Properties: {Name: !Ref Name}\n');
    writeFileSync(path.join(dir, 'tsconfig.json'), '{ // comment\n}');
    const pooled = await collectManifests({ paths: [dir], cwd: dir });
    const inProcess = await collectManifests({ paths: [dir], cwd: dir, workers: false });
    expect(pooled.counts).toEqual(inProcess.counts);
    expect(pooled.counts).toEqual({ files: 40, objects: 40 * 5 - 5 - 5 + 1 + 1, skippedFiles: 23 });
    expect(pooled.errors).toEqual(inProcess.errors);
    expect(pooled.errors.map((error) => error.location?.file)).toEqual(['f-05.yaml']);
  });

  it('carries numbers from the workers exactly as this thread reads them, and refuses NaN and infinities there too', async () => {
    const dir = corpus();
    writeFileSync(path.join(dir, 'f-09.yaml'), 'kind: Pod\napiVersion: v1\nmetadata: {name: odd}\nspec:\n  c: -0.0\n  d: -0\n');
    writeFileSync(path.join(dir, 'f-10.yaml'), 'kind: Pod\napiVersion: v1\nmetadata: {name: nan}\nspec:\n  a: .nan\n  b: -.inf\n');
    const pooled = await collectManifests({ paths: [dir], cwd: dir });
    const inProcess = await collectManifests({ paths: [dir], cwd: dir, workers: false });
    const spec = (inventory: typeof pooled) => inventory.kube.find((object) => object.name === 'odd')?.raw['spec'] as Record<string, number>;
    expect(Object.is(spec(pooled)['c'], spec(inProcess)['c'])).toBe(true);
    expect(Object.is(spec(pooled)['d'], spec(inProcess)['d'])).toBe(true);
    expect(pooled.kube.some((object) => object.name === 'nan')).toBe(false);
    const nanErrors = (inventory: typeof pooled) => inventory.errors.filter((error) => error.location?.file === 'f-10.yaml');
    expect(nanErrors(pooled)).toEqual(nanErrors(inProcess));
    expect(nanErrors(pooled)).toHaveLength(1);
  });

  it.each([true, false])('hands on each file\'s objects in file order, as the inventory holds them (workers: %s)', async (workers) => {
    const dir = corpus();
    const batches: string[][] = [];
    const inventory = await collectManifests({ paths: [dir], cwd: dir, workers, onObjects: (objects) => batches.push(objects.map((object) => object.name)) });
    expect(batches.flat()).toEqual(inventory.kube.map((object) => object.name));
    expect(batches.filter((names) => names.length === 5)).toHaveLength(38);
    expect(batches.at(-1)).toEqual(['from-list']);
  });

  it('fails the call, not the process, when taking a result throws', async () => {
    const dir = corpus();
    let taken = 0;
    const collecting = collectManifests({
      paths: [dir],
      cwd: dir,
      onObjects: () => {
        taken += 1;
        if (taken === 3) throw new RangeError('taker broke');
      },
    });
    await expect(collecting).rejects.toThrow('taker broke');
    expect(taken).toBe(3);
  });

  it.each([
    ['throws on its first file', "require('node:worker_threads').parentPort.on('message', () => { throw new Error('boom'); });"],
    ['exits', "require('node:worker_threads').parentPort.on('message', () => process.exit(3));"],
    ['does not exist', undefined],
  ])('leaves every file to the main thread when a worker %s', async (_label, source) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-broken-worker-'));
    const module = path.join(dir, 'worker.cjs');
    if (source) writeFileSync(module, source);
    const files = Array.from({ length: 20 }, (_, i) => ({ file: `f-${i}`, displayName: `f-${i}` }));
    const results = await parseFiles(files, MANIFEST_LIMITS, async (entry) => ({ error: { source: 'file', message: `parsed here: ${entry.displayName}` } }), {
      workerModule: pathToFileURL(module),
    });
    expect(results.map((result) => ('error' in result ? result.error.message : 'parsed'))).toEqual(files.map((entry) => `parsed here: ${entry.displayName}`));
  });

  it('looks ahead for enough manifest files to start early, and a scan after an early start gives the in-process result', async () => {
    const dir = corpus();
    const few = mkdtempSync(path.join(tmpdir(), 'eksguard-few-'));
    for (let i = 0; i < 3; i += 1) writeFileSync(path.join(few, `f-${i}.yaml`), 'kind: Pod\n');
    const nested = mkdtempSync(path.join(tmpdir(), 'eksguard-nested-'));
    for (let i = 0; i < 20; i += 1) {
      mkdirSync(path.join(nested, `app-${i}`, 'manifests'), { recursive: true });
      writeFileSync(path.join(nested, `app-${i}`, 'manifests', 'deploy.yml'), 'kind: Pod\n');
      writeFileSync(path.join(nested, `app-${i}`, 'README.md'), 'not a manifest\n');
    }
    expect(holdsManifestFiles([dir], 16)).toBe(true);
    expect(holdsManifestFiles([nested], 16)).toBe(true);
    expect(holdsManifestFiles([few, path.join(dir, 'f-01.yaml'), path.join(dir, 'missing')], 16)).toBe(false);
    prestartParseWorkers([dir]);
    const pooled = await collectManifests({ paths: [dir], cwd: dir });
    const inProcess = await collectManifests({ paths: [dir], cwd: dir, workers: false });
    expect(shape(pooled)).toEqual(shape(inProcess));
  });

  it('never keeps a process alive with workers no scan took', () => {
    // a script file, not --eval: workers inherit the process's flags, and --input-type would stop them
    const script = path.join(mkdtempSync(path.join(tmpdir(), 'eksguard-prestart-')), 'prestart.mjs');
    const pool = pathToFileURL(path.join(repoRoot, 'dist/sources/manifests/parse-pool.js')).href;
    writeFileSync(script, `const { prestartParseWorkers } = await import(${JSON.stringify(pool)});\nprestartParseWorkers([process.argv[2]]);\nsetTimeout(() => console.log('started'), 300);\n`);
    const run = spawnSync(process.execPath, [script, corpus()], { encoding: 'utf8', timeout: 20_000 });
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('started');
  });
});
