import { checkTypeAndObjectMeta } from './object-meta.js';

/**
 * The objects kubectl takes from one decoded document (cli-runtime's resource builder with
 * list flattening): a document with an `items` key is a list whatever its kind, and its items
 * are the objects; an item without kind and apiVersion takes the list's kind without its `List`
 * suffix and the list's apiVersion (`kind: PodList` of bare pod specs is a list of Pods); a list
 * inside a list is an error; a document without a kind is an error.
 */

export interface TakenObject {
  raw: Record<string, unknown>;
  /** index in the list's `items`, when the document is a list */
  listIndex?: number;
}

export interface TakenObjects {
  objects: TakenObject[];
  /** problems with a field path inside the document, when there is one */
  problems: { message: string; path?: string }[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function stringField(object: Record<string, unknown>, key: string): string {
  const value = object[key];
  return typeof value === 'string' ? value : '';
}

/** Whether a document is a list to kubectl (unstructured decoding looks only for an `items` key). */
function isList(document: Record<string, unknown>): boolean {
  return Object.hasOwn(document, 'items');
}

function takeList(document: Record<string, unknown>, out: TakenObjects): void {
  const items = document['items'];
  if (items !== null && !Array.isArray(items)) {
    out.problems.push({ message: 'items must be a list', path: 'items' });
    return;
  }
  const list = items ?? [];
  const itemKind = stringField(document, 'kind').replace(/List$/, '');
  const listApiVersion = stringField(document, 'apiVersion');
  const badItem = list.findIndex((item) => item !== null && !isRecord(item));
  if (badItem >= 0) {
    out.problems.push({ message: `items[${badItem}] is not a mapping, so kubectl reads none of this list`, path: `items[${badItem}]` });
    return;
  }
  list.forEach((item, listIndex) => {
    const raw: Record<string, unknown> = isRecord(item) ? item : {};
    if (stringField(raw, 'kind') === '' && stringField(raw, 'apiVersion') === '') {
      raw['kind'] = itemKind;
      raw['apiVersion'] = listApiVersion;
    }
    if (Array.isArray(raw['items'])) {
      out.problems.push({ message: `items[${listIndex}] is itself a list, which kubectl refuses`, path: `items[${listIndex}]` });
    } else if (stringField(raw, 'kind') === '') {
      out.problems.push({ message: `items[${listIndex}] has no kind`, path: `items[${listIndex}]` });
    } else if (stringField(raw, 'apiVersion') === '') {
      out.problems.push({ message: `items[${listIndex}] has no apiVersion`, path: `items[${listIndex}]` });
    } else {
      out.objects.push({ raw, listIndex });
    }
  });
}

/**
 * The objects of one decoded document, and the problems that make kubectl refuse them.
 * `problems: false` skips looking for problems (they were reported when the document was read).
 */
export function takeObjects(document: unknown, options: { problems: boolean } = { problems: true }): TakenObjects {
  const out: TakenObjects = { objects: [], problems: [] };
  if (document === null || document === undefined) return out;
  if (!isRecord(document)) {
    out.problems.push({ message: 'document is not a Kubernetes object (expected a mapping)' });
    return out;
  }
  // kubectl refuses an object whose metadata has the wrong types: an error, but the object is still judged
  const meta = options.problems ? checkTypeAndObjectMeta(document) : undefined;
  if (meta) out.problems.push({ message: meta.message, path: meta.path });
  if (stringField(document, 'kind') === '') {
    out.problems.push({ message: 'document has no kind' });
    return out;
  }
  if (isList(document)) takeList(document, out);
  else out.objects.push({ raw: document });
  return out;
}
