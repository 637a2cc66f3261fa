/**
 * Whether JSON.stringify then JSON.parse gives back an equal value: only null, booleans, strings,
 * finite numbers other than -0, arrays and plain objects. YAML can also give NaN, Infinity and -0
 * (`.nan`, `.inf`, `-0`), which JSON turns into null or 0.
 */
export function survivesJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (const item of value) if (!survivesJson(item)) return false;
        return true;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return false;
      for (const key in value) if (!survivesJson((value as Record<string, unknown>)[key])) return false;
      return true;
    }
    default:
      return false;
  }
}
