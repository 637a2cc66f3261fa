import { survivesJson } from './json-safe.js';
import type { ParsedDocuments } from './parse-documents.js';

/**
 * A parsed file on its way from a worker to the main thread. As JSON text when JSON carries the
 * values unchanged: the main thread, the busier one (it evaluates each file while the workers
 * parse), takes JSON text faster and with less garbage than a structured clone.
 */
export type Handover = { json: string } | { parsed: ParsedDocuments };

export function packDocuments(parsed: ParsedDocuments): Handover {
  return parsed.documents.every((document) => survivesJson(document.value)) ? { json: JSON.stringify(parsed) } : { parsed };
}

export function unpackDocuments(handover: Handover): ParsedDocuments {
  return 'parsed' in handover ? handover.parsed : (JSON.parse(handover.json) as ParsedDocuments);
}
