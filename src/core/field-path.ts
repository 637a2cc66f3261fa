/**
 * Field paths in the one syntax every reporter, `locate()` and `eksguard fix` read:
 * `spec.containers[0].securityContext`, with a map key that holds `.`, `[`, `]` or `"` (or is
 * empty) written as a JSON string in brackets, `data["tls.key"]`, so that the path names exactly
 * one entry. An element of a list that AWS keys by an ID names that ID, not its position (which
 * changes between calls): `SecurityGroups[GroupId="sg-0abc"].IpPermissions`, the form of the
 * associative-list keys of Kubernetes server-side apply (`containers[name="web"]`). Checks build
 * paths from segments with these builders instead of joining strings, so a key taken from the
 * judged object can never change the shape of the path; parseFieldPath reads them back.
 */

declare const fieldPathBrand: unique symbol;

/** A path rendered by these builders (or the empty path, the subject's own root). */
export type FieldPath = string & { readonly [fieldPathBrand]: true };

/** The element of a list whose field `field` holds `value`: build it with listItem(). */
export interface ListItemKey {
  readonly field: string;
  readonly value: string;
}

/** A map key or field name (escaped when it needs to be), a list index, or a list element by its key. */
export type PathSegment = string | number | ListItemKey;

/** A key field is a plain name, as the API spells it (`GroupId`, `name`): never taken from the judged object. */
const KEY_FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The element of a list whose `field` holds `value`: `fieldPath('SecurityGroups', listItem('GroupId', id))`. */
export function listItem(field: string, value: string): ListItemKey {
  if (!KEY_FIELD.test(field)) throw new RangeError(`a list key field must be a plain name, not ${JSON.stringify(field)}`);
  return { field, value };
}

/** `[0]` to `[63]`: list positions a path names again and again, rendered once */
const INDEX_SEGMENTS = Array.from({ length: 64 }, (_, index) => `[${index}]`);

/** Whether a key must be written as a JSON string in brackets: it is empty or holds `.`, `[`, `]` or `"`. */
function needsBrackets(key: string): boolean {
  if (key === '') return true;
  for (let at = 0; at < key.length; at += 1) {
    const code = key.charCodeAt(at);
    if (code === 46 || code === 91 || code === 93 || code === 34) return true;
  }
  return false;
}

function appendSegment(path: string, segment: PathSegment): string {
  if (typeof segment === 'object') return `${path}[${segment.field}=${JSON.stringify(segment.value)}]`;
  if (typeof segment === 'number') {
    if (!Number.isSafeInteger(segment) || segment < 0) throw new RangeError(`a list index must be a non-negative integer, not ${segment}`);
    return path + (INDEX_SEGMENTS[segment] ?? `[${segment}]`);
  }
  if (needsBrackets(segment)) return `${path}[${JSON.stringify(segment)}]`;
  return path === '' ? segment : `${path}.${segment}`;
}

/** A path from the subject's root: `fieldPath('spec', 'containers', 0, 'image')` is `spec.containers[0].image`. */
export function fieldPath(...segments: readonly PathSegment[]): FieldPath {
  return childPath(ROOT, ...segments);
}

/** A path below one already built: `childPath(container.path, 'env', 2, 'value')`. */
export function childPath(base: FieldPath, ...segments: readonly PathSegment[]): FieldPath {
  let path: string = base;
  for (const segment of segments) path = appendSegment(path, segment);
  return path as FieldPath;
}

/** One rendered path below another (`spec.template` and `metadata.annotations`); either may be the root. */
export function joinPaths(base: FieldPath, rest: FieldPath): FieldPath {
  if (base === '') return rest;
  if (rest === '') return base;
  return (rest.startsWith('[') ? `${base}${rest}` : `${base}.${rest}`) as FieldPath;
}

/** The subject's root (the empty path). */
export const ROOT = '' as FieldPath;

const SEGMENT = /\.?([^.[\]"]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\[([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*")\]/y;

/**
 * The segments of a path these builders rendered: `SecurityGroups[GroupId="sg-1"].IpPermissions`
 * is `['SecurityGroups', { field: 'GroupId', value: 'sg-1' }, 'IpPermissions']`. Returns undefined
 * for text that is not such a path (free text, a path joined by hand).
 */
export function parseFieldPath(path: string): PathSegment[] | undefined {
  const segments: PathSegment[] = [];
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < path.length) {
    const start = SEGMENT.lastIndex;
    const match = SEGMENT.exec(path);
    // a name follows nothing or another segment after a dot; the first segment has no dot
    if (!match || (match[1] !== undefined && (start === 0) === path.startsWith('.', start))) return undefined;
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) {
      const index = Number(match[2]);
      if (!Number.isSafeInteger(index)) return undefined;
      segments.push(index);
    } else {
      const text = jsonString(match[3] ?? match[5]!);
      if (text === undefined) return undefined;
      segments.push(match[3] !== undefined ? text : { field: match[4]!, value: text });
    }
  }
  return segments;
}

function jsonString(quoted: string): string | undefined {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return undefined;
  }
}
