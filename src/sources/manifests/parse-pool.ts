import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { InputError } from '../../core/types.js';
import type { ManifestLimits } from './limits.js';
import type { ParsedDocuments } from './parse-documents.js';
import type { ParseRequest } from './parse-worker.js';

export type ParseResult = { parsed: ParsedDocuments } | { error: InputError };

/** Below this many files, starting threads costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 16;

const workerUrl = new URL('./parse-worker.js', import.meta.url);

/** Workers exist only in the built package (the worker is a .js module next to this one). */
export function workersAvailable(): boolean {
  return import.meta.url.endsWith('.js') && availableParallelism() > 1;
}

/**
 * Reads and parses files on one worker thread per core and yields the results in file
 * order, so parsing, the heaviest part of a large scan, uses every core.
 */
export async function* parseInWorkers(files: readonly { file: string; displayName: string }[], limits: ManifestLimits): AsyncGenerator<ParseResult> {
  const count = Math.min(availableParallelism(), files.length);
  const workers = Array.from({ length: count }, () => new Worker(workerUrl));
  const results = new Map<number, ParseResult>();
  let waiting: { id: number; resolve: () => void } | undefined;
  let failure: Error | undefined;
  let next = 0;
  const dispatch = (worker: Worker): void => {
    if (next >= files.length) return;
    const { file, displayName } = files[next]!;
    const request: ParseRequest = { id: next, file, displayName, limits };
    next += 1;
    worker.postMessage(request);
  };
  for (const worker of workers) {
    worker.on('message', (message: { id: number } & ParseResult) => {
      results.set(message.id, 'parsed' in message ? { parsed: message.parsed } : { error: message.error });
      dispatch(worker);
      if (waiting && results.has(waiting.id)) waiting.resolve();
    });
    worker.on('error', (error) => {
      failure = error;
      waiting?.resolve();
    });
    // two files in flight per worker keep it busy while the main thread takes the last answer
    dispatch(worker);
    dispatch(worker);
  }
  try {
    for (let id = 0; id < files.length; id += 1) {
      if (!results.has(id)) {
        await new Promise<void>((resolve) => {
          waiting = { id, resolve };
        });
        waiting = undefined;
      }
      if (failure) throw failure;
      const result = results.get(id)!;
      results.delete(id);
      yield result;
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
