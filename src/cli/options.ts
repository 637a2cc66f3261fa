import { SEVERITIES, isSeverity, type Severity } from '../core/types.js';
import type { PssLevel } from '../core/check.js';
import { FORMATS, isFormat, type Format } from '../reporters/index.js';
import { isPssVersion } from '../k8s/pss/index.js';
import { UsageError } from './errors.js';

export interface OutputTarget {
  format: Format;
  file?: string;
}

export function parseFailOn(value: string): Severity | 'none' {
  if (value === 'none' || isSeverity(value)) return value;
  throw new UsageError(`invalid --fail-on "${value}"`, `use one of: ${SEVERITIES.join(', ')}, none`);
}

export function parsePssLevel(value: string): PssLevel {
  if (value === 'baseline' || value === 'restricted') return value;
  throw new UsageError(`invalid --pss-level "${value}"`, 'use baseline or restricted');
}

export function parsePssVersion(value: string): string {
  if (isPssVersion(value)) return value;
  throw new UsageError(`invalid --pss-version "${value}"`, 'use latest or v1.N, for example v1.31');
}

export function pairOutputs(formats: string[], files: string[]): OutputTarget[] {
  const chosen = formats.length > 0 ? formats : ['table'];
  for (const format of chosen) {
    if (!isFormat(format)) throw new UsageError(`invalid --format "${format}"`, `use one of: ${FORMATS.join(', ')}`);
  }
  if (files.length > chosen.length) throw new UsageError('more --output files than --format options', 'give one --format before each --output');
  const targets = chosen.map((format, index) => ({ format: format as Format, ...(files[index] ? { file: files[index] } : {}) }));
  if (targets.filter((target) => !target.file || target.file === '-').length > 1) {
    throw new UsageError('only one format can be written to standard output', 'give an --output FILE for each additional --format');
  }
  return targets;
}

