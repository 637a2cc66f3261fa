import { z } from 'zod';
import { BASELINE_VERSION, type Baseline } from './baseline.js';

/** The baseline file's schema, apart from baseline.ts so a scan without --baseline never loads the validator. */

const baselineSchema = z.object({
  version: z.literal(BASELINE_VERSION, { error: `version must be ${BASELINE_VERSION}` }),
  tool: z.literal('eksguard', { error: 'tool must be "eksguard"' }),
  failures: z.array(
    z.object({
      fingerprint: z.string().regex(/^[0-9a-f]{32}$/, { error: 'fingerprint must be 32 hex digits' }),
      checkId: z.string(),
      resource: z.string(),
      path: z.string().optional(),
    }),
    { error: 'failures must be a list' },
  ),
});

export type BaselineParse = { ok: true; baseline: Baseline } | { ok: false; message: string };

/** Validates parsed baseline JSON. Only fingerprints are matched; the readable fields are for people reviewing the file. */
export function parseBaseline(raw: unknown): BaselineParse {
  const parsed = baselineSchema.safeParse(raw);
  if (parsed.success) return { ok: true, baseline: parsed.data as Baseline };
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.map(String).join('.')}: ` : '';
  return { ok: false, message: `${where}${issue.message}` };
}
