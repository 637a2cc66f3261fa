import { readFile, stat } from 'node:fs/promises';
import type { Baseline } from '../core/baseline.js';
import { readJsonText } from '../core/json-text.js';
import { escapeControl } from '../reporters/text-safety.js';
import { UsageError } from './errors.js';

/** Generous: one entry is about 200 bytes, so this is several hundred thousand accepted failures. */
const MAX_BASELINE_BYTES = 128 * 1024 * 1024;
/** A baseline nests three levels; anything deeper is not one, and is refused before it is built. */
export const MAX_BASELINE_DEPTH = 16;

const HINT = 'create one with --baseline-out FILE';

export async function readBaselineFile(file: string): Promise<Baseline> {
  const display = escapeControl(file);
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new UsageError(`baseline ${display} is not a file`, HINT);
    if (info.size > MAX_BASELINE_BYTES) throw new UsageError(`baseline ${display} is larger than 128 MiB`);
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`cannot read baseline ${display}: ${code}`, HINT);
  }
  // the problem is told by line, column and kind: V8's own message would quote the file
  const read = readJsonText(text, MAX_BASELINE_DEPTH);
  if (!read.ok) throw new UsageError(`baseline ${display} is not valid JSON:\n  ${display}:${read.error.line}:${read.error.column}: ${read.error.problem}`, HINT);
  // the validator (zod) loads only when there is a baseline to read
  const { parseBaseline } = await import('../core/baseline-schema.js');
  const parsed = parseBaseline(read.value);
  if (!parsed.ok) throw new UsageError(`baseline ${display} is not an eksguard baseline: ${escapeControl(parsed.message)}`, HINT);
  return parsed.baseline;
}
