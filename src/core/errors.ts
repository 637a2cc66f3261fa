/**
 * How a caught value is named in a finding or a log line: `Name: message` for an Error (the
 * name tells a TypeError from an AbortError), the value as text otherwise. Never the stack:
 * stacks are for `--debug`, not for reports or logs an attacker's input can reach.
 */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
