import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { InputError } from '../../core/types.js';
import type { ManifestLimits } from './limits.js';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules', '.terraform', '.cache']);

export const STDIN_PATH = '-';

export interface ManifestText {
  file: string;
  text: string;
}

export function displayPath(file: string, cwd: string): string {
  if (file === STDIN_PATH) return '<stdin>';
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}

/** Expands the paths given on the command line into manifest files, sorted, directories recursively. */
export async function listManifestFiles(
  inputs: readonly string[],
  limits: ManifestLimits,
): Promise<{ files: string[]; errors: InputError[] }> {
  const files: string[] = [];
  const errors: InputError[] = [];
  const walk = async (directory: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
      errors.push({ source: 'file', message: `cannot read directory: ${describeFsError(error)}`, location: { file: directory } });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) await walk(full);
      } else if (entry.isFile() && MANIFEST_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
        files.push(full);
      }
      // symbolic links inside directories are not followed: they could loop or leave the tree
    }
  };
  for (const input of inputs) {
    if (input === STDIN_PATH) {
      files.push(STDIN_PATH);
      continue;
    }
    try {
      const info = await stat(input);
      if (info.isDirectory()) await walk(input);
      else files.push(input);
    } catch (error) {
      errors.push({ source: 'file', message: `cannot read: ${describeFsError(error)}`, location: { file: input } });
    }
    if (files.length > limits.maxFiles) {
      errors.push({ source: 'file', message: `more than ${limits.maxFiles} files; scan fewer paths at once`, location: { file: input } });
      files.length = limits.maxFiles;
      break;
    }
  }
  return { files, errors };
}

const BINARY_SNIFF_BYTES = 8192;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Turns raw bytes into text, or explains why they are not a manifest. */
export function decodeManifestBytes(bytes: Uint8Array): { text: string } | { error: string } {
  const sniff = bytes.subarray(0, BINARY_SNIFF_BYTES);
  if (sniff.includes(0)) return { error: 'binary file (contains NUL bytes), not a manifest' };
  try {
    let text = utf8.decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text };
  } catch {
    return { error: 'not UTF-8 text' };
  }
}

async function readBounded(file: string, maxBytes: number): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const info = await handle.stat();
    if (info.size > maxBytes) throw new SizeExceeded(info.size);
    const buffer = Buffer.alloc(info.size);
    let offset = 0;
    while (offset < info.size) {
      const { bytesRead } = await handle.read(buffer, offset, info.size - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return buffer.subarray(0, offset);
  } finally {
    await handle.close();
  }
}

async function readStdin(maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    total += buffer.length;
    if (total > maxBytes) {
      process.stdin.destroy();
      throw new SizeExceeded(total);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / 1024 / 1024).toFixed(1))} MiB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`;
  return `${bytes} bytes`;
}

class SizeExceeded extends Error {
  readonly size: number;
  constructor(size: number) {
    super('larger than the limit');
    this.size = size;
  }
}

export async function readManifestText(file: string, displayName: string, limits: ManifestLimits): Promise<ManifestText | InputError> {
  try {
    const bytes = file === STDIN_PATH ? await readStdin(limits.maxFileBytes) : await readBounded(file, limits.maxFileBytes);
    const decoded = decodeManifestBytes(bytes);
    if ('error' in decoded) return { source: 'file', message: decoded.error, location: { file: displayName } };
    return { file: displayName, text: decoded.text };
  } catch (error) {
    if (error instanceof SizeExceeded) {
      return {
        source: 'file',
        message: `file is larger than the limit of ${formatBytes(limits.maxFileBytes)} (${formatBytes(error.size)} read)`,
        location: { file: displayName },
      };
    }
    return { source: 'file', message: `cannot read: ${describeFsError(error)}`, location: { file: displayName } };
  }
}
