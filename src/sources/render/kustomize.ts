import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load, JSON_SCHEMA } from 'js-yaml';
import type { InputError } from '../../core/types.js';
import type { ManifestLimits } from '../manifests/limits.js';
import { fieldLocator, parseDocuments, type ParsedDocument } from '../manifests/parse-documents.js';
import { decodeManifestBytes } from '../manifests/read-files.js';
import type { KustomizationInfo } from './kustomization.js';
import { isRecord, stringOf } from './read-yaml-file.js';
import { findExecutable, runTool, toolMessage } from './run-tool.js';
import type { ObjectOrigin, RenderedSource, RenderLimits } from './types.js';

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

export const KUSTOMIZE_INSTALL_HINT =
  'install kubectl (its `kubectl kustomize` is enough) or kustomize, or name one with --kustomize-bin; or build the overlay yourself and pipe it: kubectl kustomize DIR | eksguard scan - --stdin-name DIR; or scan the raw files with --no-render';

export interface KustomizeOptions {
  /** `--kustomize-bin`: kubectl or kustomize (default: kubectl on PATH, else kustomize) */
  bin?: string;
}

/** How to build with an executable: `kubectl kustomize DIR` or `kustomize build DIR`. */
async function builder(options: KustomizeOptions): Promise<{ bin: string; args: (dir: string) => string[] } | { problem: string }> {
  const asBuilder = (bin: string) => ({ bin, args: path.basename(bin).startsWith('kubectl') ? (dir: string) => ['kustomize', dir] : (dir: string) => ['build', dir] });
  if (options.bin !== undefined) {
    const bin = await findExecutable(options.bin);
    return bin ? asBuilder(bin) : { problem: `--kustomize-bin ${options.bin} is not an executable file` };
  }
  const bin = (await findExecutable('kubectl')) ?? (await findExecutable('kustomize'));
  return bin ? asBuilder(bin) : { problem: 'neither kubectl nor kustomize was found on PATH' };
}

/**
 * What kustomize records in `config.kubernetes.io/origin` (buildMetadata: originAnnotations): the
 * file a resource was read from (`path`), or the kustomization whose generator made it
 * (`configuredIn`); relative to the kustomization being built. Remote origins (`repo`) name no
 * file here.
 */
export function readOrigin(annotation: string): { path?: string; configuredIn?: string; remote?: boolean } | undefined {
  let value: unknown;
  try {
    value = load(annotation, { schema: JSON_SCHEMA });
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  if (stringOf(value['repo'])) return { remote: true };
  const origin: { path?: string; configuredIn?: string } = {};
  if (stringOf(value['path'])) origin.path = stringOf(value['path'])!;
  if (stringOf(value['configuredIn'])) origin.configuredIn = stringOf(value['configuredIn'])!;
  return origin;
}

/** Takes the origin annotation off an object (it is kustomize's, not the author's) and returns it. */
export function takeOrigin(object: Record<string, unknown>): string | undefined {
  const metadata = object['metadata'];
  if (!isRecord(metadata) || !isRecord(metadata['annotations'])) return undefined;
  const annotations = metadata['annotations'];
  const value = annotations[ORIGIN_ANNOTATION];
  if (typeof value !== 'string') return undefined;
  delete annotations[ORIGIN_ANNOTATION];
  if (Object.keys(annotations).length === 0) delete metadata['annotations'];
  return value;
}

function nameOf(value: unknown): string {
  return isRecord(value) && isRecord(value['metadata']) && typeof value['metadata']['name'] === 'string' ? value['metadata']['name'] : '';
}

/**
 * The document of a source file an output object comes from: the one of the same kind and name,
 * else the one whose name the output's contains (a namePrefix or nameSuffix), else the only one
 * of that kind.
 */
function matchDocument(documents: readonly ParsedDocument[], object: Record<string, unknown>): ParsedDocument | undefined {
  const kind = object['kind'];
  const name = nameOf(object);
  const sameKind = documents.filter((document) => isRecord(document.value) && document.value['kind'] === kind);
  return (
    sameKind.find((document) => nameOf(document.value) === name) ??
    sameKind.find((document) => nameOf(document.value) !== '' && name.includes(nameOf(document.value))) ??
    (sameKind.length === 1 ? sameKind[0] : undefined)
  );
}

/** Finds objects in the repository files their origins name; each file is read once per overlay. */
class OriginResolver {
  private readonly parsed = new Map<string, Promise<ParsedDocument[] | undefined>>();
  private readonly wrapperDir: string;
  private readonly fallback: string;
  private readonly display: (file: string) => string;
  private readonly limits: ManifestLimits;

  constructor(wrapperDir: string, fallback: string, display: (file: string) => string, limits: ManifestLimits) {
    this.wrapperDir = wrapperDir;
    this.fallback = fallback;
    this.display = display;
    this.limits = limits;
  }

  private documents(file: string): Promise<ParsedDocument[] | undefined> {
    let documents = this.parsed.get(file);
    if (!documents) {
      // only a regular file within the size limit: an origin never makes eksguard wait on a FIFO or read a device
      documents = stat(file)
        .then(async (info) => {
          if (!info.isFile() || info.size > this.limits.maxFileBytes) return undefined;
          const decoded = decodeManifestBytes(await readFile(file));
          return 'text' in decoded ? parseDocuments({ text: decoded.text, file, limits: this.limits, apiChecks: false }).documents : undefined;
        })
        .catch(() => undefined);
      this.parsed.set(file, documents);
    }
    return documents;
  }

  async resolve(annotation: string | undefined, object: Record<string, unknown>): Promise<ObjectOrigin> {
    const origin = annotation === undefined ? undefined : readOrigin(annotation);
    if (!origin || origin.remote || (!origin.path && !origin.configuredIn)) return { location: { file: this.fallback } };
    if (!origin.path) return { location: { file: this.display(path.resolve(this.wrapperDir, origin.configuredIn!)) } };
    const file = path.resolve(this.wrapperDir, origin.path);
    const shown = this.display(file);
    const document = matchDocument((await this.documents(file)) ?? [], object);
    if (!document) return { location: { file: shown } };
    const locateField = fieldLocator(shown, document.chunk, '');
    return { location: { file: shown, line: document.line }, ...(locateField ? { locateField } : {}) };
  }
}

/**
 * Builds one overlay with its origins: a kustomization in a temporary directory includes the
 * overlay and asks for origin annotations (`buildMetadata: [originAnnotations]`), which changes
 * nothing else of the output. When that fails (a kustomize too old for it), the overlay is built
 * as it is and its objects point at the kustomization.
 */
export async function renderOverlay(options: {
  overlay: KustomizationInfo;
  display: (file: string) => string;
  kustomize: KustomizeOptions;
  limits: RenderLimits;
  manifestLimits: ManifestLimits;
  cwd: string;
}): Promise<RenderedSource> {
  const { overlay, display, limits } = options;
  const id = display(overlay.directory);
  const file = display(overlay.file);
  const failed = (message: string): RenderedSource => ({
    kind: 'overlay',
    id,
    file,
    files: [],
    errors: [{ source: 'kustomize', message: `overlay ${id}: ${message}`, location: { file } } satisfies InputError],
  });
  const build = await builder(options.kustomize);
  if ('problem' in build) return failed(`not built: ${build.problem}. Hint: ${KUSTOMIZE_INSTALL_HINT}`);
  const wrapperDir = await mkdtemp(path.join(tmpdir(), 'eksguard-kustomize-'));
  try {
    const relative = path.relative(wrapperDir, overlay.directory).split(path.sep).join('/');
    await writeFile(path.join(wrapperDir, 'kustomization.yaml'), `resources:\n- ${JSON.stringify(relative)}\nbuildMetadata: [originAnnotations]\n`);
    const run = (dir: string) => runTool({ bin: build.bin, args: build.args(dir), cwd: options.cwd, maxStdoutBytes: limits.maxOutputBytes, timeoutMs: limits.timeoutMs });
    let result = await run(wrapperDir);
    let withOrigins = true;
    if (!result.ok && result.reason === 'failed') {
      result = await run(overlay.directory);
      withOrigins = false;
    }
    if (!result.ok) {
      if (result.reason === 'not-found') return failed(`not built: ${build.bin} could not be run. Hint: ${KUSTOMIZE_INSTALL_HINT}`);
      if (result.reason === 'timeout') return failed(`kustomize did not finish within ${Math.round(limits.timeoutMs / 1000)} s`);
      if (result.reason === 'too-large') return failed(`kustomize printed more than ${Math.round(limits.maxOutputBytes / 1024 / 1024)} MiB`);
      if (result.reason === 'not-utf8') return failed('kustomize printed text that is not UTF-8');
      return failed(`kustomize build failed: ${toolMessage(result.stderr) || `exit code ${result.exitCode ?? 'unknown'}`}`);
    }
    const resolver = new OriginResolver(wrapperDir, file, display, options.manifestLimits);
    const origins = new Map<object, ObjectOrigin>();
    const parsed = parseDocuments({ text: result.stdout, file, limits: options.manifestLimits });
    for (const document of parsed.documents) {
      const items = isRecord(document.value) && Array.isArray(document.value['items']) ? document.value['items'] : [document.value];
      for (const item of items) {
        if (!isRecord(item)) continue;
        const annotation = takeOrigin(item);
        origins.set(item, withOrigins ? await resolver.resolve(annotation, item) : { location: { file } });
      }
    }
    return { kind: 'overlay', id, file, files: [{ file, text: result.stdout, parsed, origins }], errors: [] };
  } finally {
    await rm(wrapperDir, { recursive: true, force: true });
  }
}
