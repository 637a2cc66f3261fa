/**
 * Path globs for `--exclude` and `exclude:`, matched without backtracking.
 *
 * Syntax: `*` is any run of characters inside one path segment, `?` one character other than
 * `/`, and `**` as a whole segment any number of segments (zero included). Everything else is
 * literal. A pattern without `/` names a file or directory at any depth (`*.json`, `charts`); a
 * pattern with `/` is matched from the start of the path (`deploy/dev/**`). A leading `./` or `/`
 * is ignored; a trailing `/` limits the pattern to directories. A path is left out when the
 * pattern matches it or any directory above it.
 *
 * Matching places each `*`-separated piece (and each `**`-separated group of segments) at its
 * leftmost possible position: for wildcards that absorb anything, the leftmost placement never
 * loses a match, so no choice is ever revisited. The cost is at most path length × pattern
 * length, whatever the pattern, where a backtracking matcher is exponential in the stars.
 */

/** One path segment's pattern, split at its stars: `a*b?c` is `['a', 'b?c']`. */
type SegmentPattern = readonly string[];

export interface PathGlob {
  readonly source: string;
  readonly directoryOnly: boolean;
  /**
   * The segment patterns between `**`s: the first group is anchored at the start of the path, the
   * last at its end (an empty group, from a leading or trailing `**`, anchors nothing). Compiled
   * patterns always end in `**`: leaving out a directory leaves out what it holds.
   */
  readonly groups: readonly (readonly SegmentPattern[])[];
}

/** Patterns longer than this are refused: real excludes are short, and the cost grows with the length. */
export const MAX_PATH_GLOB_LENGTH = 1024;

export function pathGlobProblem(pattern: string): string | undefined {
  if (pattern.trim() === '') return 'a pattern must not be empty';
  if (pattern.length > MAX_PATH_GLOB_LENGTH) return `a pattern must be at most ${MAX_PATH_GLOB_LENGTH} characters`;
  if (pattern.includes('\0')) return 'a pattern must not contain NUL';
  const segments = normalise(pattern).segments;
  if (segments.length === 0) return 'a pattern must name a path';
  if (segments.some((segment) => segment === '..')) return 'a pattern must not contain ..';
  return undefined;
}

function normalise(pattern: string): { segments: string[]; directoryOnly: boolean } {
  let text = pattern.trim().replace(/\\/g, '/');
  const directoryOnly = text.endsWith('/');
  while (text.startsWith('./')) text = text.slice(2);
  const segments = text.split('/').filter((segment) => segment !== '' && segment !== '.');
  return { segments, directoryOnly };
}

/** Compiles a pattern; call pathGlobProblem first for patterns that come from the user. */
export function compilePathGlob(pattern: string): PathGlob {
  const { segments, directoryOnly } = normalise(pattern);
  const anchored = pattern.trim().replace(/\\/g, '/').replace(/\/+$/, '').includes('/');
  const groups: SegmentPattern[][] = [[]];
  let previous: string | undefined;
  // a trailing `**` makes a match of the pattern also a match of everything under it
  for (const segment of [...(anchored ? segments : ['**', ...segments]), '**']) {
    // `**/**` is one `**`
    if (segment === '**' && previous !== '**') groups.push([]);
    else if (segment !== '**') groups[groups.length - 1]!.push(segment.split(/\*+/));
    previous = segment;
  }
  return { source: pattern, directoryOnly, groups };
}

function pieceMatchesAt(piece: string, text: string, at: number): boolean {
  if (at + piece.length > text.length) return false;
  for (let i = 0; i < piece.length; i += 1) {
    const expected = piece.charCodeAt(i);
    if (expected !== 63 /* ? */ && expected !== text.charCodeAt(at + i)) return false;
  }
  return true;
}

function findPiece(piece: string, text: string, from: number, limit: number): number {
  for (let at = from; at + piece.length <= limit; at += 1) if (pieceMatchesAt(piece, text, at)) return at;
  return -1;
}

/** One segment against one name: the first piece at the start, the last at the end, the others leftmost between. */
export function segmentMatches(pieces: readonly string[], name: string): boolean {
  if (pieces.length === 1) return pieces[0]!.length === name.length && pieceMatchesAt(pieces[0]!, name, 0);
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  if (first.length + last.length > name.length) return false;
  if (!pieceMatchesAt(first, name, 0) || !pieceMatchesAt(last, name, name.length - last.length)) return false;
  let position = first.length;
  const end = name.length - last.length;
  for (let i = 1; i < pieces.length - 1; i += 1) {
    const piece = pieces[i]!;
    if (piece === '') continue;
    const found = findPiece(piece, name, position, end);
    if (found < 0) return false;
    position = found + piece.length;
  }
  return true;
}

function groupMatchesAt(group: readonly SegmentPattern[], names: readonly string[], at: number): boolean {
  if (at + group.length > names.length) return false;
  for (let i = 0; i < group.length; i += 1) {
    if (!segmentMatches(group[i]!, names[at + i]!)) return false;
  }
  return true;
}

/** Whether the glob matches exactly this path (segments already split). */
function matchesSegments(glob: PathGlob, names: readonly string[]): boolean {
  const { groups } = glob;
  if (groups.length === 1) return groups[0]!.length === names.length && groupMatchesAt(groups[0]!, names, 0);
  const first = groups[0]!;
  const last = groups[groups.length - 1]!;
  if (first.length + last.length > names.length) return false;
  if (!groupMatchesAt(first, names, 0) || !groupMatchesAt(last, names, names.length - last.length)) return false;
  let position = first.length;
  const end = names.length - last.length;
  for (let i = 1; i < groups.length - 1; i += 1) {
    const group = groups[i]!;
    let found = -1;
    for (let at = position; at + group.length <= end; at += 1) {
      if (groupMatchesAt(group, names, at)) {
        found = at;
        break;
      }
    }
    if (found < 0) return false;
    position = found + group.length;
  }
  return true;
}

/**
 * Whether a `/`-separated relative path is left out by the glob: the glob matches the path itself
 * (a directory-only glob only when `isDirectory`) or one of the directories above it.
 */
export function pathGlobMatches(glob: PathGlob, relativePath: string, isDirectory: boolean): boolean {
  const names = relativePath.split('/').filter((name) => name !== '' && name !== '.');
  // the compiled groups end in `**`, so one match covers the path and every directory above it
  if (glob.directoryOnly && !isDirectory) return names.length > 1 && matchesSegments(glob, names.slice(0, -1));
  return names.length > 0 && matchesSegments(glob, names);
}
