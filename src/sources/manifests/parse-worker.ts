import { parentPort } from 'node:worker_threads';
import type { ManifestLimits } from './limits.js';
import { parseDocuments } from './parse-documents.js';
import { readManifestText } from './read-files.js';

export interface ParseRequest {
  id: number;
  file: string;
  displayName: string;
  limits: ManifestLimits;
}

// Reads and parses one file per message; the answer is plain data (see ParsedDocuments).
parentPort?.on('message', async (request: ParseRequest) => {
  const read = await readManifestText(request.file, request.displayName, request.limits);
  if ('message' in read) parentPort?.postMessage({ id: request.id, error: read });
  else parentPort?.postMessage({ id: request.id, parsed: parseDocuments({ text: read.text, file: read.file, limits: request.limits }) });
});
