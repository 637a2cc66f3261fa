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
  // Asynchronous stdout: under load, lines that arrive while a write is in flight go out in
  // one write instead of a syscall per decision; pino flushes what is left when the process exits.
  return pino(settings, options.destination ?? pino.destination({ dest: 1, sync: false }));
}
