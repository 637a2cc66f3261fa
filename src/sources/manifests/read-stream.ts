import { constants, readlinkSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** More bytes than the limit allows: reading stopped there. */
export class SizeExceeded extends Error {
  readonly size: number;
  constructor(size: number) {
    super('larger than the limit');
    this.size = size;
  }
}

/** A stream that cannot be read as a manifest; the message is for the report as it stands. */
export class StreamError extends Error {}

const CHUNK = 64 * 1024;

/** Collects bytes into one growing buffer, and refuses more than `maxBytes`. */
export class ByteBuffer {
  private buffer: Buffer;
  private used = 0;
  private readonly maxBytes: number;

  constructor(maxBytes: number, sizeHint = CHUNK) {
    this.maxBytes = maxBytes;
    this.buffer = Buffer.allocUnsafe(Math.max(1, Math.min(sizeHint, maxBytes + 1)));
  }

  /** The free space to read into: never empty while under the limit. */
  space(): Buffer {
    if (this.used === this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.min(Math.max(this.buffer.length * 2, CHUNK), this.maxBytes + 1));
      this.buffer.copy(grown, 0, 0, this.used);
      this.buffer = grown;
    }
    return this.buffer.subarray(this.used);
  }

  took(count: number): void {
    this.used += count;
    if (this.used > this.maxBytes) throw new SizeExceeded(this.used);
  }

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.used);
  }
}

/**
 * Whether an open FIFO is an anonymous pipe (`cmd | …`, `<(cmd)`), which always had a writer, and
 * not a named FIFO (mkfifo), which may have none yet. Linux names pipes `pipe:[inode]` in /proc.
 */
function isAnonymousPipe(fd: number): boolean {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`).startsWith('pipe:');
  } catch {
    return false;
  }
}

const isAgain = (error: unknown) => ['EAGAIN', 'EWOULDBLOCK'].includes((error as NodeJS.ErrnoException).code ?? '');

export interface StreamReadOptions {
  maxBytes: number;
  /** how long a named FIFO may stay without a writer before it is an error */
  fifoWaitMs: number;
}

/**
 * Reads a FIFO, pipe or device named on the command line to end of file, within `maxBytes`.
 *
 * Opened without blocking: a blocking open of a FIFO waits in the thread pool until a writer
 * comes, and nothing can cancel it. A non-blocking read then tells the states apart: data, or
 * "would block" (a writer is there, with nothing to say yet), or 0 — end of file, or, on a named
 * FIFO that no writer has opened yet, no writer at all. That last state may last `fifoWaitMs`
 * before it is an error naming the path; once a writer has been seen, the read waits for it as
 * long as it takes, like `cat` would.
 */
export async function readStreamToEnd(file: string, options: StreamReadOptions): Promise<Uint8Array> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (info.isSocket()) throw new StreamError('is a socket, not a file');
    const namedFifo = info.isFIFO() && !isAnonymousPipe(handle.fd);
    const started = Date.now();
    let writerSeen = !namedFifo;
    let pause = 2;
    const bytes = new ByteBuffer(options.maxBytes, info.isFile() ? info.size + 1 : CHUNK);
    for (;;) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(bytes.space(), 0, undefined, null));
      } catch (error) {
        if (!isAgain(error)) throw error;
        writerSeen = true;
        await sleep(pause);
        pause = Math.min(pause * 2, 100);
        continue;
      }
      if (bytesRead > 0) {
        writerSeen = true;
        pause = 2;
        bytes.took(bytesRead);
        continue;
      }
      if (writerSeen) return bytes.bytes();
      if (Date.now() - started >= options.fifoWaitMs) {
        throw new StreamError(`no writer opened this FIFO within ${formatWait(options.fifoWaitMs)}; start the command that writes to it first`);
      }
      await sleep(pause);
      pause = Math.min(pause * 2, 100);
    }
  } finally {
    await handle.close();
  }
}

function formatWait(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
