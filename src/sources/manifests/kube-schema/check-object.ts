import { isRfc3339 } from '../object-meta.js';
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
   * t timestamp, y base64 bytes, * anything, #N struct N, [T list of T, {T map of T */
  structs: Record<string, string>[];
}

let table: (BuiltinTypes & { builtinGroups: Set<string>; apiVersionsOfKind: Map<string, string[]> }) | undefined;

function types(): NonNullable<typeof table> {
  if (!table) {
    const parsed = JSON.parse(BUILTIN_TYPES_JSON) as BuiltinTypes;
    const apiVersionsOfKind = new Map<string, string[]>();
    for (const [apiVersion, kinds] of Object.entries(parsed.kinds)) {
      for (const kind of Object.keys(kinds)) apiVersionsOfKind.set(kind, [...(apiVersionsOfKind.get(kind) ?? []), apiVersion]);
    }
    table = { ...parsed, builtinGroups: new Set(parsed.groups), apiVersionsOfKind };
  }
  return table;
}

export interface ObjectProblem {
  /** field path inside the object, when the problem has one */
  path?: string;
  message: string;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
/** beyond this, Go writes a float64 with an exponent, which no integer field takes */
const GO_INTEGER_LIMIT = 1e21;
const QUANTITY = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;
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
    default:
      return true;
  }
}

/** The first field that does not decode into its type, or undefined. */
function checkValue(value: unknown, code: string, path: string): ObjectProblem | undefined {
  if (value === null || value === undefined || code === '*') return undefined;
  const kind = code[0];
  if (kind === '#') return checkStruct(value, types().structs[Number(code.slice(1))]!, path);
  if (kind === '[') {
    if (!Array.isArray(value)) return { path, message: `${path} must be a list, not ${describe(value)}` };
    const item = code.slice(1);
    for (let index = 0; index < value.length; index += 1) {
      const problem = checkValue(value[index], item, `${path}[${index}]`);
      if (problem) return problem;
    }
    return undefined;
  }
  if (kind === '{') {
    if (!isRecord(value)) return { path, message: `${path} must be a mapping, not ${describe(value)}` };
    const item = code.slice(1);
    for (const key in value) {
      const problem = checkValue(value[key], item, `${path}.${key}`);
      if (problem) return problem;
    }
    return undefined;
  }
  return scalarFits(value, code) ? undefined : { path, message: `${path} must be ${EXPECTED[code] ?? code}, not ${describe(value)}` };
}

function checkStruct(value: unknown, fields: Record<string, string>, path: string): ObjectProblem | undefined {
  if (!isRecord(value)) return { path, message: `${path} must be a mapping, not ${describe(value)}` };
  for (const key in value) {
    const code = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (code === undefined) continue;
    const problem = checkValue(value[key], code, path ? `${path}.${key}` : key);
    if (problem) return problem;
  }
  return undefined;
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
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
  if (!builtinGroups.has(groupOf(apiVersion))) return undefined;
  const served = kinds[apiVersion];
  const index = served?.[kind];
  if (index === undefined) {
    const elsewhere = apiVersionsOfKind.get(kind);
    const hint = elsewhere ? ` (it is served as ${elsewhere.join(', ')})` : '';
    const subject = served ? `no kind ${kind} in ${apiVersion}` : `no API ${apiVersion}`;
    return { path: served ? 'kind' : 'apiVersion', message: `Kubernetes ${kubernetes} serves ${subject}${hint}, so it cannot apply this object` };
  }
  return checkStruct(raw, structs[index]!, '');
}
