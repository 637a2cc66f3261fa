import { mkdtempSync, readFileSync, statSync, writeFileSync, chmodSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileChanged, readEditableText, scannedRoots, writeEditedText } from './edit-files.js';

describe('edit-files', () => {
  it('writes atomically with the mode and byte-order mark kept, and refuses a file changed since it was read', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-edit-'));
    const file = path.join(dir, 'a.yaml');
    writeFileSync(file, '\ufeffkind: Pod\n');
    chmodSync(file, 0o600);
    const roots = await scannedRoots([dir], dir);
    const read = await readEditableText(file, { cwd: dir, roots });
    if ('reason' in read) throw new Error(read.reason);
    expect(read.text).toBe('kind: Pod\n');
    await writeEditedText(read, 'kind: Pod\nspec: {}\n');
    expect(readFileSync(file, 'utf8')).toBe('\ufeffkind: Pod\nspec: {}\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['a.yaml']);
    // someone changed the file after eksguard read it: nothing is written
    const again = await readEditableText(file, { cwd: dir, roots });
    if ('reason' in again) throw new Error(again.reason);
    writeFileSync(file, 'kind: Pod\n# edited meanwhile\n');
    await expect(writeEditedText(again, 'kind: Pod\nspec: {}\n')).rejects.toBeInstanceOf(FileChanged);
    expect(readFileSync(file, 'utf8')).toBe('kind: Pod\n# edited meanwhile\n');
    expect(readdirSync(dir)).toEqual(['a.yaml']);
  });

  it('does not edit UTF-16 text or files outside the scanned roots', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-edit-'));
    writeFileSync(path.join(dir, 'u.yaml'), Buffer.from([0xff, 0xfe, 0x6b, 0x00]));
    const roots = await scannedRoots([path.join(dir, 'sub')], dir);
    expect(await readEditableText('u.yaml', { cwd: dir, roots: [dir] })).toEqual({ reason: expect.stringMatching(/UTF-16/) });
    expect(await readEditableText('u.yaml', { cwd: dir, roots })).toEqual({ reason: expect.stringMatching(/out of the scanned paths/) });
  });
});
