/** Findings kept before strings are pooled: below this, a report is small and pooling only costs time. */
const POOL_AFTER = 50_000;
/** bounded: an input whose strings never repeat costs a flush now and then, never unbounded memory */
const MAX_POOLED = 50_000;

/**
 * One copy of each string that findings repeat object after object: a check's message and field
 * path are the same for every Pod of one shape, and a cluster dump has a million findings. One
 * interner serves one evaluation; it starts pooling once the evaluation has kept many findings.
 */
export class Interner {
  private kept = 0;
  private readonly pool = new Map<string, string>();

  /** Called once per kept finding, before its strings are interned. */
  keep(): void {
    this.kept += 1;
  }

  intern(value: string): string {
    if (this.kept < POOL_AFTER) return value;
    const known = this.pool.get(value);
    if (known !== undefined) return known;
    if (this.pool.size >= MAX_POOLED) this.pool.clear();
    this.pool.set(value, value);
    return value;
  }
}
