/**
 * Reading input values into model fields while remembering which fields are unknown. Each
 * normaliser marks a value it cannot know with an `Unknown` (a reason); the reader leaves that
 * field out of the model and records the reason under the field's model path.
 */
export const UNRESOLVED: unique symbol = Symbol('unresolved');

export interface Unresolved {
  readonly [UNRESOLVED]: true;
  readonly reason: string;
}

export function unresolved(reason: string): Unresolved {
  return { [UNRESOLVED]: true, reason };
}

export function isUnresolved(value: unknown): value is Unresolved {
  return typeof value === 'object' && value !== null && UNRESOLVED in value;
}

/** The first value inside a tree (a policy document) that is not known before apply, if any. */
export function firstUnresolved(value: unknown, depth = 0): Unresolved | undefined {
  if (isUnresolved(value)) return value;
  if (depth > 32 || value === null || typeof value !== 'object') return undefined;
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    const found = firstUnresolved(item, depth + 1);
    if (found) return found;
  }
  return undefined;
}

export class FieldReader {
  readonly unknown = new Map<string, string>();

  /** Marks a model field unknown; returns undefined so the field stays out of the model. */
  mark(field: string, reason: string): undefined {
    if (!this.unknown.has(field)) this.unknown.set(field, reason);
    return undefined;
  }

  string(field: string, value: unknown): string | undefined {
    if (isUnresolved(value)) return this.mark(field, value.reason);
    // a reference to one resource of a list, or an expression that names several (a conditional): only one is a value
    if (Array.isArray(value)) return value.length === 1 ? this.string(field, value[0]) : this.mark(field, `${field} refers to ${value.length} values; which one applies is known only after apply`);
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    return undefined;
  }

  bool(field: string, value: unknown): boolean | undefined {
    if (isUnresolved(value)) return this.mark(field, value.reason);
    if (typeof value === 'boolean') return value;
    // the Terraform provider keeps some EC2 booleans as strings ("true"/"false")
    if (value === 'true') return true;
    if (value === 'false') return false;
    return undefined;
  }

  number(field: string, value: unknown): number | undefined {
    if (isUnresolved(value)) return this.mark(field, value.reason);
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
    return undefined;
  }

  /** A list of strings; an unknown element makes the whole field unknown (a partial list could pass a check). */
  strings(field: string, value: unknown): string[] {
    if (isUnresolved(value)) {
      this.mark(field, value.reason);
      return [];
    }
    if (typeof value === 'string' && value !== '') return [value];
    if (!Array.isArray(value)) return [];
    const bad = value.find(isUnresolved);
    if (bad) {
      this.mark(field, bad.reason);
      return [];
    }
    return value.map((item) => (typeof item === 'number' ? String(item) : item)).filter((item): item is string => typeof item === 'string' && item !== '');
  }
}

/** `{ key: value }` without the entries whose value is undefined (exactOptionalPropertyTypes). */
export function defined<T extends Record<string, unknown>>(fields: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out as { [K in keyof T]: Exclude<T[K], undefined> };
}
