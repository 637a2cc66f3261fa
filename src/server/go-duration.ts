const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;

/**
 * Parses a Go duration as the API server writes the webhook `timeout` query parameter
 * (`10s`, `1m30s`, `500ms`). Returns milliseconds, or undefined for anything else,
 * including negative and absurdly long values.
 */
export function parseGoDuration(text: string | null | undefined): number | undefined {
  if (!text || text.length > 32) return undefined;
  if (text === '0') return 0;
  let total = 0;
  PART.lastIndex = 0;
  let index = 0;
  while (index < text.length) {
    PART.lastIndex = index;
    const match = PART.exec(text);
    if (!match) return undefined;
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
    index = PART.lastIndex;
  }
  return Number.isFinite(total) ? total : undefined;
}
