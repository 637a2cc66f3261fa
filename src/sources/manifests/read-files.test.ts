import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectManifests } from './index.js';
import { MANIFEST_LIMITS } from './limits.js';
import { decodeManifestBytes, listManifestFiles } from './read-files.js';

function tree(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'eksguard-manifests-'));
  mkdirSync(path.join(root, 'apps/web'), { recursive: true });
  mkdirSync(path.join(root, 'node_modules/x'), { recursive: true });
  writeFileSync(path.join(root, 'apps/web/deploy.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n');
  writeFileSync(path.join(root, 'apps/svc.yml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: svc}\n');
  writeFileSync(path.join(root, 'apps/cm.json'), '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"}}');
  writeFileSync(path.join(root, 'apps/notes.txt'), 'kind: Pod');
  writeFileSync(path.join(root, 'node_modules/x/p.yaml'), 'kind: Pod');
  symlinkSync(root, path.join(root, 'apps/loop'));
  return root;
}

describe('listManifestFiles', () => {
  it('walks directories recursively, sorted, skipping vendored folders and symlinks', async () => {
    const root = tree();
    const { files, errors } = await listManifestFiles([root], MANIFEST_LIMITS);
    expect(errors).toEqual([]);
    expect(files.map((f) => path.relative(root, f))).toEqual(['apps/cm.json', 'apps/svc.yml', 'apps/web/deploy.yaml']);
  });

  it('reports a missing path and goes on', async () => {
    const root = tree();
    const { files, errors } = await listManifestFiles([path.join(root, 'nope'), path.join(root, 'apps/svc.yml')], MANIFEST_LIMITS);
    expect(files).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/no such file/);
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
});

describe('collectManifests', () => {
  it('reads a tree, reports oversize files by name, and keeps going', async () => {
    const root = tree();
    writeFileSync(path.join(root, 'apps/huge.yaml'), `kind: ConfigMap\ndata:\n  x: "${'a'.repeat(2048)}"\n`);
    const inventory = await collectManifests({ paths: [root], cwd: root, limits: { ...MANIFEST_LIMITS, maxFileBytes: 1024 } });
    expect(inventory.kube.map((o) => o.name).sort()).toEqual(['cm', 'svc', 'web']);
    expect(inventory.errors).toEqual([{ source: 'file', message: 'file is larger than the limit of 1 KiB (2 KiB read)', location: { file: 'apps/huge.yaml' } }]);
  });
});
