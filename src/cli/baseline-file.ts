import { readFile, stat } from 'node:fs/promises';
import type { Baseline } from '../core/baseline.js';
import { explainJsonSyntaxError } from '../core/json-syntax.js';
import { escapeControl } from '../reporters/text-safety.js';
import { UsageError } from './errors.js';

/** Generous: one entry is about 200 bytes, so this is several hundred thousand accepted failures. */
const MAX_BASELINE_BYTES = 128 * 1024 * 1024;

export async function readBaselineFile(file: string): Promise<Baseline> {
  let text: string;
  try {
    const info = await stat(file);
    if (info.size > MAX_BASELINE_BYTES) throw new UsageError(`baseline ${file} is larger than 128 MiB`);
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`cannot read baseline ${file}: ${code}`, 'create one with --baseline-out FILE');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // in our words: JSON.parse's own message differs between Node.js lines and quotes the input
    throw new UsageError(`baseline ${file} is not JSON: ${explainJsonSyntaxError(text).detail}`, 'create one with --baseline-out FILE');
  }
  // the validator (zod) loads only when there is a baseline to read
  const { parseBaseline } = await import('../core/baseline-schema.js');
  const parsed = parseBaseline(raw);
  if (!parsed.ok) throw new UsageError(`baseline ${file} is not an eksguard baseline: ${escapeControl(parsed.message)}`, 'create one with --baseline-out FILE');
  return parsed.baseline;
}
