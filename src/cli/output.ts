import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { UsageError } from './errors.js';

async function writeChunks(stream: NodeJS.WritableStream, chunks: Iterable<string>, stopped: () => boolean = () => false): Promise<void> {
  for (const chunk of chunks) {
    if (stopped()) return;
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
}

let stdoutClosed = false;
let watchingStdout = false;

function isClosedPipe(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

/**
 * A reader that stops early (`eksguard scan -f json | head`) closes the pipe: that is the
 * reader's choice, not a failure. The rest of the output is dropped quietly and the run ends with
 * its own exit code; any other write error still surfaces.
 */
function watchStdout(): void {
  if (watchingStdout) return;
  watchingStdout = true;
  process.stdout.on('error', (error) => {
    if (isClosedPipe(error)) stdoutClosed = true;
    else throw error;
  });
}

/** Writes a document (or its chunks) to stdout or a file, waiting for the data to be flushed. */
export async function writeOutput(text: string | Iterable<string>, file: string | undefined): Promise<void> {
  const chunks = typeof text === 'string' ? [text] : text;
  if (!file || file === '-') {
    watchStdout();
    if (stdoutClosed) return;
    try {
      await writeChunks(process.stdout, chunks, () => stdoutClosed);
      await new Promise<void>((resolve, reject) => process.stdout.write('', (error) => (error ? reject(error) : resolve())));
    } catch (error) {
      if (!isClosedPipe(error)) throw error;
      stdoutClosed = true;
    }
    return;
  }
  try {
    const stream = createWriteStream(file, { encoding: 'utf8' });
    const failed = new Promise<never>((_, reject) => stream.once('error', reject));
    await Promise.race([failed, (async () => {
      await once(stream, 'open');
      await writeChunks(stream, chunks);
      stream.end();
      await once(stream, 'finish');
    })()]);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`cannot write ${file}: ${code}`, 'check that the directory exists and is writable');
  }
}

export function useColor(stream: NodeJS.WriteStream): boolean {
  if (process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '') return false;
  if (process.env['FORCE_COLOR'] !== undefined && process.env['FORCE_COLOR'] !== '0') return true;
  return Boolean(stream.isTTY);
}
