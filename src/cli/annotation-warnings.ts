import type { KubeObject } from '../core/inventory.js';
import { suggestion } from '../core/suggest.js';
import { ignoreAnnotationProblems } from '../core/suppression.js';
import type { InputError } from '../core/types.js';
import { keyPath, record, stringMap } from '../k8s/fields.js';
import { toWorkload } from '../k8s/workload.js';

/** At most this many warnings: a cluster dump with the same typo on every pod needs only the first. */
const MAX_WARNINGS = 200;

function describe(object: KubeObject): string {
  return `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name}`;
}

/** A quick look for the annotation prefix anywhere in the object's metadata or pod template, before anything is built. */
function mentionsIgnore(object: KubeObject): boolean {
  const workload = toWorkload(object);
  const maps = [record(record(object.raw['metadata'])['annotations']), ...(workload ? [record(workload.metadata['annotations'])] : [])];
  return maps.some((map) => Object.keys(map).some((key) => key.startsWith('eksguard.io/ignore')));
}

/**
 * Warnings for the `eksguard.io/ignore.<ID>` annotations of the inventory, on objects and on
 * pod templates (which suppress too), that cannot suppress anything: a misspelt check ID (with
 * the nearest real one) or an empty reason. Each points at the annotation's line.
 */
export function annotationWarnings(objects: readonly KubeObject[], checkIds: readonly string[]): InputError[] {
  const known = new Set(checkIds);
  const suggest = (id: string) => suggestion(id, checkIds);
  const out: InputError[] = [];
  for (const object of objects) {
    if (!mentionsIgnore(object)) continue;
    const places: { prefix: string; annotations: Record<string, string> }[] = [{ prefix: 'metadata.annotations', annotations: stringMap(record(object.raw['metadata'])['annotations']) }];
    const workload = toWorkload(object);
    if (workload && workload.specPath !== 'spec') places.push({ prefix: workload.specPath.replace(/spec$/, 'metadata.annotations'), annotations: workload.annotations });
    for (const place of places) {
      for (const problem of ignoreAnnotationProblems(place.annotations, known, suggest)) {
        const location = object.provenance.locateField?.(keyPath(place.prefix, problem.annotation)) ?? object.provenance.location;
        out.push({ source: 'annotation', message: `${describe(object)}: ${problem.message}`, ...(location ? { location } : {}) });
        if (out.length >= MAX_WARNINGS) return out;
      }
    }
  }
  return out;
}
