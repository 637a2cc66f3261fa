import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { isRecord, readYamlFile, stringOf } from './read-yaml-file.js';

/** What eksguard reads of a chart itself: its name, and the dependencies that must be vendored. */
export interface ChartInfo {
  name: string;
  /** `library` charts hold only helpers for other charts: Helm cannot render them */
  type?: string;
  /** names of the charts it depends on (Chart.yaml `dependencies`, or requirements.yaml for apiVersion v1) */
  dependencies: string[];
}

export type ChartRead = { chart: ChartInfo } | { problem: string };

function dependencyNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => (isRecord(item) && stringOf(item['name']) ? [stringOf(item['name'])!] : []));
}

export async function readChart(chartDir: string): Promise<ChartRead> {
  const read = await readYamlFile(path.join(chartDir, 'Chart.yaml'));
  if ('problem' in read) return { problem: `Chart.yaml ${read.problem}` };
  if (!isRecord(read.value)) return { problem: 'Chart.yaml is not a mapping' };
  const name = stringOf(read.value['name']);
  if (!name) return { problem: 'Chart.yaml has no name' };
  let dependencies = dependencyNames(read.value['dependencies']);
  if (dependencies.length === 0 && read.value['apiVersion'] === 'v1') {
    const requirements = await readYamlFile(path.join(chartDir, 'requirements.yaml'));
    if ('value' in requirements && isRecord(requirements.value)) dependencies = dependencyNames(requirements.value['dependencies']);
  }
  const type = stringOf(read.value['type']);
  return { chart: { name, dependencies, ...(type ? { type } : {}) } };
}

/**
 * The dependencies that are not vendored under `charts/`, as Helm looks for them: a chart
 * directory of that name, or an archive `<name>-<version>.tgz`. Helm refuses to render a chart
 * with any of them missing, whether or not its condition enables it.
 */
export async function missingDependencies(chartDir: string, chart: ChartInfo): Promise<string[]> {
  if (chart.dependencies.length === 0) return [];
  let entries: { name: string; directory: boolean }[] = [];
  try {
    entries = (await readdir(path.join(chartDir, 'charts'), { withFileTypes: true })).map((entry) => ({ name: entry.name, directory: entry.isDirectory() }));
  } catch {
    return [...chart.dependencies];
  }
  const vendored = new Set<string>();
  for (const entry of entries) {
    if (entry.directory) {
      const sub = await readChart(path.join(chartDir, 'charts', entry.name));
      vendored.add('chart' in sub ? sub.chart.name : entry.name);
    }
  }
  const archives = entries.filter((entry) => !entry.directory && entry.name.endsWith('.tgz')).map((entry) => entry.name);
  return chart.dependencies.filter((name) => !vendored.has(name) && !archives.some((archive) => archive.startsWith(`${name}-`)));
}

/** Helm's rule for release names (DNS-1123 label, at most 53 characters). */
export function isReleaseName(name: string): boolean {
  return name.length <= 53 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name);
}
