import { lstat, open, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Inventory } from '../../core/inventory.js';
import { readJsonText } from '../../core/json-text.js';
import type { InputError } from '../../core/types.js';
import { classifyResponse, SNAPSHOT_PATHS } from './layout.js';
import { inventoryFromResponses, metaFrom, type AwsNothing, type SnapshotFile, type SnapshotMeta } from './parse.js';

export { inventoryFromResponses, metaFrom, type AwsNothing, type SnapshotFile, type SnapshotMeta } from './parse.js';

/** A response file larger than this is refused: real AWS responses for one call are far smaller. */
export const MAX_SNAPSHOT_FILE_BYTES = 64 * 1024 * 1024;
/** All files of a snapshot together: the responses of a large account are tens of MiB; this bounds the memory a snapshot takes. */
export const MAX_SNAPSHOT_TOTAL_BYTES = 256 * 1024 * 1024;
/** AWS responses nest about ten levels; deeper JSON is refused before it is built. */
export const MAX_SNAPSHOT_JSON_DEPTH = 64;
const MAX_FILES = 100_000;
const MAX_DEPTH = 12;

export interface SnapshotReadOptions {
  directory: string;
  starvedChecks?: (key: string) => string[];
  /** all files together (default MAX_SNAPSHOT_TOTAL_BYTES) */
  maxTotalBytes?: number;
}

/** The snapshot's inventory; `nothing` says why it holds no AWS resource at all. */
export type SnapshotInventory = Inventory & { readonly nothing?: AwsNothing };

interface Walk {
  files: string[];
  errors: InputError[];
}

const snapshotError = (message: string, file?: string): InputError => ({ source: 'aws-snapshot', message, ...(file ? { location: { file } } : {}) });

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'it disappeared while the snapshot was read';
  if (code === 'ENOTDIR') return 'not a directory';
  return typeof code === 'string' ? code : 'cannot be read';
}

/** Lists the JSON files of the tree; a directory that cannot be read is an error entry, and the walk goes on. */
async function walk(root: string, relative: string, depth: number, out: Walk): Promise<void> {
  if (depth > MAX_DEPTH) {
    out.errors.push(snapshotError('directory nesting too deep; ignored', relative));
    return;
  }
  let entries;
  try {
    entries = await readdir(path.join(root, relative), { withFileTypes: true });
  } catch (error) {
    out.errors.push(snapshotError(`cannot read this directory (${describeFsError(error)}); the rest of the snapshot is audited without it`, relative || '.'));
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const child = relative ? `${relative}/${entry.name}` : entry.name;
    // symbolic links, FIFOs and devices are not followed or opened: a snapshot is a plain tree of files
    if (entry.isDirectory()) await walk(root, child, depth + 1, out);
    else if (entry.isFile() && entry.name.endsWith('.json')) {
      if (out.files.length >= MAX_FILES) {
        out.errors.push(snapshotError(`more than ${MAX_FILES} files; the rest are ignored`));
        return;
      }
      out.files.push(child);
    }
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes} bytes`;
}

/** Reads one regular file within the limits; anything else is a reason to skip it. */
async function readSnapshotFile(full: string, budget: number): Promise<{ text: string } | { problem: string } | { overBudget: true }> {
  let handle;
  try {
    // not following a link that replaced the file since the walk, and never waiting on a FIFO
    const info = await lstat(full);
    if (!info.isFile()) return { problem: 'not a regular file; ignored' };
    if (info.size > MAX_SNAPSHOT_FILE_BYTES) return { problem: `file larger than ${MAX_SNAPSHOT_FILE_BYTES} bytes; ignored` };
    if (info.size > budget) return { overBudget: true };
    handle = await open(full, 'r');
    return { text: await handle.readFile('utf8') };
  } catch (error) {
    return { problem: `cannot read (${describeFsError(error)}); ignored` };
  } finally {
    await handle?.close();
  }
}

/** Reads `eksguard collect aws` output, or a directory of `aws ... --output json` files built by hand. */
export async function readAwsSnapshot(options: SnapshotReadOptions): Promise<SnapshotInventory> {
  const root = path.resolve(options.directory);
  const stat = await lstat(root).catch(() => undefined);
  if (!stat?.isDirectory()) {
    return { ...inventoryFromResponses([], { origin: options.directory }), nothing: { reason: `${options.directory} is not a directory`, allowable: false } };
  }
  const found: Walk = { files: [], errors: [] };
  await walk(root, '', 0, found);
  const files: SnapshotFile[] = [];
  let meta: SnapshotMeta | undefined;
  const maxTotalBytes = options.maxTotalBytes ?? MAX_SNAPSHOT_TOTAL_BYTES;
  let budget = maxTotalBytes;
  for (const [index, relative] of found.files.entries()) {
    const read = await readSnapshotFile(path.join(root, relative), budget);
    if ('overBudget' in read) {
      const left = found.files.length - index;
      found.errors.push(snapshotError(`the snapshot's files together exceed ${formatBytes(maxTotalBytes)}; this file and the ${left - 1} after it are ignored`, relative));
      break;
    }
    if ('problem' in read) {
      found.errors.push(snapshotError(read.problem, relative));
      continue;
    }
    budget -= Buffer.byteLength(read.text);
    // line, column and kind of the problem only: V8's message would quote the file, which may hold secrets
    const json = readJsonText(read.text, MAX_SNAPSHOT_JSON_DEPTH);
    if (!json.ok) {
      found.errors.push({ source: 'aws-snapshot', message: `not valid JSON: ${json.error.problem} (column ${json.error.column})`, location: { file: relative, line: json.error.line } });
      continue;
    }
    if (relative === SNAPSHOT_PATHS.meta) meta = metaFrom(json.value);
    else files.push({ path: relative, body: json.value });
  }
  const inventory = inventoryFromResponses(files, {
    origin: options.directory,
    ...(meta ? { meta } : {}),
    ...(options.starvedChecks ? { starvedChecks: options.starvedChecks } : {}),
  });
  // An empty ListClusters answer is an account without clusters (--allow-empty accepts it);
  // a snapshot without even that holds nothing to judge.
  const listed = files.some((file) => classifyResponse(file.body, file.path) === 'eks:ListClusters');
  const nothing: AwsNothing | undefined =
    inventory.aws.length > 0 ? undefined : { reason: `no AWS resource found in ${options.directory}: there is nothing to audit`, allowable: listed };
  return { ...inventory, errors: [...found.errors, ...inventory.errors], ...(nothing ? { nothing } : {}) };
}
