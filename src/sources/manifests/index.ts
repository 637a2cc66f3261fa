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
}

function takeResult(result: ParseResult, displayName: string, kube: KubeObject[], errors: InputError[]): void {
  if ('error' in result) {
    errors.push(result.error);
    return;
  }
  const parsed = objectsOfDocuments(result.parsed, displayName);
  for (const object of parsed.objects) kube.push(object);
  for (const error of parsed.errors) errors.push(error);
}

async function parseInProcess(file: string, displayName: string, limits: ManifestLimits): Promise<ParseResult> {
  const read = await readManifestText(file, displayName, limits);
  return 'message' in read ? { error: read } : { parsed: parseDocuments({ text: read.text, file: read.file, limits }) };
}

/** Reads manifest files, directories and stdin into an inventory; unreadable input becomes an error entry, never an exception. */
export async function collectManifests(options: ManifestSourceOptions): Promise<Inventory> {
  const limits = options.limits ?? MANIFEST_LIMITS;
  const { files, errors } = await listManifestFiles(options.paths, limits);
  const kube: KubeObject[] = [];
  const allErrors: InputError[] = errors.map((error) => ({
    ...error,
    ...(error.location ? { location: { ...error.location, file: displayPath(error.location.file, options.cwd) } } : {}),
  }));
  const entries = files.map((file) => ({ file, displayName: displayPath(file, options.cwd) }));
  const parseHere = (entry: FileEntry): Promise<ParseResult> => parseInProcess(entry.file, entry.displayName, limits);
  const useWorkers = (options.workers ?? true) && workersAvailable() && entries.length >= MIN_FILES_FOR_WORKERS && !files.includes(STDIN_PATH);
  if (useWorkers) {
    const results = await parseFiles(entries, limits, parseHere);
    results.forEach((result, index) => takeResult(result, entries[index]!.displayName, kube, allErrors));
  } else {
    for (const entry of entries) takeResult(await parseHere(entry), entry.displayName, kube, allErrors);
  }
  return createInventory({ kube, errors: allErrors });
}
