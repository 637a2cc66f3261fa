import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_LIMITS } from './limits.js';

/**
 * The file side of `eksguard fix`: reading a manifest as the text to edit (its byte-order mark
 * kept apart, so the edit starts after it and the mark is written back) and writing the new text
 * back atomically, only inside the scanned tree and only when nobody changed the file since.
 */

const UTF8_BOM = '\ufeff';
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface EditableText {
  /** the path as reports name it */
  readonly file: string;
  /** the real file written (symbolic links resolved, inside a scanned root) */
  readonly target: string;
  /** the text after any byte-order mark: what the scan parsed */
  readonly text: string;
  readonly bom: boolean;
  /** the bytes read: the file is written only while it still holds exactly these */
  readonly bytes: Buffer;
}

function inside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * The trees a file may be edited in: each directory given, and for a file given, the directory
 * that holds it (real paths). A symbolic link named on the command line that leads elsewhere is
 * so not followed out of the tree it was found in.
 */
export async function scannedRoots(paths: readonly string[], cwd: string): Promise<string[]> {
  const roots: string[] = [];
  for (const given of paths) {
    const resolved = path.resolve(cwd, given);
    try {
      const info = await lstat(resolved);
      roots.push(await realpath(info.isDirectory() ? resolved : path.dirname(resolved)));
    } catch {
      // a path that cannot be resolved yields no file to edit
    }
  }
  return roots;
}

/** Reads a file to edit, or says why it cannot be edited. */
export async function readEditableText(file: string, options: { cwd: string; roots: readonly string[] }): Promise<EditableText | { reason: string }> {
  const resolved = path.resolve(options.cwd, file);
  let target: string;
  try {
    target = await realpath(resolved);
    if (!(await stat(target)).isFile()) return { reason: 'not a regular file' };
  } catch {
    return { reason: 'the file cannot be read any more' };
  }
  // a symbolic link that leads out of every scanned path is never written through
  if (!options.roots.some((root) => inside(root, target))) return { reason: 'a symbolic link that leads out of the scanned paths; not followed' };
  let bytes: Buffer;
  try {
    bytes = await readFile(target);
  } catch {
    return { reason: 'the file cannot be read any more' };
  }
  if (bytes.length > MANIFEST_LIMITS.maxFileBytes) return { reason: 'larger than the manifest size limit' };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return { reason: 'UTF-16 text, which eksguard does not rewrite; change it by hand' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { reason: 'not UTF-8 text' };
  }
  const bom = text.startsWith(UTF8_BOM);
  return { file, target, text: bom ? text.slice(1) : text, bom, bytes };
}

export class FileChanged extends Error {}

/**
 * Writes the new text over the file atomically: a temporary file next to it, with its
 * permissions, renamed over it. The file is compared with the bytes first read just before;
 * a file that changed since (an editor, another run) is left alone.
 */
export async function writeEditedText(original: EditableText, text: string): Promise<void> {
  const now = await readFile(original.target);
  if (!now.equals(original.bytes)) throw new FileChanged(`${original.file} changed since eksguard read it; not written (run eksguard fix again)`);
  const info = await lstat(original.target);
  const temporary = path.join(path.dirname(original.target), `.${path.basename(original.target)}.eksguard-${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, info.mode & 0o7777);
  try {
    await handle.writeFile((original.bom ? UTF8_BOM : '') + text, 'utf8');
    // the mode given to open is masked by the umask: set it as the original has it
    await handle.chmod(info.mode & 0o7777);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temporary, original.target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
