import { toKubeObject, type KubeObject } from '../../core/inventory.js';
import { isClusterScopedKind } from '../../k8s/namespace-scope.js';
import type { InputError, Location } from '../../core/types.js';
import { decodeYamlDocument, YamlProblem } from '../../k8s/kube-yaml/document.js';
import { splitKubectlStream } from '../../k8s/kube-yaml/stream.js';
import { checkBuiltinObject } from '../../k8s/kube-schema/check-object.js';
import { isNodeConfig, nodeConfigKubeletProblem } from '../../k8s/kubelet/node-config.js';
import { takeObjects } from './kubectl-objects.js';
import type { ManifestLimits } from './limits.js';
import { locatePathLine } from './locate-path.js';

/** The text of one YAML document and the line it starts on, kept to find the lines of fields. */
export interface DocumentChunk {
  /** 1-based line of the first line of the chunk */
  startLine: number;
  text: string;
}

export interface ParsedFile {
  objects: KubeObject[];
  errors: InputError[];
}

class BoundsExceeded extends Error {}

/**
 * Walks a JSON document once, counting every value. A JSON document cannot hold more values than
 * it has bytes and has no aliases; the walk only enforces the depth limit without recursion.
 */
function checkJsonBounds(root: unknown, limits: ManifestLimits): void {
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (typeof value === 'number' && !Number.isFinite(value)) throw new BoundsExceeded('a number is too large for Kubernetes to decode');
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limits.maxDepth) throw new BoundsExceeded(`document is nested deeper than ${limits.maxDepth} levels`);
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1 });
      else if (typeof child === 'number' && !Number.isFinite(child)) throw new BoundsExceeded('a number is too large for Kubernetes to decode');
    }
  }
}

function lineOfOffset(text: string, offset: number): number {
  let line = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) line += 1;
  return line;
}

export function fieldLocator(file: string, chunk: DocumentChunk | undefined, prefix: string): ((path: string) => Location | undefined) | undefined {
  if (!chunk) return undefined;
  return (path) => {
    const offset = locatePathLine(chunk.text, prefix ? prefix + path : path, chunk);
    return offset === undefined ? undefined : { file, line: chunk.startLine + offset };
  };
}

/** One parsed document, plain data only, so a worker thread can send it. */
export interface ParsedDocument {
  value: unknown;
  line: number;
  documentIndex: number;
  chunk?: DocumentChunk;
}

export interface ParsedDocuments {
  documents: ParsedDocument[];
  errors: InputError[];
}

/**
 * The errors Kubernetes would give for a decoded document: what kubectl refuses (no kind, a list
 * inside a list, wrong metadata types) and what the API server refuses (an apiVersion and kind it
 * does not serve, a field of the wrong type). Each names the line of the field where it can.
 */
function documentErrors(document: ParsedDocument, options: ParseOptions, out: InputError[]): void {
  const { file, apiChecks = true } = options;
  const { value, line, chunk } = document;
  const taken = takeObjects(value);
  const at = (prefix: string, path: string | undefined): Location => (path ? fieldLocator(file, chunk, prefix)?.(path) : undefined) ?? { file, line };
  for (const problem of taken.problems) out.push({ source: 'file', message: problem.message, location: at('', problem.path) });
  if (!apiChecks) return;
  for (const { raw, listIndex } of taken.objects) {
    // kubectl already refused a document-level object whose metadata it could not decode
    if (listIndex === undefined && taken.problems.length > 0) continue;
    // a nodeadm NodeConfig is no built-in kind, but its spec.kubelet.config is the kubelet's own type
    const problem = checkBuiltinObject(raw) ?? (isNodeConfig(raw) ? nodeConfigKubeletProblem(raw) : undefined);
    if (!problem) continue;
    const prefix = listIndex === undefined ? '' : `items[${listIndex}].`;
    const kind = typeof raw['kind'] === 'string' ? raw['kind'] : 'object';
    const metadata = raw['metadata'] as { name?: unknown } | null | undefined;
    const name = typeof metadata?.name === 'string' ? ` ${metadata.name}` : '';
    out.push({ source: 'file', message: `${kind}${name}: ${problem.message}`, location: at(prefix, problem.path) });
  }
}

/**
 * Reads a file's text into documents exactly as kubectl does (see kube-yaml/): every document's
 * value is the JSON Kubernetes decodes, or an error entry with its line. Messages never quote
 * the input: a manifest's values can be secrets.
 */
export interface ParseOptions {
  text: string;
  file: string;
  limits: ManifestLimits;
  /** also report what the API server would refuse: kinds it does not serve, fields of the wrong type (default true) */
  apiChecks?: boolean;
}

export function parseDocuments(options: ParseOptions): ParsedDocuments {
  const { text, file, limits } = options;
  const out: ParsedDocuments = { documents: [], errors: [] };
  const stream = splitKubectlStream(text);
  for (const problem of stream.problems) out.errors.push({ source: 'file', message: problem.message, location: { file, line: problem.line } });
  if (stream.pieces.length > limits.maxDocumentsPerFile) {
    out.errors.push({ source: 'file', message: `more than ${limits.maxDocumentsPerFile} documents in one file`, location: { file } });
    return out;
  }
  stream.pieces.forEach((piece, documentIndex) => {
    const text = piece.format === 'yaml' ? piece.text : '';
    let document: ParsedDocument;
    try {
      if (piece.format === 'json') {
        checkJsonBounds(piece.value, limits);
        document = { value: piece.value, line: piece.startLine, documentIndex };
      } else {
        const value = decodeYamlDocument(piece.text, limits, piece.markers);
        document = { value, line: piece.startLine, documentIndex, chunk: { startLine: piece.startLine, text: piece.text } };
      }
    } catch (error) {
      if (error instanceof YamlProblem) {
        out.errors.push({ source: 'file', message: `invalid YAML: ${error.message}`, location: { file, line: piece.startLine + lineOfOffset(text, error.offset) } });
      } else if (error instanceof BoundsExceeded) {
        out.errors.push({ source: 'file', message: error.message, location: { file, line: piece.startLine } });
      } else {
        throw error;
      }
      return;
    }
    out.documents.push(document);
    documentErrors(document, options, out.errors);
  });
  return out;
}

/**
 * Which input objects belong to, and where the ones that set no namespace are placed (see
 * k8s/namespace-scope.ts). Left out, the file is its own source.
 */
export interface ObjectSource {
  /** the source: a file, a chart, an overlay (default: the file) */
  id?: string;
  /** the file that stands for the source in reports (default: the file) */
  file?: string;
  /** the namespace of namespaced objects that set none: `--namespace`, or a renderer's namespace */
  namespace?: string;
  /** eksguard chose `namespace` because the input did not say: it stays this source's own */
  assumed?: boolean;
  /** where a renderer says a decoded object comes from (Kustomize origins): its location and field locator replace the text's */
  origins?: ReadonlyMap<object, { location: Location; locateField?: (path: string) => Location | undefined }>;
  /** the renderer that made the objects (their text is output, never a file to edit) */
  rendered?: 'chart' | 'overlay';
}

function documentObjects(document: ParsedDocument, file: string, source: ObjectSource, out: ParsedFile): void {
  const { value, line, documentIndex, chunk } = document;
  const sourceId = source.id ?? file;
  // the document's problems were reported when it was parsed
  for (const { raw, listIndex } of takeObjects(value, { problems: false }).objects) {
    const origin = source.origins?.get(raw);
    const locateField = origin ? origin.locateField : fieldLocator(file, chunk, listIndex === undefined ? '' : `items[${listIndex}].`);
    const provenance = {
      source: 'manifest' as const,
      location: origin?.location ?? { file, line },
      documentIndex,
      ...(listIndex === undefined ? {} : { listIndex }),
      ...(locateField ? { locateField } : {}),
      sourceId,
      sourceFile: source.file ?? file,
      ...(source.assumed && source.namespace !== undefined ? { assumedNamespace: source.namespace } : {}),
      ...(source.rendered ? { rendered: source.rendered } : {}),
    };
    const object = toKubeObject(raw, provenance)!;
    const placed = object.namespace === undefined && source.namespace !== undefined && !isClusterScopedKind(object.kind);
    out.objects.push(placed ? { ...object, namespace: source.namespace! } : object);
  }
}

/** Turns parsed documents into Kubernetes objects (expanding lists as kubectl does), in document order. */
export function objectsOfDocuments(parsed: ParsedDocuments, file: string, source: ObjectSource = {}): ParsedFile {
  const out: ParsedFile = { objects: [], errors: [...parsed.errors] };
  for (const document of parsed.documents) documentObjects(document, file, source, out);
  const line = (error: InputError): number => error.location?.line ?? 0;
  out.errors.sort((a, b) => line(a) - line(b));
  return out;
}

export function parseManifestText(options: ParseOptions & { source?: ObjectSource }): ParsedFile {
  return objectsOfDocuments(parseDocuments(options), options.file, options.source);
}
