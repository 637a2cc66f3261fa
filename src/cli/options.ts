import { existsSync } from 'node:fs';
import { SEVERITIES, isSeverity, type Severity } from '../core/types.js';
import type { PssLevel } from '../core/check.js';
import { FORMATS, isFormat, type Format } from '../reporters/formats.js';
import { isPssVersion } from '../k8s/pss/index.js';
import { pathGlobProblem } from '../core/path-glob.js';
import { UsageError } from './errors.js';
import { DEFAULT_FIFO_WAIT_MS } from '../sources/manifests/index.js';
import type { ScanRenderOptions } from './scan-options.js';
import type { OutputTarget } from './output-target.js';

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

/** File name endings that name a report format, longest first (`x.junit.xml` before `x.xml`). */
const FORMAT_EXTENSIONS: readonly (readonly [string, Format])[] = [
  ['.sarif.json', 'sarif'],
  ['.junit.xml', 'junit'],
  ['.json', 'json'],
  ['.sarif', 'sarif'],
  ['.xml', 'junit'],
  ['.html', 'html'],
  ['.htm', 'html'],
  ['.md', 'markdown'],
  ['.markdown', 'markdown'],
  ['.txt', 'table'],
];

/** The format an --output file's name implies, when it implies one. */
export function formatOfFile(file: string): Format | undefined {
  const name = file.toLowerCase();
  return FORMAT_EXTENSIONS.find(([extension]) => name.endsWith(extension))?.[1];
}

/**
 * Pairs each --format with the --output after it, in order. An --output with no --format of its
 * own takes the format its extension names (`-o report.sarif`), so a file never gets the table by
 * accident; an extension that names none is an error.
 */
export function pairOutputs(formats: string[], files: string[]): OutputTarget[] {
  for (const format of formats) {
    if (!isFormat(format)) throw new UsageError(`invalid --format "${format}"`, `use one of: ${FORMATS.join(', ')}`);
  }
  const chosen = [...formats] as Format[];
  for (const file of files.slice(formats.length)) {
    const format = file === '-' ? undefined : formatOfFile(file);
    if (!format) {
      throw new UsageError(
        `no --format for --output ${file}, and its extension names none`,
        'give --format before it, or use .json, .sarif, .xml (JUnit), .html, .md or .txt (table)',
      );
    }
    chosen.push(format);
  }
  if (chosen.length === 0) chosen.push('table');
  const targets = chosen.map((format, index) => ({ format, ...(files[index] ? { file: files[index] } : {}) }));
  if (targets.filter((target) => !target.file || target.file === '-').length > 1) {
    throw new UsageError('only one format can be written to standard output', 'give an --output FILE for each additional --format');
  }
  return targets;
}


export function parseExcludes(patterns: readonly string[]): string[] {
  for (const pattern of patterns) {
    const problem = pathGlobProblem(pattern);
    if (problem) throw new UsageError(`invalid --exclude: ${problem}`, 'for example: --exclude "charts/**" --exclude "*.json"');
  }
  return [...patterns];
}

/** `EKSGUARD_FIFO_WAIT_SECONDS`: how long a FIFO named as a path may stay without a writer (default 10). */
export function fifoWaitFromEnv(env: NodeJS.ProcessEnv): number {
  const value = env['EKSGUARD_FIFO_WAIT_SECONDS'];
  if (value === undefined || value === '') return DEFAULT_FIFO_WAIT_MS;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) throw new UsageError('invalid EKSGUARD_FIFO_WAIT_SECONDS', 'use a number of seconds between 0 and 3600, for example 10');
  return Math.round(seconds * 1000);
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Namespace names as Kubernetes accepts them (DNS-1123 labels). */
export function parseNamespaces(values: readonly string[], flag: string): string[] {
  for (const value of values) {
    if (value === '') throw new UsageError(`${flag} needs a name`);
    if (value.length > 63 || !DNS_LABEL.test(value)) throw new UsageError(`invalid ${flag} "${value}"`, 'a namespace is at most 63 lowercase letters, digits and -, starting and ending with a letter or digit');
  }
  return [...values];
}

/** How manifests are rendered and placed: the Helm, Kustomize, namespace and stdin options of `scan`. */
export function parseRenderOptions(options: Record<string, unknown>): ScanRenderOptions {
  const namespaces = parseNamespaces((options['namespace'] as string[] | undefined) ?? [], '--namespace');
  if (namespaces.length > 1 && !options['kube']) {
    throw new UsageError('--namespace takes one namespace for manifests', 'repeat --namespace only with --kube, to read several namespaces of the cluster');
  }
  const helmNamespace = options['helmNamespace'] === undefined ? undefined : parseNamespaces([String(options['helmNamespace'])], '--helm-namespace')[0]!;
  const release = options['helmRelease'] === undefined ? undefined : String(options['helmRelease']);
  if (release !== undefined && (release.length > 53 || !DNS_LABEL.test(release))) {
    throw new UsageError(`invalid --helm-release "${release}"`, 'a release name is at most 53 lowercase letters, digits and -, as Helm requires');
  }
  const values = (options['helmValues'] as string[] | undefined) ?? [];
  for (const file of values) if (!existsSync(file)) throw new UsageError(`--helm-values ${file}: no such file`, 'give a values file relative to the working directory');
  const sets = (options['helmSet'] as string[] | undefined) ?? [];
  for (const value of sets) if (!value.includes('=')) throw new UsageError(`invalid --helm-set "${value}"`, 'use key=value, for example --helm-set clusterName=prod');
  const stdinName = options['stdinName'] === undefined ? undefined : String(options['stdinName']);
  if (stdinName === '') throw new UsageError('--stdin-name needs a path');
  return {
    render: options['render'] !== false,
    ...(namespaces.length === 1 ? { namespace: namespaces[0]! } : {}),
    helm: {
      ...(options['helmBin'] !== undefined ? { bin: String(options['helmBin']) } : {}),
      values: [...values],
      set: [...sets],
      ...(release !== undefined ? { release } : {}),
      ...(helmNamespace !== undefined ? { namespace: helmNamespace } : {}),
      includeTests: Boolean(options['helmTests']),
    },
    ...(options['kustomizeBin'] !== undefined ? { kustomizeBin: String(options['kustomizeBin']) } : {}),
    ...(stdinName !== undefined ? { stdinName } : {}),
  };
}
