import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * JSON lines on stdout (or the given stream). Request logs carry only the identity of the
 * object (kind, namespace, name, operation, user) and the check IDs: never field values,
 * which may hold credentials.
 */
export function createLogger(options: { level?: LogLevel; destination?: DestinationStream } = {}): Logger {
  const settings = { level: options.level ?? 'info', base: { service: 'eksguard-webhook' }, timestamp: pino.stdTimeFunctions.isoTime };
  if (options.destination) return pino(settings, options.destination);
  // Buffered stdout: a write per 8 KiB of lines rather than a syscall per decision (the
  // write was a tenth of a request's CPU), and at least every half second so a quiet
  // webhook's lines are not held back. Flushed on stop, and by pino at exit.
  const stdout = pino.destination({ dest: 1, sync: false, minLength: 8192 });
  const flusher = setInterval(() => {
    try {
      stdout.flush();
    } catch {
      clearInterval(flusher); // destroyed at exit: nothing left to flush
    }
  }, 500);
  flusher.unref();
  return pino(settings, stdout);
}
