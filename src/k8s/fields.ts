import { childPath, type FieldPath } from '../core/field-path.js';
import { asRecord, type KubeRaw } from '../core/inventory.js';

export { asRecord };
export type { KubeRaw };

/** Every field of an object we did not produce may be missing, null or of the wrong type: read through these. */
export function record(value: unknown): KubeRaw {
  return asRecord(value) ?? {};
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function records(value: unknown): KubeRaw[] {
  return list(value).map((item) => asRecord(item)).filter((item): item is KubeRaw => item !== undefined);
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function strings(value: unknown): string[] {
  return list(value).filter((item): item is string => typeof item === 'string');
}

export function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function stringMap(value: unknown): Record<string, string> {
  const source = asRecord(value);
  if (!source) return {};
  const out: Record<string, string> = {};
  for (const key in source) {
    const item = source[key];
    if (typeof item === 'string') out[key] = item;
    else if (typeof item === 'number' || typeof item === 'boolean') out[key] = String(item);
  }
  return out;
}

/** Reads a dotted path such as `spec.template.spec`. */
export function at(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const key of path.split('.')) {
    const next = asRecord(current);
    if (!next) return undefined;
    current = next[key];
  }
  return current;
}

/**
 * The path of a map entry (`data.username`, `data["tls.key"]`) below a path given as text (see
 * core/field-path.ts for the syntax): for callers holding a path from outside the builders.
 */
export function keyPath(prefix: string, key: string): string {
  return childPath(prefix as FieldPath, key);
}
