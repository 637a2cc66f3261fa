import { isRfc3339 } from '../../k8s/kube-schema/rfc3339.js';

/**
 * The type checks kubectl makes on every object it reads (cli-runtime's metadataValidatingDecoder:
 * the document must decode into TypeMeta and ObjectMeta with Go's JSON rules). Field names are
 * case-sensitive; unknown fields are ignored; null is allowed everywhere. Returns the first
 * problem as `{ path, message }`, or undefined.
 */

export interface MetaProblem {
  path: string;
  message: string;
}

type FieldType = 'string' | 'int64' | 'bool' | 'time' | 'stringMap' | 'stringList' | 'ownerReferences' | 'managedFields' | 'any';

const OBJECT_META: Record<string, FieldType> = {
  name: 'string',
  generateName: 'string',
  namespace: 'string',
  selfLink: 'string',
  uid: 'string',
  resourceVersion: 'string',
  generation: 'int64',
  creationTimestamp: 'time',
  deletionTimestamp: 'time',
  deletionGracePeriodSeconds: 'int64',
  labels: 'stringMap',
  annotations: 'stringMap',
  ownerReferences: 'ownerReferences',
  finalizers: 'stringList',
  managedFields: 'managedFields',
};

const OWNER_REFERENCE: Record<string, FieldType> = { apiVersion: 'string', kind: 'string', name: 'string', uid: 'string', controller: 'bool', blockOwnerDeletion: 'bool' };

const MANAGED_FIELDS_ENTRY: Record<string, FieldType> = {
  manager: 'string',
  operation: 'string',
  apiVersion: 'string',
  time: 'time',
  fieldsType: 'string',
  fieldsV1: 'any',
  subresource: 'string',
};

const INT64_LIMIT = 2 ** 63;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

function checkField(value: unknown, type: FieldType, path: string): MetaProblem | undefined {
  if (value === null || value === undefined || type === 'any') return undefined;
  const wrong = (expected: string): MetaProblem => ({ path, message: `${path} must be ${expected}, not ${describe(value)}` });
  switch (type) {
    case 'string':
      return typeof value === 'string' ? undefined : wrong('a string');
    case 'bool':
      return typeof value === 'boolean' ? undefined : wrong('a boolean');
    case 'int64':
      return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < INT64_LIMIT ? undefined : wrong('an integer');
    case 'time':
      if (typeof value !== 'string') return wrong('a timestamp string');
      return isRfc3339(value) ? undefined : { path, message: `${path} must be an RFC 3339 timestamp` };
    case 'stringMap': {
      if (!isRecord(value)) return wrong('a mapping of strings');
      for (const [key, item] of Object.entries(value)) {
        if (item !== null && typeof item !== 'string') return { path: `${path}.${key}`, message: `${path} values must be strings, not ${describe(item)} (quote it)` };
      }
      return undefined;
    }
    case 'stringList': {
      if (!Array.isArray(value)) return wrong('a list of strings');
      const index = value.findIndex((item) => item !== null && typeof item !== 'string');
      return index < 0 ? undefined : { path: `${path}[${index}]`, message: `${path} items must be strings` };
    }
    case 'ownerReferences':
    case 'managedFields': {
      if (!Array.isArray(value)) return wrong('a list');
      const fields = type === 'ownerReferences' ? OWNER_REFERENCE : MANAGED_FIELDS_ENTRY;
      for (let index = 0; index < value.length; index += 1) {
        const problem = checkStruct(value[index], fields, `${path}[${index}]`);
        if (problem) return problem;
      }
      return undefined;
    }
  }
}

function checkStruct(value: unknown, fields: Record<string, FieldType>, path: string): MetaProblem | undefined {
  if (value === null || value === undefined) return undefined;
  if (!isRecord(value)) return { path, message: `${path} must be a mapping, not ${describe(value)}` };
  for (const key in value) {
    const type = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (type === undefined) continue;
    const problem = checkField(value[key], type, `${path}.${key}`);
    if (problem) return problem;
  }
  return undefined;
}

/** TypeMeta and ObjectMeta as kubectl decodes them before it accepts an object. */
export function checkTypeAndObjectMeta(object: Record<string, unknown>): MetaProblem | undefined {
  for (const key of ['apiVersion', 'kind'] as const) {
    const value = object[key];
    if (value !== undefined && value !== null && typeof value !== 'string') return { path: key, message: `${key} must be a string, not ${describe(value)}` };
  }
  return checkStruct(object['metadata'], OBJECT_META, 'metadata');
}
