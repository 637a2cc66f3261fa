/**
 * Field paths in the one syntax every reporter, `locate()` and `eksguard fix` read:
 * `spec.containers[0].securityContext`, with a map key that holds `.`, `[`, `]` or `"` (or is
 * empty) written as a JSON string in brackets, `data["tls.key"]`, so that the path names exactly
 * one entry. Checks build paths from segments with these builders instead of joining strings, so
 * a key taken from the judged object can never change the shape of the path.
 */

declare const fieldPathBrand: unique symbol;

/** A path rendered by these builders (or the empty path, the subject's own root). */
export type FieldPath = string & { readonly [fieldPathBrand]: true };

/** A map key or field name (escaped when it needs to be), or a list index. */
export type PathSegment = string | number;

const NEEDS_BRACKETS = /[.[\]"]/;

function appendSegment(path: string, segment: PathSegment): string {
  if (typeof segment === 'number') {
    if (!Number.isSafeInteger(segment) || segment < 0) throw new RangeError(`a list index must be a non-negative integer, not ${segment}`);
    return `${path}[${segment}]`;
  }
  if (segment === '' || NEEDS_BRACKETS.test(segment)) return `${path}[${JSON.stringify(segment)}]`;
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
