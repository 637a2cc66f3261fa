import { createInventory, type Inventory, type KubeObject } from '../../core/inventory.js';
import type { InputError } from '../../core/types.js';
import { MANIFEST_LIMITS, type ManifestLimits } from './limits.js';
import { objectsOfDocuments, parseDocuments } from './parse-documents.js';
import { MIN_FILES_FOR_WORKERS, parseFiles, workersAvailable, type FileEntry, type ParseResult } from './parse-pool.js';
import { displayPath, listManifestFiles, readManifestText, STDIN_PATH } from './read-files.js';

export { MANIFEST_LIMITS, type ManifestLimits } from './limits.js';
export { parseManifestText } from './parse-documents.js';

export interface ManifestSourceOptions {
  paths: readonly string[];
  cwd: string;
  limits?: ManifestLimits;
  /** parse on worker threads when the package is built and there are enough files (default true) */
  workers?: boolean;
  /** called with each file's objects, in file order, as soon as they are read: evaluation can start before the last file is in */
  onObjects?: (objects: readonly KubeObject[]) => void;
}

interface Collected {
  kube: KubeObject[];
  errors: InputError[];
  onObjects?: ((objects: readonly KubeObject[]) => void) | undefined;
}

function takeResult(result: ParseResult, displayName: string, into: Collected): void {
  if ('error' in result) {
    into.errors.push(result.error);
    return;
  }
  const parsed = objectsOfDocuments(result.parsed, displayName);
  for (const object of parsed.objects) into.kube.push(object);
  for (const error of parsed.errors) into.errors.push(error);
  into.onObjects?.(parsed.objects);
}

async function parseInProcess(file: string, displayName: string, limits: ManifestLimits): Promise<ParseResult> {
  const read = await readManifestText(file, displayName, limits);
  return 'message' in read ? { error: read } : { parsed: parseDocuments({ text: read.text, file: read.file, limits }) };
}

/** Reads manifest files, directories and stdin into an inventory; unreadable input becomes an error entry, never an exception. */
export async function collectManifests(options: ManifestSourceOptions): Promise<Inventory> {
  const limits = options.limits ?? MANIFEST_LIMITS;
  const { files, errors } = await listManifestFiles(options.paths, limits);
  const collected: Collected = {
    kube: [],
    errors: errors.map((error) => ({
      ...error,
      ...(error.location ? { location: { ...error.location, file: displayPath(error.location.file, options.cwd) } } : {}),
    })),
    onObjects: options.onObjects,
  };
  const entries = files.map((file) => ({ file, displayName: displayPath(file, options.cwd) }));
  const parseHere = (entry: FileEntry): Promise<ParseResult> => parseInProcess(entry.file, entry.displayName, limits);
  const useWorkers = (options.workers ?? true) && workersAvailable() && entries.length >= MIN_FILES_FOR_WORKERS && !files.includes(STDIN_PATH);
  if (useWorkers) {
    await parseFiles(entries, limits, parseHere, { onResult: (result, index) => takeResult(result, entries[index]!.displayName, collected) });
  } else {
    for (const entry of entries) takeResult(await parseHere(entry), entry.displayName, collected);
  }
  return createInventory({ kube: collected.kube, errors: collected.errors });
}
