import { describe, expect, it } from 'vitest';
import { MANIFEST_LIMITS, type ManifestLimits } from './limits.js';
import { parseManifestText } from './parse-documents.js';
import { splitDocuments, splitDocumentsByLine, splitDocumentsBySlice } from './split-documents.js';
import { generateDocument, pick, random } from '../../../test/helpers/yaml-documents.js';

const parse = (text: string, file = 'm.yaml', limits: ManifestLimits = MANIFEST_LIMITS) => parseManifestText({ text, file, limits });

describe('splitDocuments', () => {
  it('splits at markers and keeps each document start line', () => {
    const chunks = splitDocuments('a: 1\n---\nb: 2\n--- # note\nc: 3\n...\n---\n# only a comment\n');
    expect(chunks.map((c) => c.startLine)).toEqual([1, 2, 4]);
    expect(chunks.map((c) => c.text.trim())).toEqual(['a: 1', 'b: 2', '# note\nc: 3']);
  });

  it('keeps content that follows a marker on the same line', () => {
    expect(splitDocuments('--- {kind: Pod}\n')[0]?.text.trim()).toBe('{kind: Pod}');
  });

  it('cuts the same chunks by slice as line by line, on 20,000 generated streams', () => {
    const next = random(3);
    const separators = ['---', '--- ', '---\t', '--- # c', '--- {}', '--- a: 1', '...', '... ', '----', '---x', ' ---', '', '# c', '\u00a0', '\u2028---', '---\u3000'];
    for (let i = 0; i < 20_000; i += 1) {
      const parts = Array.from({ length: 1 + Math.floor(next() * 4) }, () => (next() < 0.7 ? generateDocument(next) : pick(next, ['', '\n', '# only\n', '   \n'])));
      const text = parts.map((part) => `${part}${pick(next, ['\n', ''])}${pick(next, separators)}\n`).join('') + pick(next, ['', 'tail: 1', '\n']);
      expect(splitDocumentsBySlice(text), text).toEqual(splitDocumentsByLine(text));
    }
  });

  it('does not split on an indented marker inside a block scalar', () => {
    expect(splitDocuments('data:\n  x: |\n    ---\n    y\n')).toHaveLength(1);
  });
});

describe('parseManifestText', () => {
  it('reads every document with the line where it starts', () => {
    const parsed = parse('kind: Pod\nmetadata: {name: a}\n---\nkind: Service\nmetadata: {name: b, namespace: n}\n');
    expect(parsed.errors).toEqual([]);
    expect(parsed.objects.map((o) => [o.kind, o.name, o.namespace, o.provenance.location?.line])).toEqual([
      ['Pod', 'a', undefined, 1],
      ['Service', 'b', 'n', 3],
    ]);
  });

  it('reports a broken document with its line and still reads the others', () => {
    const parsed = parse('kind: Pod\nmetadata: {name: a}\n---\nkind: Pod\nmetadata:\n  name: [unclosed\n---\nkind: Pod\nmetadata: {name: c}\n');
    expect(parsed.objects.map((o) => o.name)).toEqual(['a', 'c']);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]?.location).toMatchObject({ file: 'm.yaml' });
    expect(parsed.errors[0]?.location?.line).toBeGreaterThanOrEqual(5);
    expect(parsed.errors[0]?.message).toMatch(/invalid YAML/);
  });

  it('refuses duplicate keys as Kubernetes does', () => {
    const parsed = parse('kind: Pod\nkind: Service\n');
    expect(parsed.objects).toEqual([]);
    expect(parsed.errors[0]?.message).toMatch(/duplicate/i);
  });

  it('expands kind: List items with their index', () => {
    const parsed = parse('apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n  metadata: {name: a}\n- kind: Service\n  metadata: {name: b}\n- 42\n');
    expect(parsed.objects.map((o) => [o.kind, o.provenance.listIndex])).toEqual([
      ['Pod', 0],
      ['Service', 1],
    ]);
    expect(parsed.errors[0]?.message).toMatch(/items\[2\] has no kind/);
  });

  it('reads JSON files, including a List', () => {
    const parsed = parse(JSON.stringify({ kind: 'List', items: [{ kind: 'Pod', metadata: { name: 'j' } }] }), 'x.json');
    expect(parsed.objects.map((o) => o.name)).toEqual(['j']);
  });

  it('reports invalid JSON with its line, in words that neither depend on the Node.js line nor quote the file', () => {
    const parsed = parse('{\n  "kind": "Pod",\n  oops\n}', 'x.json');
    expect(parsed.errors[0]?.message).toBe('invalid JSON: expected a property name in double quotes at line 3, column 3');
    expect(parsed.errors[0]?.location?.line).toBe(3);
    // JSON.parse gives no position for an unexpected token, and quotes the text around it
    const secret = parse('{"kind": "Secret",\n "stringData": {"password": hunter2-Sup3rS3cret}}', 'y.json');
    expect(secret.errors[0]?.message).toBe('invalid JSON: expected a value (an object, array, string, number, true, false or null) at line 2, column 29');
    expect(secret.errors[0]?.location?.line).toBe(2);
  });

  it('refuses a YAML alias bomb within the node budget', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
      'kind: Pod',
    ].join('\n');
    const started = Date.now();
    const parsed = parse(`${bomb}\n---\nkind: Pod\nmetadata: {name: ok}\n`);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(parsed.errors[0]?.message).toMatch(/alias bomb/);
    expect(parsed.errors[0]?.location?.line).toBe(1);
    expect(parsed.objects.map((o) => o.name)).toEqual(['ok']);
  });

  it('reads a large List dump whose values outnumber the fixed budget', () => {
    const items = Array.from({ length: 30_000 }, (_, i) => ({ kind: 'ConfigMap', metadata: { name: `c${i}` }, data: { a: '1', b: '2' } }));
    const parsed = parse(JSON.stringify({ kind: 'List', items }), 'dump.json', { ...MANIFEST_LIMITS, maxNodesPerDocument: 1000 });
    expect(parsed.errors).toEqual([]);
    expect(parsed.objects).toHaveLength(30_000);
  });

  it('refuses deep nesting without overflowing the stack', () => {
    const deep = `kind: Pod\nspec: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const parsed = parse(deep);
    expect(parsed.objects).toEqual([]);
    expect(parsed.errors[0]?.message).toMatch(/nested/);
  });

  it('reports documents that are not objects and objects without kind', () => {
    const parsed = parse('- a\n- b\n---\nmetadata: {name: x}\n');
    expect(parsed.errors.map((e) => e.message)).toEqual(['document is not a Kubernetes object (expected a mapping)', 'document has no kind']);
  });

  it('keeps timestamps as strings and honours merge keys', () => {
    const parsed = parse('kind: ConfigMap\nbase: &b {x: "1"}\ndata:\n  <<: *b\n  when: 2024-01-01\n');
    expect(parsed.objects[0]?.raw['data']).toEqual({ x: '1', when: '2024-01-01' });
  });

  it('locates fields of a document and of List items', () => {
    const parsed = parse('kind: Pod\nmetadata: {name: a}\n---\nkind: List\nitems:\n- kind: Pod\n  spec:\n    hostNetwork: true\n');
    expect(parsed.objects[0]?.provenance.locateField?.('metadata')).toEqual({ file: 'm.yaml', line: 2 });
    expect(parsed.objects[1]?.provenance.locateField?.('spec.hostNetwork')).toEqual({ file: 'm.yaml', line: 8 });
  });
});
