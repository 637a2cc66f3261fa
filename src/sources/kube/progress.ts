/** Where the live source reports how far listing has come. */
export interface ProgressSink {
  update(line: string): void;
  done(): void;
}

const REDRAW_MS = 100;

/**
 * A single, rewritten status line, or nothing when the stream is not a
 * terminal: CI logs and redirected stderr must not fill up with carriage returns.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now): ProgressSink | undefined {
  if (!stream.isTTY) return undefined;
  let last = 0;
  let shown = false;
  return {
    update(line) {
      const time = now();
      if (time - last < REDRAW_MS) return;
      last = time;
      const width = Math.max(20, (stream.columns || 80) - 1);
      // Context and namespace names come from kubeconfig and flags: no control sequences reach the terminal.
      const safe = line.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
      stream.write(`\r\x1b[K${safe.length > width ? `${safe.slice(0, width - 1)}…` : safe}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
