/** Text helpers that reproduce upstream's detail strings exactly. */

export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** `"a", "b"`: items wrapped in double quotes without escaping, like upstream's joinQuote. */
export function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? '' : `"${items.join('", "')}"`;
}

/**
 * Byte-wise order of the UTF-8 encodings, which is Go's string order (sort.Strings,
 * sets.List). It equals code-point order; JavaScript's default sort compares UTF-16
 * units instead, which differs above U+FFFF.
 */
export function compareBytewise(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x < 0xd800 || y < 0xd800 || (x > 0xdfff && y > 0xdfff)) return x - y;
    return (a.codePointAt(i) ?? x) - (b.codePointAt(i) ?? y);
  }
  return a.length - b.length;
}

/** De-duplicated and sorted byte-wise, like upstream's sets.List(). */
export function sortedUnique(items: Iterable<string>): string[] {
  return [...new Set(items)].sort(compareBytewise);
}

/** `container "a"` or `containers "a", "b"`. */
export function containerPhrase(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}

/** `pod`, then the containers, then any extra setters (AppArmor's annotations), joined with ` and `. */
export function setterPhrase(pod: boolean, containers: readonly string[], ...extra: string[]): string {
  const setters: string[] = [];
  if (pod) setters.push('pod');
  if (containers.length > 0) setters.push(containerPhrase(containers));
  setters.push(...extra);
  return setters.join(' and ');
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

const SHORT_ESCAPES: Readonly<Record<number, string>> = {
  0x07: '\\a',
  0x08: '\\b',
  0x0c: '\\f',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x0b: '\\v',
};

/** Go's %q (strconv.Quote) for a string, as upstream prints annotation values. */
export function goQuote(value: string): string {
  let out = '"';
  for (const char of value) {
    let codePoint = char.codePointAt(0) ?? 0xfffd;
    // Go decodes a lone surrogate to U+FFFD before it ever sees the string.
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) codePoint = 0xfffd;
    if (codePoint === 0x22) out += '\\"';
    else if (codePoint === 0x5c) out += '\\\\';
    else if (PRINTABLE.test(String.fromCodePoint(codePoint))) out += String.fromCodePoint(codePoint);
    else if (SHORT_ESCAPES[codePoint] !== undefined) out += SHORT_ESCAPES[codePoint];
    else if (codePoint < 0x20 || codePoint === 0x7f) out += `\\x${hex(codePoint, 2)}`;
    else if (codePoint < 0x10000) out += `\\u${hex(codePoint, 4)}`;
    else out += `\\U${hex(codePoint, 8)}`;
  }
  return `${out}"`;
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}
