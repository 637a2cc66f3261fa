import { parentPort } from 'node:worker_threads';
import type { InputError } from '../../core/types.js';
import { packDocuments, type Handover } from './handover.js';
import type { ManifestLimits } from './limits.js';
import { parseDocuments } from './parse-documents.js';
import { readManifestText } from './read-files.js';

export interface ParseRequest {
  id: number;
  file: string;
  displayName: string;
  limits: ManifestLimits;
}

/** A worker's answer: the parsed documents (see Handover), or why the file could not be read. */
export type ParseAnswer = { id: number } & (Handover | { error: InputError });

// Reads and parses one file per message.
parentPort?.on('message', async (request: ParseRequest) => {
  const read = await readManifestText(request.file, request.displayName, request.limits);
  parentPort?.postMessage('message' in read ? { id: request.id, error: read } : { id: request.id, ...packDocuments(parseDocuments({ text: read.text, file: read.file, limits: request.limits })) });
});
