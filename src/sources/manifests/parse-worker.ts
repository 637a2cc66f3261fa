import { parentPort } from 'node:worker_threads';
import type { InputError } from '../../core/types.js';
import { survivesJson } from './json-safe.js';
import type { ManifestLimits } from './limits.js';
import { parseDocuments, type ParsedDocuments } from './parse-documents.js';
import { readManifestText } from './read-files.js';

export interface ParseRequest {
  id: number;
  file: string;
  displayName: string;
  limits: ManifestLimits;
}

/** A worker's answer: the parsed documents as JSON text when JSON carries them unchanged, else as a structured clone. */
export type ParseAnswer = { id: number } & ({ json: string } | { parsed: ParsedDocuments } | { error: InputError });

function answer(id: number, parsed: ParsedDocuments): ParseAnswer {
  // JSON.parse takes the text faster than the thread takes a structured clone, and with less
  // garbage; that thread is the busier one, as it evaluates each file while the workers parse
  if (parsed.documents.every((document) => survivesJson(document.value))) return { id, json: JSON.stringify(parsed) };
  return { id, parsed };
}

// Reads and parses one file per message; the answer is plain data (see ParsedDocuments).
parentPort?.on('message', async (request: ParseRequest) => {
  const read = await readManifestText(request.file, request.displayName, request.limits);
  parentPort?.postMessage('message' in read ? { id: request.id, error: read } : answer(request.id, parseDocuments({ text: read.text, file: read.file, limits: request.limits })));
});
