import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInventory, type Inventory } from '../../core/inventory.js';
import { explainJsonSyntaxError } from '../../core/json-syntax.js';
import type { InputError } from '../../core/types.js';
import { SNAPSHOT_PATHS } from './layout.js';
import { inventoryFromResponses, metaFrom, type SnapshotFile, type SnapshotMeta } from './parse.js';

export { inventoryFromResponses, metaFrom, type SnapshotFile, type SnapshotMeta } from './parse.js';

/** A response file larger than this is refused: real AWS responses for one call are far smaller. */
export const MAX_SNAPSHOT_FILE_BYTES = 64 * 1024 * 1024;
const MAX_FILES = 100_000;
const MAX_DEPTH = 12;

export interface SnapshotReadOptions {
  directory: string;
  starvedChecks?: (key: string) => string[];
}

interface Walk {
  files: string[];
  errors: InputError[];
}

async function walk(root: string, relative: string, depth: number, out: Walk): Promise<void> {
  if (depth > MAX_DEPTH) {
    out.errors.push({ source: 'aws-snapshot', message: 'directory nesting too deep; ignored', location: { file: relative } });
    return;
  }
  const entries = await readdir(path.join(root, relative), { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const child = relative ? `${relative}/${entry.name}` : entry.name;
    // symbolic links are not followed: a snapshot is a plain tree of files
    if (entry.isDirectory()) await walk(root, child, depth + 1, out);
    else if (entry.isFile() && entry.name.endsWith('.json')) {
      if (out.files.length >= MAX_FILES) {
        out.errors.push({ source: 'aws-snapshot', message: `more than ${MAX_FILES} files; the rest are ignored` });
        return;
      }
      out.files.push(child);
    }
  }
}

/** Reads `eksguard collect aws` output, or a directory of `aws ... --output json` files built by hand. */
export async function readAwsSnapshot(options: SnapshotReadOptions): Promise<Inventory> {
  const root = path.resolve(options.directory);
  const stat = await lstat(root).catch(() => undefined);
  if (!stat?.isDirectory()) {
    return createInventory({ errors: [{ source: 'aws-snapshot', message: `${options.directory} is not a directory` }] });
  }
  const found: Walk = { files: [], errors: [] };
  await walk(root, '', 0, found);
  const files: SnapshotFile[] = [];
  let meta: SnapshotMeta | undefined;
  for (const relative of found.files) {
    const full = path.join(root, relative);
    const size = (await lstat(full)).size;
    if (size > MAX_SNAPSHOT_FILE_BYTES) {
      found.errors.push({ source: 'aws-snapshot', message: `file larger than ${MAX_SNAPSHOT_FILE_BYTES} bytes; ignored`, location: { file: relative } });
      continue;
    }
    const text = await readFile(full, 'utf8');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      // in our words: JSON.parse's own message differs between Node.js lines and quotes the input
      const { detail, line } = error instanceof SyntaxError ? explainJsonSyntaxError(text) : { detail: String(error) };
      found.errors.push({ source: 'aws-snapshot', message: `not valid JSON: ${detail}`, location: line ? { file: relative, line } : { file: relative } });
      continue;
    }
    if (relative === SNAPSHOT_PATHS.meta) meta = metaFrom(body);
    else files.push({ path: relative, body });
  }
  const inventory = inventoryFromResponses(files, {
    origin: options.directory,
    expectResources: true,
    ...(meta ? { meta } : {}),
    ...(options.starvedChecks ? { starvedChecks: options.starvedChecks } : {}),
  });
  return { ...inventory, errors: [...found.errors, ...inventory.errors] };
}
