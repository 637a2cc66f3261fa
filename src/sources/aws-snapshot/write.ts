import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SNAPSHOT_PATHS } from './layout.js';
import type { SnapshotFile, SnapshotMeta } from './parse.js';

/** Writes `eksguard collect aws` output: one pretty JSON file per response plus snapshot.json. Returns the number of files. */
export async function writeAwsSnapshot(directory: string, files: readonly SnapshotFile[], meta: SnapshotMeta): Promise<number> {
  const root = path.resolve(directory);
  const all = [...files, { path: SNAPSHOT_PATHS.meta, body: meta }];
  for (const file of all) {
    const target = path.resolve(root, file.path);
    // paths are built from AWS names; refuse anything that would leave the directory all the same
    if (!target.startsWith(root + path.sep)) throw new Error(`refusing to write outside ${directory}: ${file.path}`);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, `${JSON.stringify(file.body, null, 2)}\n`, { mode: 0o600 });
  }
  return all.length;
}
