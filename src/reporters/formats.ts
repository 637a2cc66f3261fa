/**
 * The report formats, apart from the reporters themselves: the CLI names them in its help and
 * completion, which must not load every reporter (start-up time).
 */
export const FORMATS = ['table', 'json', 'sarif', 'junit', 'html', 'markdown', 'asff'] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}
