/**
 * Scalars as Kubernetes reads them. kubectl, Helm, Argo CD and Flux decode YAML with
 * `sigs.k8s.io/yaml`, which resolves scalars with go-yaml v2 (`go.yaml.in/yaml/v2`, resolve.go):
 * YAML 1.1 booleans (`yes`, `on`, `n`, …), Go's integer syntax after removing every `_` (`0777`
 * is octal, `0x_1` is 1, `+_1` is 1), Go's float syntax, and no base-60 numbers. The JSON that
 * sigs.k8s.io/yaml then writes turns map keys into strings (a float key with float32 precision)
 * and cannot hold NaN or infinities. This module is that resolution, line by line.
 */

export class YamlRefusal extends Error {}

export const YAML_STR_TAG = 'tag:yaml.org,2002:str';
const YAML_INT_TAG = 'tag:yaml.org,2002:int';
const YAML_FLOAT_TAG = 'tag:yaml.org,2002:float';
const YAML_BOOL_TAG = 'tag:yaml.org,2002:bool';
const YAML_NULL_TAG = 'tag:yaml.org,2002:null';
const YAML_TIMESTAMP_TAG = 'tag:yaml.org,2002:timestamp';
const YAML_BINARY_TAG = 'tag:yaml.org,2002:binary';
export const YAML_MERGE_TAG = 'tag:yaml.org,2002:merge';

/** The Go type a scalar resolves to: map keys of different types never merge into one key. */
export type GoKind = 'null' | 'bool' | 'int' | 'float' | 'str' | 'merge';

interface Resolved {
  kind: GoKind;
  /** the JSON value (floats may be NaN or infinite here; JSON output refuses them) */
  value: null | boolean | number | string;
  /** exact decimal text of an integer (beyond 2^53 a number loses digits; map keys must not) */
  integer?: bigint;
}

const NULL: Resolved = { kind: 'null', value: null };
const TRUE: Resolved = { kind: 'bool', value: true };
const FALSE: Resolved = { kind: 'bool', value: false };

const RESOLVE_MAP = new Map<string, Resolved>();
for (const [resolved, words] of [
  [TRUE, ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']],
  [FALSE, ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']],
  [NULL, ['', '~', 'null', 'Null', 'NULL']],
  [{ kind: 'float', value: Number.NaN }, ['.nan', '.NaN', '.NAN']],
  [{ kind: 'float', value: Number.POSITIVE_INFINITY }, ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']],
  [{ kind: 'float', value: Number.NEGATIVE_INFINITY }, ['-.inf', '-.Inf', '-.INF']],
  [{ kind: 'merge', value: '<<' }, ['<<']],
] as const) {
  for (const word of words) RESOLVE_MAP.set(word, resolved);
}

type Hint = 'M' | 'S' | 'D' | '.';

/** resolve.go's resolveTable: which first characters can start anything but a string. */
const HINTS: (Hint | undefined)[] = new Array<Hint | undefined>(128).fill(undefined);
for (const char of 'yYnNtTfFoO~') HINTS[char.charCodeAt(0)] = 'M';
for (const char of '0123456789') HINTS[char.charCodeAt(0)] = 'D';
HINTS[43] = 'S';
HINTS[45] = 'S';
HINTS[46] = '.';

function hintOf(raw: string): Hint | undefined {
  if (raw === '') return 'M';
  const code = raw.charCodeAt(0);
  return code < 128 ? HINTS[code] : undefined;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Go's strconv.ParseUint(s, 0, 64) on a string without underscores; undefined when Go fails. */
function parseGoUnsigned(s: string): bigint | undefined {
  if (s === '') return undefined;
  let base = 10;
  let digits = s;
  if (s.charCodeAt(0) === 48) {
    const prefix = s.length >= 3 ? s[1]!.toLowerCase() : '';
    if (prefix === 'b') base = 2;
    else if (prefix === 'o') base = 8;
    else if (prefix === 'x') base = 16;
    else base = 8;
    digits = base === 8 && prefix !== 'o' ? s.slice(1) : s.slice(2);
  }
  // validate before any BigInt: most digit-led scalars are not numbers (100m, 1.27, 10.0.0.0/8)
  for (let at = 0; at < digits.length; at += 1) {
    const digit = digitValue(digits[at]!);
    if (digit === undefined || digit >= base) return undefined;
  }
  let value = 0n;
  const bigBase = BigInt(base);
  for (const char of digits) value = value * bigBase + BigInt(digitValue(char)!);
  return value <= UINT64_MAX ? value : undefined;
}

function digitValue(char: string): number | undefined {
  const code = char.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  return code >= 65 && lower >= 97 && lower <= 122 ? lower - 87 : undefined;
}

/** Go's strconv.ParseInt(s, 0, 64); undefined when Go fails (syntax or range). */
function parseGoSigned(s: string): bigint | undefined {
  const sign = s[0];
  const negative = sign === '-';
  const magnitude = parseGoUnsigned(sign === '+' || sign === '-' ? s.slice(1) : s);
  if (magnitude === undefined) return undefined;
  const value = negative ? -magnitude : magnitude;
  return value >= INT64_MIN && value <= INT64_MAX ? value : undefined;
}

/** resolve.go's yamlStyleFloat. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Go's decimal float literal with underscores only between digits (strconv's underscoreOK). */
const GO_DECIMAL_FLOAT = /^[-+]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][-+]?[0-9](?:_?[0-9])*)?$/;

/** A finite float from Go's strconv.ParseFloat(s, 64) for the decimal forms resolve.go can reach; Go fails on overflow. */
function parseGoFloat(s: string, syntax: RegExp): number | undefined {
  if (!syntax.test(s)) return undefined;
  const value = Number(s.replaceAll('_', ''));
  return Number.isFinite(value) ? value : undefined;
}

/** `0` or a decimal without a leading zero that a double holds exactly: most numbers in manifests. */
function isShortDecimal(raw: string): boolean {
  const length = raw.length;
  if (length > 15 || (raw.charCodeAt(0) === 48 && length > 1)) return false;
  for (let at = 0; at < length; at += 1) {
    const code = raw.charCodeAt(at);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

function integer(value: bigint): Resolved {
  return { kind: 'int', value: Number(value), integer: value };
}

/** resolve.go's resolve() for an untagged plain scalar (or one tagged with a resolvable tag other than str). */
function resolveUntagged(raw: string): Resolved {
  const hint = hintOf(raw);
  if (hint === undefined) return { kind: 'str', value: raw };
  const mapped = RESOLVE_MAP.get(raw);
  if (mapped) return mapped;
  if (hint === '.') {
    const float = parseGoFloat(raw, GO_DECIMAL_FLOAT);
    return float === undefined ? { kind: 'str', value: raw } : { kind: 'float', value: float };
  }
  if (hint === 'D' || hint === 'S') {
    if (isShortDecimal(raw)) return { kind: 'int', value: Number(raw), integer: undefined };
    // A timestamp (YYYY-…) resolves to its own text for untyped targets: no number can start that way.
    const plain = raw.includes('_') ? raw.replaceAll('_', '') : raw;
    const signed = parseGoSigned(plain);
    if (signed !== undefined) return integer(signed);
    const unsigned = parseGoUnsigned(plain);
    if (unsigned !== undefined) return integer(unsigned);
    const float = parseGoFloat(plain, YAML_STYLE_FLOAT);
    if (float !== undefined) return { kind: 'float', value: float };
  }
  return { kind: 'str', value: raw };
}

/** The value of an untagged plain scalar: the hot path of every manifest. */
export function plainScalar(raw: string): null | boolean | number | string {
  return jsonValue(resolveUntagged(raw));
}

/** A resolved scalar as a JSON value: -0 reaches Kubernetes as the integer 0. */
export function jsonValue(resolved: Resolved): null | boolean | number | string {
  return resolved.value === 0 ? 0 : resolved.value;
}

/** resolve.go's parseTimestamp: the layouts go-yaml v2 accepts for !!timestamp. */
const TIMESTAMP = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]| +)(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

function isTimestamp(raw: string): boolean {
  const match = TIMESTAMP.exec(raw);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return false;
  if (match[4] === undefined) return true;
  return Number(match[4]) < 24 && Number(match[5]) < 60 && Number(match[6]) < 60;
}

/** Go's base64.StdEncoding.DecodeString (it skips line breaks), then string(bytes). */
function decodeBinary(raw: string): string {
  const text = raw.replace(/[\r\n]/g, '');
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) {
    throw new YamlRefusal('a !!binary value is not valid base64');
  }
  return Buffer.from(text, 'base64').toString('utf8');
}

function tagName(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : 'a local tag';
}

/**
 * A scalar with its tag as go-yaml's decoder sees it: `tag` is the full tag or '' when there is
 * none; `implicit` is libyaml's plain_implicit (plain and untagged, or tagged `!`).
 */
export function resolveScalar(raw: string, tag: string, implicit: boolean): Resolved {
  if (tag === '') return implicit ? resolveUntagged(raw) : { kind: 'str', value: raw };
  switch (tag) {
    case YAML_STR_TAG:
      return { kind: 'str', value: raw };
    case YAML_BINARY_TAG:
      return { kind: 'str', value: decodeBinary(raw) };
    case YAML_TIMESTAMP_TAG:
      // go-yaml keeps a timestamp's text when the target is untyped
      if (isTimestamp(raw)) return { kind: 'str', value: raw };
      throw new YamlRefusal(`cannot decode the value as ${tagName(tag)}`);
    case YAML_INT_TAG:
    case YAML_FLOAT_TAG:
    case YAML_BOOL_TAG:
    case YAML_NULL_TAG: {
      const resolved = resolveUntagged(raw);
      const wanted = { [YAML_INT_TAG]: 'int', [YAML_FLOAT_TAG]: 'float', [YAML_BOOL_TAG]: 'bool', [YAML_NULL_TAG]: 'null' }[tag];
      if (resolved.kind === wanted) return resolved;
      // go-yaml turns an int (not a uint64) into a float for !!float
      if (wanted === 'float' && resolved.kind === 'int' && resolved.integer! <= INT64_MAX) return { kind: 'float', value: resolved.value };
      throw new YamlRefusal(`cannot decode the value as ${tagName(tag)}`);
    }
    default:
      // go-yaml gives any other tag's scalar its text (resolvableTag is false)
      return { kind: 'str', value: raw };
  }
}

/** go-yaml's isMerge: a `<<` key that is implicit (plain or tagged `!`) or tagged !!merge. */
export function isMergeKey(raw: string, tag: string, implicit: boolean): boolean {
  return raw === '<<' && (implicit || tag === YAML_MERGE_TAG);
}

/** A key as sigs.k8s.io/yaml writes it into JSON, and its identity as a key of go-yaml's Go map. */
export interface JsonKey {
  key: string;
  /** equal for keys that are one Go map key (1 and 0x1; -0.0 and 0.0); NaN equals nothing */
  identity: string;
}

let nanKeys = 0;

/** sigs.k8s.io/yaml's convertToJSONableObject for a scalar map key. */
export function jsonKey(resolved: Resolved): JsonKey {
  switch (resolved.kind) {
    case 'str':
    case 'merge':
      return { key: resolved.value as string, identity: `s:${resolved.value as string}` };
    case 'bool':
      return { key: resolved.value ? 'true' : 'false', identity: `b:${String(resolved.value)}` };
    case 'int': {
      // sigs.k8s.io/yaml converts int and int64 keys, not uint64 ones
      if (resolved.integer !== undefined && resolved.integer > INT64_MAX) throw new YamlRefusal('a mapping key is an integer beyond int64, which Kubernetes cannot decode');
      const key = resolved.integer === undefined ? String(resolved.value) : String(resolved.integer);
      return { key, identity: `i:${key}` };
    }
    case 'float': {
      const value = resolved.value as number;
      nanKeys += 1;
      return { key: formatFloatKey(value), identity: Number.isNaN(value) ? `nan:${nanKeys}` : `f:${value === 0 ? 0 : value}` };
    }
    case 'null':
      throw new YamlRefusal('a mapping key is null, which Kubernetes cannot decode');
  }
}

/** Whether an untagged plain scalar resolves to its own text (the common case, answered without allocating). */
export function isPlainString(raw: string): boolean {
  const hint = hintOf(raw);
  // every word of resolve.go's map has at most five characters
  return hint === undefined || (hint === 'M' && raw !== '' && (raw.length > 5 || !RESOLVE_MAP.has(raw)));
}

/** The key of an untagged plain scalar. */
export function plainKey(raw: string): JsonKey {
  return jsonKey(resolveUntagged(raw));
}

/** Go's strconv.FormatFloat(f, 'g', -1, 32), then sigs.k8s.io/yaml's names for NaN and infinities. */
export function formatFloatKey(value: number): string {
  const single = Math.fround(value);
  if (Number.isNaN(single)) return '.nan';
  if (single === Number.POSITIVE_INFINITY) return '.inf';
  if (single === Number.NEGATIVE_INFINITY) return '-.inf';
  const negative = single < 0 || Object.is(single, -0);
  const magnitude = Math.abs(single);
  if (magnitude === 0) return negative ? '-0' : '0';
  let precision = 1;
  while (precision < 9 && Math.fround(Number(magnitude.toPrecision(precision))) !== magnitude) precision += 1;
  const [mantissa, exponentText] = magnitude.toExponential(precision - 1).split('e') as [string, string];
  const digits = mantissa.replace('.', '').replace(/0+$/, '') || '0';
  const exponent = Number(exponentText);
  let text: string;
  if (exponent < -4 || exponent >= 6) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const sign = exponent < 0 ? '-' : '+';
    text = `${digits[0]}${fraction}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  } else if (exponent < 0) {
    text = `0.${'0'.repeat(-exponent - 1)}${digits}`;
  } else {
    const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    const fraction = digits.slice(exponent + 1);
    text = fraction ? `${whole}.${fraction}` : whole;
  }
  return negative ? `-${text}` : text;
}
