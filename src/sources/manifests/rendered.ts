import type { KubeObject } from '../../core/inventory.js';
import type { InputError } from '../../core/types.js';
import type { RenderedFile, RenderedSource } from '../render/index.js';
import type { ManifestLimits } from './limits.js';
import { objectsOfDocuments, parseDocuments, type ParsedDocuments } from './parse-documents.js';

export interface RenderedObjects {
  objects: KubeObject[];
  errors: InputError[];
}

/**
 * An error in an overlay's output points at the file its object came from (the document the
 * error's line falls in), as the object's findings do; the output itself is no repository file.
 */
function remapErrors(file: RenderedFile, parsed: ParsedDocuments): InputError[] {
  const origins = file.origins;
  if (!origins) return parsed.errors;
  const starts = parsed.documents.map((document) => ({ line: document.line, origin: origins.get(document.value as object) }));
  return parsed.errors.map((error) => {
    const line = error.location?.line;
    if (line === undefined) return error;
    let owner: (typeof starts)[number] | undefined;
    for (const start of starts) if (start.line <= line) owner = start;
    const location = owner?.origin?.location ?? { file: file.file };
    return { ...error, location };
  });
}

/**
 * The objects of one rendered chart or overlay, as one source: objects that set no namespace
 * take the chart's namespace (its release namespace, assumed when nobody said it) or
 * `--namespace`, and are otherwise placed together only with the objects of this source.
 */
export function objectsOfRendered(source: RenderedSource, options: { limits: ManifestLimits; namespace?: string }): RenderedObjects {
  const out: RenderedObjects = { objects: [], errors: [...source.errors] };
  const namespace = source.namespace ?? options.namespace;
  for (const file of source.files) {
    const parsed = file.parsed ?? parseDocuments({ text: file.text, file: file.file, limits: options.limits });
    const taken = objectsOfDocuments(parsed, file.file, {
      id: source.id,
      file: source.file,
      ...(namespace !== undefined ? { namespace } : {}),
      ...(source.assumedNamespace ? { assumed: true } : {}),
      ...(file.origins ? { origins: file.origins } : {}),
      rendered: source.kind,
    });
    out.objects.push(...taken.objects);
    out.errors.push(...(file.origins ? remapErrors(file, { ...parsed, errors: taken.errors }) : taken.errors));
  }
  return out;
}
