import { createInventory, type Inventory, type KubeObject } from '../../core/inventory.js';
import type { PathGlob } from '../../core/path-glob.js';
import type { InputError } from '../../core/types.js';
import { MANIFEST_LIMITS, type ManifestLimits } from './limits.js';
import { anyDocumentDeclaresKubernetesObject, documentsDeclareInfrastructure, textDeclaresInfrastructure, textDeclaresKubernetesObject } from './manifest-kind.js';
import type { IacKind } from '../iac/detect.js';
import { objectsOfDocuments, parseDocuments, type ParsedDocuments } from './parse-documents.js';
import { MIN_FILES_FOR_WORKERS, parseFiles, workersAvailable, type FileEntry, type ParseResult } from './parse-pool.js';
import { displayPath, listManifestFiles, readManifestText, readPrefix, STDIN_PATH, type ManifestFile, type ReadOptions } from './read-files.js';
import { objectsOfRendered } from './rendered.js';
import { MAX_RENDERED_SOURCES, planKustomize, renderSources, type RenderOptions } from '../render/index.js';
import { isHelmTestHook } from './helm-hooks.js';
import path from 'node:path';

export { MANIFEST_LIMITS, type ManifestLimits } from './limits.js';
export { parseManifestText } from './parse-documents.js';
export { DEFAULT_FIFO_WAIT_MS } from './read-files.js';
export type { RenderOptions } from '../render/index.js';

export interface ManifestSourceOptions {
  paths: readonly string[];
  cwd: string;
  limits?: ManifestLimits;
  /** parse on worker threads when the package is built and there are enough files (default true) */
  workers?: boolean;
  /** called with each file's objects, in file order, as soon as they are read: evaluation can start before the last file is in */
  onObjects?: (objects: readonly KubeObject[]) => void;
  /** `--exclude` and the config's `exclude:`: paths left out, matched relative to each scanned directory and to `cwd` */
  exclude?: readonly PathGlob[];
  /** eksguard's own config and baseline files: never read as manifests */
  ownFiles?: readonly string[];
  /** how long a FIFO named on the command line may stay without a writer (default 10 s) */
  fifoWaitMs?: number;
  /** render Helm charts and Kustomize overlays found in the paths (`--no-render` leaves this out: chart templates are skipped, kustomizations read as files) */
  render?: RenderOptions;
  /** `--namespace`: the namespace of objects that set none (default: each source's own, see k8s/namespace-scope.ts) */
  namespace?: string;
  /** `--stdin-name`: the name standard input has in reports (default `<stdin>`) */
  stdinName?: string;
  /** `--helm-tests`: keep Helm test hooks (Pods and Jobs annotated `helm.sh/hook: test`), which are never deployed with the release */
  helmTests?: boolean;
  /** `--skip-non-kubernetes`: a named file that holds no Kubernetes object is skipped as a walked one is, not an error */
  skipNonKubernetes?: boolean;
}

/** What the manifest source read, for the report's summary. */
export interface ManifestCounts {
  /** files read as manifests */
  files: number;
  /** Kubernetes objects read from them */
  objects: number;
  /** files found while walking directories and left out as not Kubernetes (see manifest-kind.ts) */
  skippedFiles: number;
  /** Helm charts rendered (with errors or not) */
  charts?: number;
  /** Kustomize overlays built */
  overlays?: number;
  /** Helm test hooks left out (see `--helm-tests`) */
  helmTests?: number;
}

/** A file whose content is infrastructure code: handed to the infrastructure source, not read as manifests. */
export interface InfrastructureFound {
  file: string;
  displayName: string;
  kind: IacKind;
}

export type ManifestInventory = Inventory & { readonly counts: ManifestCounts; readonly infrastructure: readonly InfrastructureFound[] };

/**
 * A walked file judged by its text once every file is in: parsed with errors and no document that
 * declares an object, or not readable as a manifest at all (too large, binary, not UTF-8).
 */
type Undecided = { index: number; entry: FileEntry } & ({ parsed: ParsedDocuments } | { error: InputError });

/** How much of a walked file that cannot be read as a manifest is looked at to tell whether it is one. */
const SNIFF_BYTES = 64 * 1024;

class Collector {
  readonly kube: KubeObject[] = [];
  /** per file, so that files judged late still report in file order */
  readonly errorsByFile: InputError[][] = [];
  readonly undecided: Undecided[] = [];
  readonly infrastructure: (InfrastructureFound & { index: number })[] = [];
  readonly counts: ManifestCounts = { files: 0, objects: 0, skippedFiles: 0 };

  private readonly inputs: readonly ManifestFile[];
  private readonly options: ManifestSourceOptions;

  constructor(inputs: readonly ManifestFile[], options: ManifestSourceOptions) {
    this.inputs = inputs;
    this.options = options;
  }

  /** Keeps the objects a deployment would create: Helm's test hooks run only on `helm test`. */
  keep(objects: readonly KubeObject[]): KubeObject[] {
    if (this.options.helmTests) return [...objects];
    const kept = objects.filter((object) => !isHelmTestHook(object));
    if (kept.length < objects.length) this.counts.helmTests = (this.counts.helmTests ?? 0) + objects.length - kept.length;
    return kept;
  }

  add(objects: readonly KubeObject[]): void {
    const kept = this.keep(objects);
    this.counts.objects += kept.length;
    for (const object of kept) this.kube.push(object);
    this.options.onObjects?.(kept);
  }

  take(result: ParseResult, entry: FileEntry, index: number): void {
    const infrastructure = 'parsed' in result && !this.inputs[index]!.stream ? documentsDeclareInfrastructure(result.parsed.documents) : undefined;
    if (infrastructure) {
      this.infrastructure.push({ index, file: entry.file, displayName: entry.displayName, kind: infrastructure });
      return;
    }
    if ('error' in result) {
      if (this.inputs[index]!.walked) this.undecided.push({ index, entry, error: result.error });
      else this.errorsByFile[index] = [result.error];
      return;
    }
    if (this.inputs[index]!.walked && !anyDocumentDeclaresKubernetesObject(result.parsed.documents)) {
      if (result.parsed.errors.length === 0) this.counts.skippedFiles += 1;
      else this.undecided.push({ index, entry, parsed: result.parsed });
      return;
    }
    // a named file that does not parse may be a CloudFormation template with short-form tags: judged by its text at the end
    if (!this.inputs[index]!.stream && result.parsed.errors.length > 0 && !anyDocumentDeclaresKubernetesObject(result.parsed.documents)) {
      this.undecided.push({ index, entry, parsed: result.parsed });
      return;
    }
    this.accept(result.parsed, entry, index);
  }

  accept(parsed: ParsedDocuments, entry: FileEntry, index: number): void {
    const namespace = this.options.namespace;
    const file = objectsOfDocuments(parsed, entry.displayName, namespace !== undefined ? { namespace } : {});
    this.counts.files += 1;
    this.errorsByFile[index] = file.errors;
    this.add(file.objects);
  }
}

/** Reads manifest files, directories and stdin into an inventory; unreadable input becomes an error entry, never an exception. */
export async function collectManifests(options: ManifestSourceOptions): Promise<ManifestInventory> {
  const limits = options.limits ?? MANIFEST_LIMITS;
  const listing = await listManifestFiles(options.paths, {
    limits,
    cwd: options.cwd,
    ...(options.exclude ? { exclude: options.exclude } : {}),
    ...(options.ownFiles ? { ownFiles: options.ownFiles } : {}),
    render: options.render !== undefined,
    ...(options.skipNonKubernetes ? { namedAsWalked: true } : {}),
  });
  const listingErrors = listing.errors.map((error) => ({
    ...error,
    ...(error.location ? { location: { ...error.location, file: displayPath(error.location.file, options.cwd) } } : {}),
  }));
  const display = (file: string) => displayPath(file, options.cwd);
  // files a kustomization reads (patches, resources, its own file) are judged in its output, never alone
  const plan = options.render ? await planKustomize(listing.kustomizations, listing.namedKustomizations) : undefined;
  for (const problem of plan?.problems ?? []) listingErrors.push({ source: 'kustomize', message: `overlay ${display(problem.directory)}: ${problem.problem}`, location: { file: display(problem.file) } });
  const files = plan ? listing.files.filter((input) => !plan.reached.has(path.resolve(input.file))) : listing.files;
  const collector = new Collector(files, options);
  collector.counts.skippedFiles += listing.skipped;
  const entries = files.map((input) => ({ file: input.file, displayName: input.file === STDIN_PATH && options.stdinName !== undefined ? options.stdinName : (input.given ?? displayPath(input.file, options.cwd)) }));
  const parse = async (entry: FileEntry, readOptions: ReadOptions = {}): Promise<ParseResult> => {
    const read = await readManifestText(entry.file, entry.displayName, limits, readOptions);
    return 'message' in read ? { error: read } : { parsed: parseDocuments({ text: read.text, file: read.file, limits }) };
  };
  // Streams are read on this thread, in order: standard input can be read only here, and a slow
  // FIFO writer would stall a worker.
  const streams = listing.files.some((input) => input.stream);
  const useWorkers = (options.workers ?? true) && workersAvailable() && entries.length >= MIN_FILES_FOR_WORKERS && !streams;
  if (useWorkers) {
    await parseFiles(entries, limits, (entry) => parse(entry), { onResult: (result, index) => collector.take(result, entries[index]!, index) });
  } else {
    for (const [index, entry] of entries.entries()) {
      const stream = files[index]!.stream;
      collector.take(await parse(entry, { stream, ...(stream && options.fifoWaitMs !== undefined ? { fifoWaitMs: options.fifoWaitMs } : {}) }), entry, index);
    }
  }
  for (const undecided of collector.undecided) {
    const { index, entry } = undecided;
    if ('error' in undecided) {
      // a 40 MiB package-lock.json or a binary file named .json is no manifest; a file that cannot be opened stays an error
      const prefix = await readPrefix(entry.file, SNIFF_BYTES);
      const infrastructure = prefix === undefined ? undefined : textDeclaresInfrastructure(prefix);
      if (infrastructure) collector.infrastructure.push({ index, file: entry.file, displayName: entry.displayName, kind: infrastructure });
      else if (prefix !== undefined && !textDeclaresKubernetesObject(prefix)) collector.counts.skippedFiles += 1;
      else collector.errorsByFile[index] = [undecided.error];
      continue;
    }
    // only regular files are undecided: read again, since a worker may have parsed them
    const read = await readManifestText(entry.file, entry.displayName, limits);
    const infrastructure = 'message' in read ? undefined : textDeclaresInfrastructure(read.text.slice(0, SNIFF_BYTES));
    if ('message' in read) collector.errorsByFile[index] = [read];
    else if (infrastructure) collector.infrastructure.push({ index, file: entry.file, displayName: entry.displayName, kind: infrastructure });
    else if (!listing.files[index]!.walked || textDeclaresKubernetesObject(read.text)) collector.accept(undecided.parsed, entry, index);
    else collector.counts.skippedFiles += 1;
  }
  const renderErrors: InputError[] = [];
  if (options.render && plan) {
    if (listing.charts.length + plan.roots.length > MAX_RENDERED_SOURCES) {
      renderErrors.push({ source: 'render', message: `more than ${MAX_RENDERED_SOURCES} charts and overlays; the first ${MAX_RENDERED_SOURCES} are rendered: scan fewer paths at once` });
    }
    await renderSources({
      charts: listing.charts,
      overlays: plan.roots,
      render: options.render,
      manifestLimits: limits,
      display,
      cwd: options.cwd,
      onSource: (source) => {
        if (source.skipped) {
          collector.counts.skippedFiles += 1;
          return;
        }
        if (source.kind === 'chart') collector.counts.charts = (collector.counts.charts ?? 0) + 1;
        else collector.counts.overlays = (collector.counts.overlays ?? 0) + 1;
        const rendered = objectsOfRendered(source, { limits, ...(options.namespace !== undefined ? { namespace: options.namespace } : {}) });
        renderErrors.push(...rendered.errors);
        collector.add(rendered.objects);
      },
    });
  }
  const errors = [...listingErrors, ...collector.errorsByFile.flatMap((fileErrors) => fileErrors ?? []), ...renderErrors];
  const infrastructure = collector.infrastructure.sort((a, b) => a.index - b.index).map(({ file, displayName, kind }) => ({ file, displayName, kind }));
  return { ...createInventory({ kube: collector.kube, errors }), counts: collector.counts, infrastructure };
}
