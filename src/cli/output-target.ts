import type { Format } from '../reporters/index.js';

/** One `--format` and where it goes: a file, or standard output when `file` is absent. */
export interface OutputTarget {
  format: Format;
  file?: string;
}
