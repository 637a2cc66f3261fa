/**
 * IAM wildcard patterns (`*` any run of characters, `?` exactly one) compared with each other.
 * The evaluator asks two questions of a statement's pattern P and a request's pattern Q (a
 * concrete ARN, or a pattern that stands for "every secret of the account"):
 *
 * - does P cover Q: is every string Q matches also matched by P? `*` covers everything;
 *   `arn:aws:s3:::*` covers `arn:aws:s3:::*` and `arn:aws:s3:::bucket/key`;
 *   `arn:aws:s3:::bucket/*` does not cover `arn:aws:s3:::*`.
 * - do P and Q intersect: is some string matched by both?
 *
 * Coverage is decided by matching P against Q read as a string in which Q's own wildcards are
 * characters that only P's wildcards can consume (Q's `*` only by P's `*`; Q's `?` by P's `?`
 * or `*`). P split on `*` into segments placed left to right at their leftmost fit is exact for
 * this, as for plain glob matching, and never backtracks. Intersection is a dynamic programme
 * over both patterns (bounded: IAM patterns are at most a few thousand characters).
 *
 * Actions compare case-insensitively (IAM does); resources as written.
 */

const STAR = 42; // '*'
const QUESTION = 63; // '?'

/** Whether P's character `p` can stand for Q's token `q` in every string Q's token matches. */
function coversChar(p: number, q: number): boolean {
  if (q === STAR) return false;
  if (p === QUESTION) return true;
  return p === q && q !== QUESTION;
}

function segmentCoversAt(segment: string, query: string, at: number): boolean {
  if (at < 0 || at + segment.length > query.length) return false;
  for (let i = 0; i < segment.length; i++) if (!coversChar(segment.charCodeAt(i), query.charCodeAt(at + i))) return false;
  return true;
}

function indexOfCovering(segment: string, query: string, from: number, end: number): number {
  for (let at = from; at + segment.length <= end; at++) if (segmentCoversAt(segment, query, at)) return at;
  return -1;
}

/** Whether every string matched by `query` is matched by `pattern` (both IAM wildcard patterns, compared as written). */
export function patternCovers(pattern: string, query: string): boolean {
  if (pattern === '*') return true;
  if (pattern === query) return true;
  const segments = pattern.split('*');
  if (segments.length === 1) return query.length === pattern.length && segmentCoversAt(pattern, query, 0);
  const first = segments[0]!;
  const last = segments[segments.length - 1]!;
  if (!segmentCoversAt(first, query, 0)) return false;
  const end = query.length - last.length;
  if (end < first.length || !segmentCoversAt(last, query, end)) return false;
  let position = first.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const segment = segments[i]!;
    if (segment === '') continue;
    const found = indexOfCovering(segment, query, position, end);
    if (found === -1) return false;
    position = found + segment.length;
  }
  return true;
}

/** Longest pattern pair compared for intersection; longer ones are treated as intersecting (the safe answer for a Deny). */
const MAX_INTERSECT_CELLS = 4_000_000;

/** Whether some string is matched by both patterns. */
export function patternsIntersect(a: string, b: string): boolean {
  if (a === '*' || b === '*' || a === b) return true;
  if (!a.includes('*') && !a.includes('?')) return patternCovers(b, a);
  if (!b.includes('*') && !b.includes('?')) return patternCovers(a, b);
  if ((a.length + 1) * (b.length + 1) > MAX_INTERSECT_CELLS) return true;
  // reachable[i][j]: a[0..i) and b[0..j) can both produce one common prefix
  const width = b.length + 1;
  const reachable = new Uint8Array((a.length + 1) * width);
  reachable[0] = 1;
  for (let i = 0; i <= a.length; i++) {
    for (let j = 0; j <= b.length; j++) {
      if (!reachable[i * width + j]) continue;
      const ca = i < a.length ? a.charCodeAt(i) : -1;
      const cb = j < b.length ? b.charCodeAt(j) : -1;
      // a star may stand for nothing
      if (ca === STAR) reachable[(i + 1) * width + j] = 1;
      if (cb === STAR) reachable[i * width + j + 1] = 1;
      if (ca === -1 || cb === -1) continue;
      if (ca === STAR && cb === STAR) {
        reachable[(i + 1) * width + j + 1] = 1;
      } else if (ca === STAR) {
        // a's star absorbs the one character b's token produces
        reachable[i * width + j + 1] = 1;
      } else if (cb === STAR) {
        reachable[(i + 1) * width + j] = 1;
      } else if (ca === QUESTION || cb === QUESTION || ca === cb) {
        reachable[(i + 1) * width + j + 1] = 1;
      }
    }
  }
  return reachable[a.length * width + b.length] === 1;
}

/** Action names compare case-insensitively. */
export function actionCovers(pattern: string, action: string): boolean {
  return patternCovers(pattern.toLowerCase(), action.toLowerCase());
}

export function actionsIntersect(pattern: string, action: string): boolean {
  return patternsIntersect(pattern.toLowerCase(), action.toLowerCase());
}

