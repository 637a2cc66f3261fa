import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync, type Dirent } from 'node:fs';
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { pathGlobMatches, type PathGlob } from '../../core/path-glob.js';
import type { InputError } from '../../core/types.js';
import type { ManifestLimits } from './limits.js';
import { kustomizationFileIn } from '../render/kustomization.js';
import { ByteBuffer, readStreamToEnd, SizeExceeded, StreamError } from './read-stream.js';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules', '.terraform', '.cache']);

export const STDIN_PATH = '-';
/** Names of this process's standard input: read like `-`, whatever it is (a pipe, a socket from a parent process, a file, a terminal). */
const STDIN_NAMES = new Set(['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

/** How long a FIFO named on the command line may stay without a writer before it is an error. */
export const DEFAULT_FIFO_WAIT_MS = 10_000;

export interface ManifestText {
  file: string;
  text: string;
}

/** One file to read, and how it was found. */
export interface ManifestFile {
  file: string;
  /** found by walking a directory: read only when its content is Kubernetes (see manifest-kind.ts) */
  walked: boolean;
  /** standard input, or a FIFO or device named on the command line: read to end of file, on this thread */
  stream: boolean;
  /** the name given on the command line, when it differs from `file` (`/dev/stdin` is read as `-`) */
  given?: string;
}

export interface ListOptions {
  limits: ManifestLimits;
  /** excludes are matched against paths relative to the working directory too */
  cwd: string;
  exclude?: readonly PathGlob[];
  /** absolute paths never read as manifests: eksguard's own config and baseline files */
  ownFiles?: readonly string[];
  /** find Helm charts and Kustomize directories to render (default: leave chart templates out, as `--no-render`) */
  render?: boolean;
  /** named files are judged like walked ones: one that holds no Kubernetes object is skipped, not an error (`--skip-non-kubernetes`) */
  namedAsWalked?: boolean;
}

export interface FileListing {
  files: ManifestFile[];
  errors: InputError[];
  /** files left out without reading them: Helm chart templates (`--no-render`), eksguard's own config and baseline files */
  skipped: number;
  /** with `render`: directories holding a Chart.yaml, not walked (rendered instead), in walk order */
  charts: string[];
  /** with `render`: directories holding a kustomization, still walked, in walk order */
  kustomizations: string[];
  /** the kustomization directories named on the command line: built even when another kustomization includes them */
  namedKustomizations: Set<string>;
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
  if (code === 'ENXIO') return 'no such device (a socket cannot be read as a file)';
  if (code === 'ELOOP') return 'too many symbolic links';
  return typeof code === 'string' ? code : 'cannot be read';
}

const posix = (relative: string) => relative.split(path.sep).join('/');

function relativeInside(from: string, file: string): string | undefined {
  const relative = path.relative(from, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? posix(relative) : undefined;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Helm's chart templates are Go templates, not manifests: without rendering they are left out. */
async function isHelmTemplates(directory: string): Promise<boolean> {
  return path.basename(directory) === 'templates' && isFile(path.join(path.dirname(directory), 'Chart.yaml'));
}

export function isChartDirectory(directory: string): Promise<boolean> {
  return isFile(path.join(directory, 'Chart.yaml'));
}

class Lister {
  readonly files: ManifestFile[] = [];
  readonly errors: InputError[] = [];
  readonly charts: string[] = [];
  readonly kustomizations: string[] = [];
  readonly namedKustomizations = new Set<string>();
  skipped = 0;
  private readonly own: ReadonlySet<string>;
  private readonly options: ListOptions;

  constructor(options: ListOptions) {
    this.options = options;
    this.own = new Set((options.ownFiles ?? []).map((file) => path.resolve(options.cwd, file)));
  }

  full(): boolean {
    return this.files.length >= this.options.limits.maxFiles;
  }

  excluded(file: string, root: string | undefined, isDirectory: boolean): boolean {
    const globs = this.options.exclude ?? [];
    if (globs.length === 0) return false;
    const candidates = [root === undefined ? undefined : relativeInside(root, file), relativeInside(this.options.cwd, path.resolve(this.options.cwd, file))];
    return globs.some((glob) => candidates.some((relative) => relative !== undefined && pathGlobMatches(glob, relative, isDirectory)));
  }

  isOwnFile(file: string): boolean {
    return this.own.has(path.resolve(this.options.cwd, file));
  }

  /** Counts the files a walk leaves out unread (Helm templates), without reading them. */
  async countUnder(directory: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) await this.countUnder(path.join(directory, entry.name));
      else if (entry.isFile() && MANIFEST_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) this.skipped += 1;
    }
  }

  /** With rendering: a chart is rendered instead of walked; a kustomization is built, and its other files still walked. */
  async renderable(directory: string, named: boolean): Promise<boolean> {
    if (!this.options.render) return false;
    if (await isChartDirectory(directory)) {
      this.charts.push(directory);
      return true;
    }
    if (await kustomizationFileIn(directory)) {
      this.kustomizations.push(directory);
      if (named) this.namedKustomizations.add(path.resolve(directory));
    }
    return false;
  }

  async walk(root: string, directory: string, named = false): Promise<void> {
    if (!this.options.render && (await isHelmTemplates(directory))) {
      await this.countUnder(directory);
      return;
    }
    if (await this.renderable(directory, named)) return;
    let entries;
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
      this.errors.push({ source: 'file', message: `cannot read directory: ${describeFsError(error)}`, location: { file: directory } });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (this.full()) return;
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !this.excluded(full, root, true)) await this.walk(root, full);
      } else if (entry.isFile() && MANIFEST_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
        if (this.excluded(full, root, false)) continue;
        if (this.isOwnFile(full)) this.skipped += 1;
        else this.files.push({ file: full, walked: true, stream: false });
      }
      // Symbolic links are not followed (they could loop or leave the tree), and FIFOs, sockets and
      // devices are never opened: only regular files are read while walking.
    }
  }

  async add(input: string): Promise<void> {
    if (input === STDIN_PATH || STDIN_NAMES.has(input)) {
      this.files.push({ file: STDIN_PATH, walked: false, stream: true, ...(input !== STDIN_PATH ? { given: input } : {}) });
      return;
    }
    let info;
    try {
      info = await stat(input);
    } catch (error) {
      this.errors.push({ source: 'file', message: `cannot read: ${describeFsError(error)}`, location: { file: input } });
      return;
    }
    if (info.isDirectory()) {
      if (!this.excluded(input, undefined, true)) await this.walk(input, input, true);
    } else if (info.isSocket()) {
      this.errors.push({ source: 'file', message: 'is a socket, not a file', location: { file: input } });
    } else if (this.excluded(input, undefined, false)) {
      return;
    } else if (this.isOwnFile(input)) {
      this.skipped += 1;
    } else {
      // a FIFO, process substitution (/dev/fd/N), /dev/stdin or a device: read to end of file
      this.files.push({ file: input, walked: info.isFile() && this.options.namedAsWalked === true, stream: !info.isFile() });
    }
  }
}

/** Expands the paths given on the command line into the files to read, sorted, directories recursively. */
export async function listManifestFiles(inputs: readonly string[], options: ListOptions): Promise<FileListing> {
  const lister = new Lister(options);
  for (const input of inputs) {
    await lister.add(input);
    if (lister.full()) {
      lister.errors.push({ source: 'file', message: `more than ${options.limits.maxFiles} files; scan fewer paths at once`, location: { file: input } });
      lister.files.length = options.limits.maxFiles;
      break;
    }
  }
  return {
    files: lister.files,
    errors: lister.errors,
    skipped: lister.skipped,
    charts: lister.charts.map((directory) => path.resolve(directory)),
    kustomizations: lister.kustomizations.map((directory) => path.resolve(directory)),
    namedKustomizations: lister.namedKustomizations,
  };
}

const BINARY_SNIFF_BYTES = 8192;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Turns raw bytes into text, or explains why they are not a manifest. */
export function decodeManifestBytes(bytes: Uint8Array): { text: string } | { error: string } {
  // kubectl's reader honours a UTF-16 byte-order mark (unicode.BOMOverride) and reads the text as UTF-8 after it
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (utf16) {
    try {
      return decodeManifestBytes(Buffer.from(new TextDecoder(utf16, { fatal: true }).decode(bytes.subarray(2)), 'utf8'));
    } catch {
      return { error: `not ${utf16.toUpperCase()} text, though it starts with that byte-order mark` };
    }
  }
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

/**
 * Reads a regular file to end of file, whatever size `stat` claims (files under /proc say 0).
 * Opened without blocking: a path that turned into a FIFO after it was listed is refused, never
 * waited on. Read with synchronous calls: a regular file never blocks for long, and five
 * thread-pool round trips per file cost the parse workers more than the read itself.
 */
function readRegular(file: string, maxBytes: number): Uint8Array {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (!info.isFile()) throw new StreamError('not a regular file (name it on the command line to read it as a stream)');
    if (info.size > maxBytes) throw new SizeExceeded(info.size);
    const bytes = new ByteBuffer(maxBytes, info.size + 1);
    for (;;) {
      const space = bytes.space();
      const bytesRead = readSync(fd, space, 0, space.length, null);
      if (bytesRead === 0) return bytes.bytes();
      bytes.took(bytesRead);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The first bytes of a regular file as text in which ASCII keys can be found whatever the
 * encoding: NUL bytes dropped (so UTF-16 reads as its ASCII letters) and every other byte one
 * Latin-1 character. Undefined when the file cannot be read.
 */
export async function readPrefix(file: string, bytes: number): Promise<string | undefined> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!(await handle.stat()).isFile()) return undefined;
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    // byte-order marks (UTF-8, UTF-16 either way) would hide a key at the start of a line
    return Buffer.from(buffer.subarray(0, bytesRead).filter((byte) => byte !== 0)).toString('latin1').replace(/\u00ef\u00bb\u00bf|\u00ff\u00fe|\u00fe\u00ff/g, '');
  } catch {
    return undefined;
  } finally {
    await handle?.close();
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

/** Directory entries holdsManifestFiles reads at most: it must cost nothing next to the scan it guesses for. */
const LOOK_AHEAD_ENTRIES = 2_000;

/**
 * Whether the directories among `paths` hold at least `atLeast` manifest files, by a bounded look
 * (hidden directories and node_modules skipped, symbolic links not followed) before the real walk
 * with its exclusions runs: a guess, wrong either way only in time.
 */
export function holdsManifestFiles(paths: readonly string[], atLeast: number): boolean {
  const directories = paths.filter((each) => {
    try {
      return statSync(each).isDirectory();
    } catch {
      return false;
    }
  });
  let files = 0;
  let seen = 0;
  while (directories.length > 0 && seen < LOOK_AHEAD_ENTRIES) {
    const directory = directories.shift()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      seen += 1;
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') directories.push(path.join(directory, entry.name));
      else if (entry.isFile() && MANIFEST_EXTENSIONS.has(path.extname(entry.name).toLowerCase()) && (files += 1) >= atLeast) return true;
    }
  }
  return false;
}

export interface ReadOptions {
  /** read to end of file as a stream (standard input, FIFOs and devices named on the command line) */
  stream?: boolean;
  /** how long a named FIFO may stay without a writer (default 10 s) */
  fifoWaitMs?: number;
}

export async function readManifestText(file: string, displayName: string, limits: ManifestLimits, options: ReadOptions = {}): Promise<ManifestText | InputError> {
  try {
    let bytes: Uint8Array;
    if (file === STDIN_PATH) bytes = await readStdin(limits.maxFileBytes);
    else if (options.stream) bytes = await readStreamToEnd(file, { maxBytes: limits.maxFileBytes, fifoWaitMs: options.fifoWaitMs ?? DEFAULT_FIFO_WAIT_MS });
    else bytes = readRegular(file, limits.maxFileBytes);
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
    if (error instanceof StreamError) return { source: 'file', message: error.message, location: { file: displayName } };
    return { source: 'file', message: `cannot read: ${describeFsError(error)}`, location: { file: displayName } };
  }
}
