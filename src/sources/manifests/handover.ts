import type { ParsedDocument, ParsedDocuments } from './parse-documents.js';

/**
 * A parsed file on its way from a worker to the main thread. The decoded values go as JSON text:
 * the main thread, the busier one (it evaluates each file while the workers parse), takes JSON
 * text faster and with less garbage than a structured clone. JSON carries every decoded value
 * unchanged: Kubernetes decodes manifests to JSON, so NaN and infinities are refused when read,
 * and -0 reads as 0. Each document's own text (kept to find field lines) goes beside it as a
 * plain string, which a structured clone copies whole: inside the JSON every line break and
 * quote would be escaped on one side and unescaped on the other.
 */
export interface Handover {
  json: string;
  /** each document's text, by position; undefined for a document without one (JSON files) */
  texts: (string | undefined)[];
}

export function packDocuments(parsed: ParsedDocuments): Handover {
  const texts: (string | undefined)[] = [];
  const documents = parsed.documents.map((document): ParsedDocument => {
    texts.push(document.chunk?.text);
    return document.chunk ? { ...document, chunk: { startLine: document.chunk.startLine, text: '' } } : document;
  });
  return { json: JSON.stringify({ documents, errors: parsed.errors }), texts };
}

export function unpackDocuments(handover: Handover): ParsedDocuments {
  const parsed = JSON.parse(handover.json) as ParsedDocuments;
  parsed.documents.forEach((document, index) => {
    const text = handover.texts[index];
    if (document.chunk && text !== undefined) document.chunk.text = text;
  });
  return parsed;
}
