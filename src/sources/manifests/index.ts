import { createInventory, type Inventory, type KubeObject } from '../../core/inventory.js';
import type { InputError } from '../../core/types.js';
import { MANIFEST_LIMITS, type ManifestLimits } from './limits.js';
import { parseManifestText } from './parse-documents.js';
import { displayPath, listManifestFiles, readManifestText } from './read-files.js';

export { MANIFEST_LIMITS, type ManifestLimits } from './limits.js';
export { parseManifestText } from './parse-documents.js';

export interface ManifestSourceOptions {
  paths: readonly string[];
  cwd: string;
  limits?: ManifestLimits;
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
  for (const file of files) {
    const read = await readManifestText(file, displayPath(file, options.cwd), limits);
    if ('message' in read) {
      allErrors.push(read);
      continue;
    }
    const parsed = parseManifestText({ text: read.text, file: read.file, limits });
    for (const object of parsed.objects) kube.push(object);
    for (const error of parsed.errors) allErrors.push(error);
  }
  return createInventory({ kube, errors: allErrors });
}
