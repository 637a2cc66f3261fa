import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { UsageError } from './errors.js';

async function writeChunks(stream: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
}

/** Writes a document (or its chunks) to stdout or a file, waiting for the data to be flushed. */
export async function writeOutput(text: string | Iterable<string>, file: string | undefined): Promise<void> {
  const chunks = typeof text === 'string' ? [text] : text;
  if (!file || file === '-') {
    await writeChunks(process.stdout, chunks);
    await new Promise<void>((resolve, reject) => process.stdout.write('', (error) => (error ? reject(error) : resolve())));
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
