import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compilePathGlob } from '../../core/path-glob.js';
import { collectManifests } from './index.js';
import { MANIFEST_LIMITS } from './limits.js';
import { decodeManifestBytes, listManifestFiles, readManifestText, type ListOptions } from './read-files.js';

const POD = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\n`;

function tree(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'eksguard-manifests-'));
  mkdirSync(path.join(root, 'apps/web'), { recursive: true });
  mkdirSync(path.join(root, 'node_modules/x'), { recursive: true });
  writeFileSync(path.join(root, 'apps/web/deploy.yaml'), POD('web'));
  writeFileSync(path.join(root, 'apps/svc.yml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: svc}\n');
  writeFileSync(path.join(root, 'apps/cm.json'), '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"}}');
  writeFileSync(path.join(root, 'apps/notes.txt'), 'kind: Pod');
  writeFileSync(path.join(root, 'node_modules/x/p.yaml'), 'kind: Pod');
  symlinkSync(root, path.join(root, 'apps/loop'));
  return root;
}

const options = (cwd: string, extra: Partial<ListOptions> = {}): ListOptions => ({ limits: MANIFEST_LIMITS, cwd, ...extra });
const relativeFiles = (root: string, files: { file: string }[]) => files.map((f) => path.relative(root, f.file));

const servers: Server[] = [];
afterAll(() => {
  for (const server of servers) server.close();
});

function mkfifo(file: string): string {
  execFileSync('mkfifo', [file]);
  return file;
}

/** A writer that opens the FIFO after `delay` seconds, waits `hold` more, writes `text` and closes. */
function writeLater(fifo: string, text: string, delay: number, hold = 0): Promise<void> {
  const source = path.join(path.dirname(fifo), `${path.basename(fifo)}.src`);
  writeFileSync(source, text);
  const child = spawn('sh', ['-c', `sleep ${delay}; exec 3>"$1"; sleep ${hold}; cat "$2" >&3`, 'sh', fifo, source], { stdio: 'ignore' });
  return new Promise((resolve) => child.on('exit', () => resolve()));
}

describe('listManifestFiles', () => {
  it('walks directories recursively, sorted, skipping vendored folders and symlinks', async () => {
    const root = tree();
    const { files, errors } = await listManifestFiles([root], options(root));
    expect(errors).toEqual([]);
    expect(relativeFiles(root, files)).toEqual(['apps/cm.json', 'apps/svc.yml', 'apps/web/deploy.yaml']);
    expect(files.every((file) => file.walked && !file.stream)).toBe(true);
  });

  it('reports a missing path and goes on', async () => {
    const root = tree();
    const { files, errors } = await listManifestFiles([path.join(root, 'nope'), path.join(root, 'apps/svc.yml')], options(root));
    expect(files).toEqual([{ file: path.join(root, 'apps/svc.yml'), walked: false, stream: false }]);
    expect(errors[0]?.message).toMatch(/no such file/);
  });

  it('never opens a FIFO or a socket found while walking', async () => {
    const root = tree();
    mkfifo(path.join(root, 'apps/pipe.yaml'));
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(path.join(root, 'apps/sock.yaml'), resolve));
    const started = Date.now();
    const inventory = await collectManifests({ paths: [root], cwd: root, fifoWaitMs: 60_000 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(inventory.errors).toEqual([]);
    expect(inventory.kube.map((o) => o.name)).toEqual(['cm', 'svc', 'web']);
  });

  it('leaves out --exclude globs, relative to the scanned directory and to the working directory', async () => {
    const root = tree();
    mkdirSync(path.join(root, 'apps/dev'));
    writeFileSync(path.join(root, 'apps/dev/pod.yaml'), POD('dev'));
    const byRoot = await listManifestFiles([path.join(root, 'apps')], options(tmpdir(), { exclude: [compilePathGlob('dev'), compilePathGlob('*.json')] }));
    expect(relativeFiles(root, byRoot.files)).toEqual(['apps/svc.yml', 'apps/web/deploy.yaml']);
    const byCwd = await listManifestFiles([path.join(root, 'apps')], options(root, { exclude: [compilePathGlob('apps/web/**')] }));
    expect(relativeFiles(root, byCwd.files)).toEqual(['apps/cm.json', 'apps/dev/pod.yaml', 'apps/svc.yml']);
    const named = await listManifestFiles([path.join(root, 'apps/dev/pod.yaml')], options(root, { exclude: [compilePathGlob('apps/dev/')] }));
    expect(named.files).toEqual([]);
  });

  it("skips eksguard's own config and baseline files, and Helm chart templates, counting them", async () => {
    const root = tree();
    writeFileSync(path.join(root, '.eksguard.yaml'), 'failOn: high\n');
    writeFileSync(path.join(root, 'baseline.json'), '{"version":1,"tool":"eksguard","failures":[]}');
    mkdirSync(path.join(root, 'chart/templates/sub'), { recursive: true });
    writeFileSync(path.join(root, 'chart/Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 1.0.0\n');
    writeFileSync(path.join(root, 'chart/templates/deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n');
    writeFileSync(path.join(root, 'chart/templates/sub/svc.yaml'), 'apiVersion: v1\nkind: Service\n');
    const listing = await listManifestFiles([root, path.join(root, 'baseline.json')], options(root, { ownFiles: ['.eksguard.yaml', path.join(root, 'baseline.json')] }));
    expect(relativeFiles(root, listing.files)).toEqual(['apps/cm.json', 'apps/svc.yml', 'apps/web/deploy.yaml', 'chart/Chart.yaml']);
    // the config, the baseline twice (walked and named) and two templates
    expect(listing.skipped).toBe(5);
  });

  it('marks FIFOs and devices named on the command line as streams', async () => {
    const root = tree();
    const fifo = mkfifo(path.join(root, 'named-pipe'));
    const { files } = await listManifestFiles([fifo, '/dev/null', '-', '/dev/stdin'], options(root));
    expect(files).toEqual([
      { file: fifo, walked: false, stream: true },
      { file: '/dev/null', walked: false, stream: true },
      { file: '-', walked: false, stream: true },
      // standard input by any of its names is read as standard input: it may be a socket, which no path opens
      { file: '-', walked: false, stream: true, given: '/dev/stdin' },
    ]);
  });
});

describe('reading streams', () => {
  it('reads a FIFO whose writer comes late and takes its time', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'eksguard-fifo-'));
    const fifo = mkfifo(path.join(root, 'in'));
    const writing = writeLater(fifo, POD('late'), 0.3, 0.5);
    // the writer opens after 0.3 s but writes after 0.8 s: longer than the wait for a writer
    const read = await readManifestText(fifo, 'in', MANIFEST_LIMITS, { stream: true, fifoWaitMs: 600 });
    await writing;
    expect(read).toEqual({ file: 'in', text: POD('late') });
  });

  it('gives up on a FIFO without a writer after the wait, naming it', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'eksguard-fifo-'));
    const fifo = mkfifo(path.join(root, 'in'));
    const started = Date.now();
    const read = await readManifestText(fifo, 'in', MANIFEST_LIMITS, { stream: true, fifoWaitMs: 300 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(read).toEqual({ source: 'file', message: 'no writer opened this FIFO within 300 ms; start the command that writes to it first', location: { file: 'in' } });
  });

  it('stops a stream at the size limit', async () => {
    const read = await readManifestText('/dev/zero', '/dev/zero', { ...MANIFEST_LIMITS, maxFileBytes: 100_000 }, { stream: true });
    expect(read).toMatchObject({ message: expect.stringMatching(/^file is larger than the limit of 97\.7 KiB/) });
  });

  it('reads a regular file to its end even when stat says it is empty', async () => {
    const read = await readManifestText('/proc/self/status', 'status', MANIFEST_LIMITS);
    expect('text' in read && read.text).toMatch(/^Name:/);
  });

  it('refuses a FIFO where a regular file was listed, instead of waiting on it', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'eksguard-fifo-'));
    const fifo = mkfifo(path.join(root, 'swapped.yaml'));
    const read = await readManifestText(fifo, 'swapped.yaml', MANIFEST_LIMITS);
    expect(read).toMatchObject({ message: 'not a regular file (name it on the command line to read it as a stream)' });
  });
});

describe('decodeManifestBytes', () => {
  it('refuses binary and non-UTF-8 input', () => {
    expect(decodeManifestBytes(Buffer.from([0x6b, 0x00, 0x01]))).toEqual({ error: 'binary file (contains NUL bytes), not a manifest' });
    expect(decodeManifestBytes(Buffer.from([0x6b, 0xff, 0xfe, 0x41]))).toEqual({ error: 'not UTF-8 text' });
  });

  it('drops a byte-order mark', () => {
    expect(decodeManifestBytes(Buffer.from('\ufeffkind: Pod'))).toEqual({ text: 'kind: Pod' });
  });

  it('reads UTF-16 after its byte-order mark, as kubectl does', () => {
    const text = 'kind: Pod\nmetadata: {name: é}\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    expect(decodeManifestBytes(le)).toEqual({ text });
    expect(decodeManifestBytes(be)).toEqual({ text });
    expect(decodeManifestBytes(Buffer.from([0xff, 0xfe, 0x00, 0xd8]))).toEqual({ error: 'not UTF-16LE text, though it starts with that byte-order mark' });
  });
});

describe('collectManifests', () => {
  it('reads a tree, reports oversize files by name, and keeps going', async () => {
    const root = tree();
    writeFileSync(path.join(root, 'apps/huge.yaml'), `${POD('huge')}data:\n  x: "${'a'.repeat(2048)}"\n`);
    const inventory = await collectManifests({ paths: [root], cwd: root, limits: { ...MANIFEST_LIMITS, maxFileBytes: 1024 } });
    expect(inventory.kube.map((o) => o.name).sort()).toEqual(['cm', 'svc', 'web']);
    expect(inventory.errors).toEqual([{ source: 'file', message: 'file is larger than the limit of 1 KiB (2.1 KiB read)', location: { file: 'apps/huge.yaml' } }]);
    expect(inventory.counts).toEqual({ files: 3, objects: 3, skippedFiles: 0 });
  });
});
