/**
 * Wildcard matching without backtracking. A regular expression built from `a*b*c` backtracks:
 * `*-*-*-*-canary` against a 253-character name took seconds, and every added star multiplies
 * the work. Here a pattern is split on `*` into literal segments: the first must be a prefix,
 * the last a suffix, and each one between is found left to right at its leftmost place. Taking
 * the leftmost place is never wrong (it leaves the most room for the segments after it), so
 * nothing is ever retried and a match costs one pass over the value per segment at most,
 * through the engine's linear substring search.
 */

/** A pattern split once; `segments.length - 1` is the number of stars. */
interface CompiledGlob {
  readonly segments: readonly string[];
  /** characters the segments need in total: a shorter value can never match */
  readonly minLength: number;
  /** `?` stands for one character (IAM StringLike); otherwise it is literal */
  readonly single: boolean;
  /** for segments with `?`: their bit masks, built on first use */
  readonly searchers: Map<number, Searcher>;
}

/**
 * Shift-And (bitap) search for a segment with `?`: one pass over the value, a few machine
 * words of state per character, so a `?` pattern is as linear as a literal one.
 */
interface Searcher {
  readonly length: number;
  readonly words: number;
  /** bits of the `?` positions: the mask of a character the segment does not contain */
  readonly any: Uint32Array;
  readonly byChar: ReadonlyMap<number, Uint32Array>;
}

function searcherFor(segment: string): Searcher {
  const words = Math.ceil(segment.length / 32);
  const any = new Uint32Array(words);
  for (let i = 0; i < segment.length; i++) if (segment.charCodeAt(i) === 63) any[i >>> 5]! |= 1 << (i & 31);
  const byChar = new Map<number, Uint32Array>();
  for (let i = 0; i < segment.length; i++) {
    const code = segment.charCodeAt(i);
    if (code === 63) continue;
    let mask = byChar.get(code);
    if (!mask) {
      mask = Uint32Array.from(any);
      byChar.set(code, mask);
    }
    mask[i >>> 5]! |= 1 << (i & 31);
  }
  return { length: segment.length, words, any, byChar };
}

function bitapIndexOf(searcher: Searcher, value: string, from: number): number {
  const { length, words, any, byChar } = searcher;
  const state = new Uint32Array(words);
  const last = words - 1;
  const found = 1 << ((length - 1) & 31);
  for (let i = from; i < value.length; i++) {
    const mask = byChar.get(value.charCodeAt(i)) ?? any;
    let carry = 1;
    for (let w = 0; w < words; w++) {
      const previous = state[w]!;
      state[w] = ((previous << 1) | carry) & mask[w]!;
      carry = previous >>> 31;
    }
    if ((state[last]! & found) !== 0) return i - length + 1;
  }
  return -1;
}

export interface GlobOptions {
  /** treat `?` as exactly one character, as IAM's StringLike does (default: `?` is literal) */
  questionMark?: boolean;
}

const CACHE_LIMIT = 4096;
const caches = { plain: new Map<string, CompiledGlob>(), single: new Map<string, CompiledGlob>() };

function compile(pattern: string, single: boolean): CompiledGlob {
  const cache = single ? caches.single : caches.plain;
  let compiled = cache.get(pattern);
  if (!compiled) {
    const segments = pattern.split('*');
    compiled = { segments, minLength: segments.reduce((sum, segment) => sum + segment.length, 0), single: single && pattern.includes('?'), searchers: new Map() };
    // patterns come from config files and policies: a handful, but never let the cache grow without bound
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pattern, compiled);
  }
  return compiled;
}

/** Whether `segment` (with `?` as any one character) matches `value` at `at`. */
function segmentAt(segment: string, value: string, at: number): boolean {
  for (let i = 0; i < segment.length; i++) {
    const code = segment.charCodeAt(i);
    if (code !== 63 /* ? */ && code !== value.charCodeAt(at + i)) return false;
  }
  return true;
}

/** The leftmost index at or after `from` where segment `index` matches, or -1. */
function indexOfSegment(glob: CompiledGlob, index: number, value: string, from: number): number {
  const segment = glob.segments[index]!;
  if (!glob.single || !segment.includes('?')) return value.indexOf(segment, from);
  let searcher = glob.searchers.get(index);
  if (!searcher) {
    searcher = searcherFor(segment);
    glob.searchers.set(index, searcher);
  }
  return bitapIndexOf(searcher, value, from);
}

function startsWithSegment(segment: string, value: string, at: number, single: boolean): boolean {
  if (at < 0 || at + segment.length > value.length) return false;
  return single ? segmentAt(segment, value, at) : value.startsWith(segment, at);
}

/**
 * Whether `value` matches `pattern`, where `*` matches any run of characters (line breaks
 * included) and every other character matches itself. Linear in the length of the value
 * for each segment of the pattern, whatever the pattern.
 */
export function globMatches(pattern: string, value: string, options: GlobOptions = {}): boolean {
  const glob = compile(pattern, options.questionMark === true);
  const { segments, minLength, single } = glob;
  if (segments.length === 1) return value.length === pattern.length && startsWithSegment(pattern, value, 0, single);
  if (value.length < minLength) return false;
  const first = segments[0]!;
  const last = segments[segments.length - 1]!;
  if (!startsWithSegment(first, value, 0, single)) return false;
  // the suffix is fixed: the middle segments must fit between the prefix and it
  const end = value.length - last.length;
  if (!startsWithSegment(last, value, end, single)) return false;
  let position = first.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const segment = segments[i]!;
    if (segment === '') continue;
    const found = indexOfSegment(glob, i, value, position);
    if (found === -1 || found + segment.length > end) return false;
    position = found + segment.length;
  }
  return true;
}
