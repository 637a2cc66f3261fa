import { isRfc3339 } from './rfc3339.js';
import { BUILTIN_TYPES_JSON } from './builtin-types.generated.js';

/**
 * Whether Kubernetes can take an object of a built-in kind at all: its apiVersion and kind must
 * name a kind the API serves, and every field the kind defines must decode into the field's Go
 * type (the API server decodes JSON into typed structs and rejects the object otherwise). Unknown
 * fields, custom resources and semantic validation are left alone.
 */

interface BuiltinTypes {
  kubernetes: string;
  groups: string[];
  /** apiVersion → kind → index of its struct */
  kinds: Record<string, Record<string, number>>;
  /** field → type code: b bool, s string, i int32, l int64, n number, q quantity, o int-or-string,
   * u uint32, U uint64, t timestamp, y base64 bytes, d Go duration, D Go duration or integer
   * nanoseconds, * anything, #N struct N, [T list of T, {T map of T */
  structs: Record<string, string>[];
}

/** A field's type, compiled once from its code so that a walk allocates nothing per value. */
type FieldType =
  | { kind: 'any' }
  | { kind: 'scalar'; code: string }
  | { kind: 'list' | 'map'; item: FieldType }
  | { kind: 'struct'; fields: Record<string, FieldType> };

interface CompiledTypes {
  kubernetes: string;
  builtinGroups: Set<string>;
  kinds: Record<string, Record<string, number>>;
  /** one per struct of the table, fields in objects without a prototype */
  structs: FieldType[];
  apiVersionsOfKind: Map<string, string[]>;
}

let table: CompiledTypes | undefined;

function compile(parsed: BuiltinTypes): FieldType[] {
  const structs: FieldType[] = parsed.structs.map(() => ({ kind: 'struct', fields: Object.create(null) as Record<string, FieldType> }));
  const ANY: FieldType = { kind: 'any' };
  const scalars = new Map<string, FieldType>();
  const typeOf = (code: string): FieldType => {
    const first = code[0];
    if (first === '*') return ANY;
    if (first === '#') return structs[Number(code.slice(1))]!;
    if (first === '[' || first === '{') return { kind: first === '[' ? 'list' : 'map', item: typeOf(code.slice(1)) };
    let scalar = scalars.get(code);
    if (!scalar) scalars.set(code, (scalar = { kind: 'scalar', code }));
    return scalar;
  };
  parsed.structs.forEach((fields, index) => {
    const compiled = structs[index] as { fields: Record<string, FieldType> };
    for (const [field, code] of Object.entries(fields)) compiled.fields[field] = typeOf(code);
  });
  return structs;
}

function types(): CompiledTypes {
  if (!table) {
    const parsed = JSON.parse(BUILTIN_TYPES_JSON) as BuiltinTypes;
    const apiVersionsOfKind = new Map<string, string[]>();
    for (const [apiVersion, kinds] of Object.entries(parsed.kinds)) {
      for (const kind of Object.keys(kinds)) apiVersionsOfKind.set(kind, [...(apiVersionsOfKind.get(kind) ?? []), apiVersion]);
    }
    table = { kubernetes: parsed.kubernetes, builtinGroups: new Set(parsed.groups), kinds: parsed.kinds, structs: compile(parsed), apiVersionsOfKind };
  }
  return table;
}

/** Whether Kubernetes serves a kind of this name in any of its own groups (`Role`, `Service`, `NetworkPolicy`). */
export function isBuiltinKindName(kind: string): boolean {
  return types().apiVersionsOfKind.has(kind);
}

export interface ObjectProblem {
  /** field path inside the object, when the problem has one */
  path?: string;
  message: string;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const UINT32_MAX = 2 ** 32 - 1;
/** beyond this, Go writes a float64 with an exponent, which no integer field takes */
const GO_INTEGER_LIMIT = 1e21;
const QUANTITY = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;
/** what Go's time.ParseDuration takes (metav1.Duration decodes a string with it): `0`, `1h30m`, `-1.5s` */
const GO_DURATION = /^[+-]?(?:0|(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number with a fraction';
  return `a ${typeof value}`;
}

const EXPECTED: Record<string, string> = {
  b: 'a boolean (true or false)',
  s: 'a string',
  i: 'a 32-bit integer',
  l: 'an integer',
  n: 'a number',
  q: 'a quantity (such as 500m or 1Gi)',
  o: 'an integer or a string',
  t: 'an RFC 3339 timestamp',
  y: 'base64-encoded data',
  d: 'a duration (such as 30s or 4h0m0s)',
  D: 'a duration (such as 30s) or an integer of nanoseconds',
  u: 'a non-negative 32-bit integer',
  U: 'a non-negative integer',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function scalarFits(value: unknown, code: string): boolean {
  switch (code) {
    case 'b':
      return typeof value === 'boolean';
    case 's':
      return typeof value === 'string';
    case 'i':
      return typeof value === 'number' && Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX;
    case 'l':
      return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < GO_INTEGER_LIMIT;
    case 'n':
      return typeof value === 'number';
    case 'q':
      return typeof value === 'number' || (typeof value === 'string' && QUANTITY.test(value));
    case 'o':
      return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX);
    case 't':
      return typeof value === 'string' && isRfc3339(value);
    case 'y':
      return typeof value === 'string' && BASE64.test(value.replace(/[\r\n]/g, ''));
    case 'd':
      return typeof value === 'string' && GO_DURATION.test(value);
    case 'D':
      return typeof value === 'string' ? GO_DURATION.test(value) : typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < GO_INTEGER_LIMIT;
    case 'u':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= UINT32_MAX;
    case 'U':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < GO_INTEGER_LIMIT;
    default:
      return true;
  }
}

/** A value that does not decode into its type; the path to it is collected on the way back up. */
interface Mismatch {
  readonly expected: string;
  readonly value: unknown;
  /** the segments from the value up to the walked root: written only for a mismatch, a million fields pass for each one that does not */
  readonly reversed: (string | number)[];
}

function mismatch(expected: string, value: unknown): Mismatch {
  return { expected, value, reversed: [] };
}

/** The first field below `value` that does not decode into its type, or undefined. */
function walk(value: unknown, type: FieldType): Mismatch | undefined {
  if (value === null || value === undefined) return undefined;
  switch (type.kind) {
    case 'any':
      return undefined;
    case 'scalar':
      return scalarFits(value, type.code) ? undefined : mismatch(EXPECTED[type.code] ?? type.code, value);
    case 'struct':
      return walkStruct(value, type.fields);
    case 'list': {
      if (!Array.isArray(value)) return mismatch('a list', value);
      for (let index = 0; index < value.length; index += 1) {
        const found = walk(value[index], type.item);
        if (found) {
          found.reversed.push(index);
          return found;
        }
      }
      return undefined;
    }
    case 'map': {
      if (!isRecord(value)) return mismatch('a mapping', value);
      for (const key in value) {
        const found = walk(value[key], type.item);
        if (found) {
          found.reversed.push(key);
          return found;
        }
      }
      return undefined;
    }
  }
}

function walkStruct(value: unknown, fields: Record<string, FieldType>): Mismatch | undefined {
  if (!isRecord(value)) return mismatch('a mapping', value);
  for (const key in value) {
    const type = fields[key];
    if (type === undefined) continue;
    const found = walk(value[key], type);
    if (found) {
      found.reversed.push(key);
      return found;
    }
  }
  return undefined;
}

/** The first field that does not decode into its type, as a problem; `at` is where the walked value sits in its document. */
function typeProblem(value: unknown, type: FieldType, at: readonly string[] = []): ObjectProblem | undefined {
  const found = walk(value, type);
  if (!found) return undefined;
  let path = '';
  for (const segment of [...at, ...found.reversed.reverse()]) path += typeof segment === 'number' ? `[${segment}]` : path ? `.${segment}` : segment;
  return { path, message: `${path} must be ${found.expected}, not ${describe(found.value)}` };
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The API groups of files a component reads itself (not served by the API server), by component. */
const FILE_READERS: Readonly<Record<string, string>> = { 'kubelet.config.k8s.io': 'the kubelet' };

/** apiVersion → whether it names a built-in API group; a few distinct values per input */
const builtinApiVersions = new Map<string, boolean>();

function isBuiltinApiVersion(apiVersion: string, groups: Set<string>): boolean {
  let builtin = builtinApiVersions.get(apiVersion);
  if (builtin === undefined) {
    if (builtinApiVersions.size > 1000) builtinApiVersions.clear();
    builtin = groups.has(groupOf(apiVersion));
    builtinApiVersions.set(apiVersion, builtin);
  }
  return builtin;
}

/** Why Kubernetes would refuse this object of a built-in group, or undefined. */
export function checkBuiltinObject(raw: Record<string, unknown>): ObjectProblem | undefined {
  const apiVersion = raw['apiVersion'];
  const kind = raw['kind'];
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    const mark = Object.hasOwn(raw, '\uFEFFapiVersion') ? ' (a byte-order mark, which Kubernetes reads as part of the key, precedes its apiVersion)' : '';
    return { message: `object has no apiVersion${mark}, so Kubernetes cannot tell which API it belongs to` };
  }
  if (typeof kind !== 'string') return undefined;
  const { kubernetes, builtinGroups, kinds, structs, apiVersionsOfKind } = types();
  if (!isBuiltinApiVersion(apiVersion, builtinGroups)) return undefined;
  const served = kinds[apiVersion];
  const index = served?.[kind];
  if (index === undefined) {
    const elsewhere = apiVersionsOfKind.get(kind);
    const hint = elsewhere ? ` (it is served as ${elsewhere.join(', ')})` : '';
    const subject = served ? `no kind ${kind} in ${apiVersion}` : `no API ${apiVersion}`;
    const component = FILE_READERS[groupOf(apiVersion)];
    const message = component
      ? `${component} of Kubernetes ${kubernetes} reads ${subject}${hint}, so it cannot load this file`
      : `Kubernetes ${kubernetes} serves ${subject}${hint}, so it cannot apply this object`;
    return { path: served ? 'kind' : 'apiVersion', message };
  }
  return typeProblem(raw, structs[index]!);
}

/** The kubelet's own configuration type: what nodeadm's `spec.kubelet.config` becomes on the node. */
export const KUBELET_CONFIGURATION = { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration' } as const;

/**
 * Why a component would refuse `value` as the fields of a built-in kind when the value is embedded
 * in another document (nodeadm's `spec.kubelet.config` is a KubeletConfiguration without its own
 * apiVersion and kind). `at` is where the value sits, so a problem's path names the field in the
 * embedding document: `spec.kubelet.config.readOnlyPort must be a 32-bit integer, not a string`.
 */
export function checkEmbeddedFields(type: { apiVersion: string; kind: string }, value: unknown, at: readonly string[]): ObjectProblem | undefined {
  const index = types().kinds[type.apiVersion]?.[type.kind];
  if (index === undefined) throw new Error(`no generated type for ${type.apiVersion} ${type.kind}`);
  return typeProblem(value, types().structs[index]!, at);
}
