import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { InputError } from '../../core/types.js';
import type { ManifestLimits } from './limits.js';
import { holdsManifestFiles } from './read-files.js';
import type { ParsedDocuments } from './parse-documents.js';
import { unpackDocuments } from './handover.js';
import type { ParseAnswer, ParseRequest } from './parse-worker.js';

export type ParseResult = { parsed: ParsedDocuments } | { error: InputError };

export interface FileEntry {
  file: string;
  displayName: string;
}

/** Below this many files, starting threads costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 16;

const workerUrl = new URL('./parse-worker.js', import.meta.url);

/** Workers exist only in the built package (the worker is a .js module next to this one). */
export function workersAvailable(): boolean {
  return import.meta.url.endsWith('.js') && availableParallelism() > 1;
}

/**
 * One worker per core but one: this thread is busy too (it evaluates each file's objects while the
 * workers parse the next), and it paces the scan. With a worker on every core, three busy threads
 * share the cores: on the 100,000-object corpus on 2 cores, one worker instead of two took 5% less
 * wall time, 7% less CPU and 19 MiB less (six interleaved runs each; docs/adr/0002-parse-workers.md).
 */
export function parseWorkerCount(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** Workers started before their files were known (prestartParseWorkers), still alive and not yet taken. */
let prestarted: Worker[] = [];

/**
 * Starts the parse workers while the caller still loads its checks and reads its configuration
 * (a worker needs ~100 ms to load its modules, on a core the caller leaves idle meanwhile), when a
 * bounded look finds enough manifest files in the paths for workers. They keep no process alive
 * until parseFiles takes them; one that fails before is simply not taken.
 */
export function prestartParseWorkers(paths: readonly string[]): void {
  if (!workersAvailable() || prestarted.length > 0 || !holdsManifestFiles(paths, MIN_FILES_FOR_WORKERS)) return;
  try {
    for (let i = 0; i < parseWorkerCount(); i += 1) {
      const worker = new Worker(workerUrl);
      worker.unref();
      const drop = (): void => {
        prestarted = prestarted.filter((each) => each !== worker);
      };
      worker.on('error', drop);
      worker.on('exit', drop);
      prestarted.push(worker);
    }
  } catch {
    // parseFiles starts its own
  }
}

/** Up to `count` prestarted workers, kept alive from now on; the others are stopped. */
function takePrestarted(count: number): Worker[] {
  const taken = prestarted.slice(0, count);
  for (const worker of prestarted.slice(count)) void worker.terminate();
  prestarted = [];
  for (const worker of taken) {
    worker.removeAllListeners();
    worker.ref();
  }
  return taken;
}

export interface ParseFilesOptions {
  /** called with each result in file order, as soon as it and all before it are in */
  onResult?: (result: ParseResult, index: number) => void;
  /** the worker's module (tests pass a broken one) */
  workerModule?: URL;
}

/**
 * Answers a worker may hold at once: enough that the workers stay busy while this thread works
 * on the answers it took (each file's objects are evaluated as soon as they are in order).
 */
const FILES_IN_FLIGHT = 8;

/**
 * Reads and parses files on one worker thread per core; results come back in file order. This
 * thread only takes the copies: parsing here as well was measured to cost more CPU in all (the
 * parsed values then grow this thread's heap while it must soon evaluate). A worker that cannot
 * start or fails leaves its files to this thread.
 */
export async function parseFiles(
  files: readonly FileEntry[],
  limits: ManifestLimits,
  parseHere: (entry: FileEntry) => Promise<ParseResult>,
  options: ParseFilesOptions = {},
): Promise<ParseResult[]> {
  const results: (ParseResult | undefined)[] = new Array<ParseResult | undefined>(files.length).fill(undefined);
  let done = 0;
  let next = 0;
  let delivered = 0;
  let broken = false;
  let wake: (() => void) | undefined;
  let takerFailed: { error: unknown } | undefined;
  const store = (id: number, result: ParseResult): void => {
    if (results[id] !== undefined) return;
    results[id] = result;
    done += 1;
    try {
      for (; !takerFailed && delivered < files.length && results[delivered] !== undefined; delivered += 1) options.onResult?.(results[delivered]!, delivered);
    } catch (error) {
      // thrown inside a worker's message event it would end the process; this call fails instead
      takerFailed = { error };
      wake?.();
    }
  };
  const dispatch = (worker: Worker): void => {
    if (broken || next >= files.length) return;
    const { file, displayName } = files[next]!;
    const request: ParseRequest = { id: next, file, displayName, limits };
    next += 1;
    worker.postMessage(request);
  };
  const wanted = Math.min(parseWorkerCount(), files.length);
  const workers: Worker[] = options.workerModule ? [] : takePrestarted(wanted);
  try {
    while (workers.length < wanted) workers.push(new Worker(options.workerModule ?? workerUrl));
  } catch {
    broken = true;
  }
  for (const worker of workers) {
    worker.on('message', (message: ParseAnswer) => {
      // the next file first: the worker parses it while this thread takes this one
      dispatch(worker);
      store(message.id, 'error' in message ? { error: message.error } : { parsed: unpackDocuments(message) });
      wake?.();
    });
    const fail = (): void => {
      if (done === files.length) return;
      broken = true;
      wake?.();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    for (let i = 0; i < FILES_IN_FLIGHT; i += 1) dispatch(worker);
  }
  try {
    while (done < files.length && !takerFailed) {
      if (next < files.length && (workers.length === 0 || broken)) {
        const id = next;
        next += 1;
        store(id, await parseHere(files[id]!));
      } else if (broken) {
        const missing = results.findIndex((result) => result === undefined);
        store(missing, await parseHere(files[missing]!));
      } else {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    }
    if (takerFailed) throw takerFailed.error;
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results as ParseResult[];
}
