/**
 * Models built from infrastructure code may hold fields whose value is not known before the
 * code is applied (a Terraform plan's `after_unknown`, an unresolved CloudFormation parameter).
 * Such a field is not left undefined, which checks read as "not set": reading it throws an
 * UnknownValueError, and the engine reports that subject `skipped` with the reason. A check that
 * never reads the field is not affected.
 */
import { UnknownValueError } from '../core/check.js';

/** field path inside a model (`publicAccessCidrs`, `metadata.httpTokens`) → why its value is unknown */
export type UnknownFields = ReadonlyMap<string, string>;

const UNKNOWN_FIELDS = Symbol('eksguard.unknownFields');

function wrap<M extends object>(target: M, unknown: UnknownFields, prefix: string): M {
  return new Proxy(target, {
    get(object, property, receiver) {
      if (property === UNKNOWN_FIELDS) return unknown;
      if (typeof property !== 'string') return Reflect.get(object, property, receiver);
      const path = prefix ? `${prefix}.${property}` : property;
      const reason = unknown.get(path);
      if (reason !== undefined) throw new UnknownValueError(reason);
      const value = Reflect.get(object, property, receiver) as unknown;
      if (value !== null && typeof value === 'object' && [...unknown.keys()].some((key) => key.startsWith(`${path}.`))) return wrap(value, unknown, path);
      return value;
    },
  });
}

/** The model, guarded so that reading one of the unknown fields skips the check that reads it. */
export function withUnknowns<M extends object>(model: M, unknown: UnknownFields): M {
  if (unknown.size === 0) return model;
  return wrap(model, unknown, '');
}

/** The unknown fields of a guarded model (empty for any other value), without reading them. */
export function unknownFieldsOf(model: unknown): UnknownFields {
  if (model === null || typeof model !== 'object') return new Map();
  return ((model as Record<symbol, unknown>)[UNKNOWN_FIELDS] as UnknownFields | undefined) ?? new Map();
}
