import { describe, expect, it } from 'vitest';
import { packDocuments, unpackDocuments } from './handover.js';
import { MANIFEST_LIMITS } from './limits.js';
import { parseDocuments, type ParsedDocuments } from './parse-documents.js';

const parse = (text: string, file = 'f.yaml'): ParsedDocuments => parseDocuments({ text, file, limits: MANIFEST_LIMITS });
const roundTrip = (text: string, file?: string): [ParsedDocuments, ParsedDocuments] => [parse(text, file), unpackDocuments(structuredClone(packDocuments(parse(text, file))))];

describe('handing parsed documents over', () => {
  it('gives back the documents, their lines, texts and errors', () => {
    const [before, after] = roundTrip('kind: Pod\nmetadata:\n  name: "a\\u2028b"\n  labels: {x: "1"}\n---\nkind: [\n---\n# only a comment\n---\nkind: Service\ndata: |\n  line one\n  line two\n');
    expect(before.documents.length).toBeGreaterThanOrEqual(2);
    expect(before.errors.length).toBe(1);
    expect(after).toEqual(before);
    expect(after.documents.at(-1)?.chunk?.text).toContain('line two');
  });

  it('goes as JSON text for ordinary values', () => {
    expect(packDocuments(parse('kind: Pod\nmetadata: {name: a}\n'))).toHaveProperty('json');
  });

  it('goes as a structured clone when JSON would change a value', () => {
    const [before, after] = roundTrip('kind: Pod\nspec:\n  a: .nan\n  b: -.inf\n  c: -0.0\n');
    expect(after).toEqual(before);
    expect(packDocuments(parse('kind: Pod\nspec: {a: .nan}\n'))).toHaveProperty('parsed');
    const spec = after.documents[0]?.value as { spec: Record<string, number> };
    expect(Object.is(spec.spec['c'], -0)).toBe(true);
    expect(spec.spec['b']).toBe(-Infinity);
  });

  it('keeps JSON files, which have no document texts', () => {
    const [before, after] = roundTrip('{"kind": "Pod", "metadata": {"name": "j"}}', 'f.json');
    expect(after).toEqual(before);
  });
});
