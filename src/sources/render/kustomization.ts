import { stat } from 'node:fs/promises';
import path from 'node:path';
import { isRecord, readYamlFile, stringOf } from './read-yaml-file.js';

/** The names kustomize looks for in a directory, in its order. */
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

export async function kustomizationFileIn(directory: string): Promise<string | undefined> {
  for (const name of KUSTOMIZATION_FILES) {
    try {
      if ((await stat(path.join(directory, name))).isFile()) return path.join(directory, name);
    } catch {
      // not this name
    }
  }
  return undefined;
}

export interface KustomizationInfo {
  directory: string;
  file: string;
  /** a Component is only ever built as part of a Kustomization */
  component: boolean;
  /** files it names (resources, patches, generator inputs, configurations), absolute */
  files: string[];
  /** directories it names (bases, components, directory resources), absolute */
  directories: string[];
  problem?: string;
}

/** A remote resource (git or HTTP): kustomize fetches it; it is no file of this repository. */
function isRemote(reference: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(reference) || reference.startsWith('git@') || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(reference);
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** `key=path` or `path` of a generator's `files`. */
function generatorFile(entry: string): string {
  const at = entry.indexOf('=');
  return at === -1 ? entry : entry.slice(at + 1);
}

/** Every path a kustomization names, by field, as kustomize reads them (inline patches are text, not paths). */
function namedPaths(spec: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const key of ['resources', 'bases', 'components', 'crds', 'configurations', 'transformers', 'generators', 'validators']) out.push(...strings(spec[key]));
  // patchesStrategicMerge entries are paths, or inline patches (which hold a newline or a colon)
  out.push(...strings(spec['patchesStrategicMerge']).filter((entry) => !entry.includes('\n') && !entry.includes(': ')));
  for (const key of ['patches', 'patchesJson6902', 'replacements']) {
    const items = Array.isArray(spec[key]) ? spec[key] : [];
    for (const item of items) if (isRecord(item) && stringOf(item['path'])) out.push(stringOf(item['path'])!);
  }
  for (const key of ['configMapGenerator', 'secretGenerator']) {
    const items = Array.isArray(spec[key]) ? spec[key] : [];
    for (const item of items) {
      if (!isRecord(item)) continue;
      out.push(...strings(item['files']).map(generatorFile), ...strings(item['envs']), ...strings(item['env']));
    }
  }
  const openapi = spec['openapi'];
  if (isRecord(openapi) && stringOf(openapi['path'])) out.push(stringOf(openapi['path'])!);
  return out.filter((entry) => entry !== '' && !isRemote(entry));
}

/** Reads a kustomization and sorts what it names into files and directories (those that exist). */
export async function readKustomization(directory: string, file: string): Promise<KustomizationInfo> {
  const info: KustomizationInfo = { directory, file, component: false, files: [], directories: [] };
  const read = await readYamlFile(file);
  if ('problem' in read) return { ...info, problem: `${path.basename(file)} ${read.problem}` };
  if (!isRecord(read.value)) return read.value === null || read.value === undefined ? info : { ...info, problem: `${path.basename(file)} is not a mapping` };
  info.component = read.value['kind'] === 'Component';
  for (const named of namedPaths(read.value)) {
    const full = path.resolve(directory, named);
    try {
      const entry = await stat(full);
      if (entry.isDirectory()) info.directories.push(full);
      else if (entry.isFile()) info.files.push(full);
    } catch {
      // kustomize reports a path that does not exist when it builds
    }
  }
  return info;
}

export interface KustomizeLayout {
  /** kustomizations to build: no other kustomization reaches them, and they are no Component */
  roots: KustomizationInfo[];
  /** every file some kustomization reads (its own file included): never judged on its own */
  reached: Set<string>;
  /** kustomizations that could not be read */
  problems: KustomizationInfo[];
}

/**
 * From the kustomization directories found while walking (and those named on the command line),
 * the overlays to build once each and the files they read. A base or component that an overlay
 * includes is built only as part of that overlay; following references leaves the walked tree
 * when an overlay names a base elsewhere, so that a base found later is still known as reached.
 */
export async function planKustomize(found: readonly string[], named: ReadonlySet<string>): Promise<KustomizeLayout> {
  const infos = new Map<string, KustomizationInfo>();
  const pending = [...found];
  const reachedDirectories = new Set<string>();
  const reached = new Set<string>();
  while (pending.length > 0) {
    const directory = pending.shift()!;
    if (infos.has(directory)) continue;
    const file = await kustomizationFileIn(directory);
    if (!file) continue;
    const info = await readKustomization(directory, file);
    infos.set(directory, info);
    reached.add(file);
    for (const entry of info.files) reached.add(entry);
    for (const entry of info.directories) {
      reachedDirectories.add(entry);
      pending.push(entry);
    }
    // bounded: a repository has a few hundred kustomizations at most; cycles stop at `infos`
    if (infos.size > 10_000) break;
  }
  const roots: KustomizationInfo[] = [];
  const problems: KustomizationInfo[] = [];
  for (const directory of found) {
    const info = infos.get(directory);
    if (!info) continue;
    if (info.problem) problems.push(info);
    else if (!info.component && (named.has(directory) || !reachedDirectories.has(directory))) roots.push(info);
  }
  return { roots, reached, problems };
}
