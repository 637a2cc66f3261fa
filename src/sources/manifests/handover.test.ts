import { describe, expect, it } from 'vitest';
import { packDocuments, unpackDocuments } from './handover.js';
import { MANIFEST_LIMITS } from './limits.js';
import { parseDocuments, type ParsedDocuments } from './parse-documents.js';

const parse = (text: string, file = 'f.yaml'): ParsedDocuments => parseDocuments({ text, file, limits: MANIFEST_LIMITS });
const roundTrip = (text: string, file?: string): [ParsedDocuments, ParsedDocuments] => [parse(text, file), unpackDocuments(structuredClone(packDocuments(parse(text, file))))];

describe('handing parsed documents over', () => {
  it('gives back the documents, their lines, texts and errors', () => {
    const [before, after] = roundTrip('apiVersion: v1\nkind: Pod\nmetadata:\n  name: "a\\u2028b"\n  labels: {x: "1"}\n---\nkind: [\n---\n# only a comment\n---\napiVersion: v1\nkind: Service\ndata: |\n  line one\n  line two\n');
    expect(before.documents.length).toBeGreaterThanOrEqual(2);
    expect(before.errors.length).toBe(1);
    expect(after).toEqual(before);
    expect(after.documents.at(-1)?.chunk?.text).toContain('line two');
    // the texts travel beside the JSON, not escaped inside it
    expect(packDocuments(before).json).not.toContain('data: |');
  });

  it('gives back every value unchanged, including those YAML 1.1 and Go read specially', () => {
    const [before, after] = roundTrip('kind: Pod\nspec:\n  a: -0.0\n  b: 0x_1F\n  c: 18446744073709551615\n  __proto__: {x: 1}\n  d: !!binary aGVsbG8=\n');
    expect(after).toEqual(before);
    const spec = (after.documents[0]?.value as { spec: Record<string, unknown> }).spec;
    expect(Object.is(spec['a'], 0)).toBe(true);
    expect(Object.hasOwn(spec, '__proto__')).toBe(true);
    expect(spec['d']).toBe('hello');
  });

  it('gives back document texts with quotes, backslashes, CRLF and non-ASCII text exactly', () => {
    const text = 'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: "q\\"x"\r\ndata:\r\n  a: \'\\\\n é 😀\'\r\n---\r\nkind: Pod\r\n';
    const [before, after] = roundTrip(text);
    expect(after).toEqual(before);
    expect(after.documents.map((document) => document.chunk?.text)).toEqual(before.documents.map((document) => document.chunk?.text));
    expect(after.documents[0]?.chunk?.text).toContain('😀');
  });

  it('keeps JSON files, which have no document texts', () => {
    const [before, after] = roundTrip('{"kind": "Pod", "metadata": {"name": "j"}}', 'f.json');
    expect(after).toEqual(before);
  });
});
