import yaml from 'js-yaml';
import { asRecord, toKubeObject, type KubeObject } from '../../core/inventory.js';
import { explainJsonSyntaxError } from '../../core/json-syntax.js';
import type { InputError, Location } from '../../core/types.js';
import { NOT_BLOCK_YAML, parseBlockYaml } from './block-yaml.js';
import type { ManifestLimits } from './limits.js';
import { locatePathLine } from './locate-path.js';
import { splitDocuments, type DocumentChunk } from './split-documents.js';

/** YAML 1.1 as Kubernetes reads it, but timestamps stay strings (Kubernetes reads them as strings too). */
const mergeKeyType = (yaml as unknown as { types: { merge: yaml.Type } }).types.merge;
export const KUBE_SCHEMA = yaml.CORE_SCHEMA.extend({ implicit: [mergeKeyType] });

export interface ParsedFile {
  objects: KubeObject[];
  errors: InputError[];
}

class BoundsExceeded extends Error {}

/**
 * Walks a parsed document once, counting every value reached (aliases count each time they are
 * reached). Without aliases a document cannot hold more values than it has bytes, so the budget
 * grows with the text (a `kind: List` dump of a whole cluster is legitimate) while alias
 * expansion is caught. Documents the block parser read have no aliases and are not walked.
 */
function checkBounds(root: unknown, limits: ManifestLimits, textLength: number): void {
  const budget = Math.max(limits.maxNodesPerDocument, textLength);
  let visited = 0;
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    visited += 1;
    if (visited > budget) {
      throw new BoundsExceeded(`document expands to more than ${budget} values, more than its text can hold (a YAML alias bomb?)`);
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limits.maxDepth) throw new BoundsExceeded(`document is nested deeper than ${limits.maxDepth} levels`);
    const children = Array.isArray(value) ? value : Object.values(value);
    for (const child of children) {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1 });
      else visited += 1;
    }
  }
}

function yamlErrorLine(error: unknown): number | undefined {
  const mark = (error as { mark?: { line?: number } }).mark;
  return typeof mark?.line === 'number' ? mark.line : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function describeParseError(error: unknown): string {
  if (error instanceof BoundsExceeded) return error.message;
  if (error instanceof RangeError) return 'document is nested too deeply to parse';
  if (error instanceof yaml.YAMLException) {
    if (/maxDepth/.test(error.reason)) return 'document is nested too deeply to parse';
    return `invalid YAML: ${firstLine(error.reason || error.message)}`;
  }
  return `cannot parse: ${error instanceof Error ? error.message : String(error)}`;
}

function fieldLocator(file: string, chunk: DocumentChunk | undefined, prefix: string): ((path: string) => Location | undefined) | undefined {
  if (!chunk) return undefined;
  return (path) => {
    const offset = locatePathLine(chunk.text, prefix ? prefix + path : path, chunk);
    return offset === undefined ? undefined : { file, line: chunk.startLine + offset };
  };
}

function addObjects(options: {
  value: unknown;
  file: string;
  line: number;
  documentIndex: number;
  chunk?: DocumentChunk;
  out: ParsedFile;
}): void {
  const { value, file, line, documentIndex, chunk, out } = options;
  if (value === null || value === undefined) return;
  const record = asRecord(value);
  if (!record) {
    out.errors.push({ source: 'file', message: 'document is not a Kubernetes object (expected a mapping)', location: { file, line } });
    return;
  }
  const kind = record['kind'];
  if (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(record['items'])) {
    (record['items'] as unknown[]).forEach((item, listIndex) => {
      const locateField = fieldLocator(file, chunk, `items[${listIndex}].`);
      const object = toKubeObject(item, { source: 'manifest', location: { file, line }, documentIndex, listIndex, ...(locateField ? { locateField } : {}) });
      if (object) out.objects.push(object);
      else out.errors.push({ source: 'file', message: `items[${listIndex}] has no kind`, location: { file, line } });
    });
    return;
  }
  const locateField = fieldLocator(file, chunk, '');
  const object = toKubeObject(record, { source: 'manifest', location: { file, line }, documentIndex, ...(locateField ? { locateField } : {}) });
  if (object) out.objects.push(object);
  else out.errors.push({ source: 'file', message: 'document has no kind', location: { file, line } });
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

/** Parses a file's text into documents within the limits; every problem is an error entry with its line. */
export function parseDocuments(options: { text: string; file: string; limits: ManifestLimits }): ParsedDocuments {
  const { text, file, limits } = options;
  const out: ParsedDocuments = { documents: [], errors: [] };
  if (file.endsWith('.json')) {
    try {
      const value: unknown = JSON.parse(text);
      checkBounds(value, limits, text.length);
      out.documents.push({ value, line: 1, documentIndex: 0 });
    } catch (error) {
      if (error instanceof SyntaxError) {
        // JSON.parse's own message differs between Node.js lines and quotes the input
        const { detail, line } = explainJsonSyntaxError(text);
        out.errors.push({ source: 'file', message: `invalid JSON: ${detail}`, location: line ? { file, line } : { file } });
      } else {
        out.errors.push({ source: 'file', message: describeParseError(error), location: { file } });
      }
    }
    return out;
  }
  const chunks = splitDocuments(text);
  if (chunks.length > limits.maxDocumentsPerFile) {
    out.errors.push({ source: 'file', message: `more than ${limits.maxDocumentsPerFile} documents in one file`, location: { file } });
    return out;
  }
  chunks.forEach((chunk, documentIndex) => {
    try {
      let value = parseBlockYaml(chunk.text, limits.maxDepth);
      if (value === NOT_BLOCK_YAML) {
        value = yaml.load(chunk.text, { schema: KUBE_SCHEMA, filename: file });
        checkBounds(value, limits, chunk.text.length);
      }
      out.documents.push({ value, line: chunk.startLine, documentIndex, chunk });
    } catch (error) {
      const offset = yamlErrorLine(error);
      out.errors.push({
        source: 'file',
        message: describeParseError(error),
        location: { file, line: chunk.startLine + (offset ?? 0) },
      });
    }
  });
  return out;
}

/** Turns parsed documents into Kubernetes objects (expanding Lists), in document order. */
export function objectsOfDocuments(parsed: ParsedDocuments, file: string): ParsedFile {
  const out: ParsedFile = { objects: [], errors: [...parsed.errors] };
  for (const document of parsed.documents) {
    addObjects({ value: document.value, file, line: document.line, documentIndex: document.documentIndex, ...(document.chunk ? { chunk: document.chunk } : {}), out });
  }
  const line = (error: InputError): number => error.location?.line ?? 0;
  out.errors.sort((a, b) => line(a) - line(b));
  return out;
}

export function parseManifestText(options: { text: string; file: string; limits: ManifestLimits }): ParsedFile {
  return objectsOfDocuments(parseDocuments(options), options.file);
}
