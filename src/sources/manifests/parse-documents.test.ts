import { describe, expect, it } from 'vitest';
import { MANIFEST_LIMITS, type ManifestLimits } from './limits.js';
import { parseManifestText } from './parse-documents.js';
import { splitKubectlStream } from '../../k8s/kube-yaml/stream.js';

const parse = (text: string, file = 'm.yaml', limits: ManifestLimits = MANIFEST_LIMITS) => parseManifestText({ text, file, limits });

describe('splitKubectlStream', () => {
  const yamlPieces = (text: string) => splitKubectlStream(text).pieces.map((piece) => (piece.format === 'yaml' ? [piece.startLine, piece.text] : [piece.startLine, piece.value]));

  it('cuts at --- lines as kubectl does: a separator ends a chunk that holds anything, else opens the next', () => {
    expect(yamlPieces('a: 1\n---\nb: 2\n--- # note\nc: 3\n...\n---\n# only a comment\n')).toEqual([
      [1, 'a: 1\n'],
      [3, 'b: 2\n'],
      [5, 'c: 3\n...\n'],
      [8, '# only a comment\n'],
    ]);
    expect(yamlPieces('---\na: 1\n')).toEqual([[1, '---\na: 1\n']]);
  });

  it('reports text after --- other than a comment, and reads CRLF lines as LF', () => {
    const split = splitKubectlStream('a: 1\r\n--- {}\r\nb: 2\r\n');
    expect(split.problems).toEqual([{ message: expect.stringMatching(/invalid document separator/), line: 2 }]);
    expect(split.pieces.map((piece) => piece.format === 'yaml' && piece.text)).toEqual(['a: 1\n', 'b: 2\n']);
  });

  it('does not cut at an indented marker inside a block scalar', () => {
    expect(splitKubectlStream('data:\n  x: |\n    ---\n    y\n').pieces).toHaveLength(1);
  });

  it('reads a stream that opens with { as JSON values, and falls back to YAML as kubectl does', () => {
    expect(splitKubectlStream('{"kind":"A"}\n{"kind":"B"}').pieces.map((piece) => piece.format === 'json' && piece.value)).toEqual([{ kind: 'A' }, { kind: 'B' }]);
    const mixed = splitKubectlStream('{"kind":"A"}\n---\nkind: B\n');
    expect(mixed.pieces.map((piece) => [piece.format, piece.startLine])).toEqual([
      ['json', 1],
      ['yaml', 2],
    ]);
    expect(splitKubectlStream('{kind: A, spec: {hostNetwork: yes}}\n').pieces[0]?.format).toBe('yaml');
    expect(splitKubectlStream('{"kind":"A"}{"kind":"B"}\n---\n').problems[0]?.message).toMatch(/invalid JSON/);
  });
});

describe('parseManifestText', () => {
  it('reads every document with the line where it starts', () => {
    const parsed = parse('apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b, namespace: ns}\n');
    expect(parsed.errors).toEqual([]);
    expect(parsed.objects.map((o) => [o.kind, o.name, o.namespace, o.provenance.location?.line])).toEqual([
      ['Pod', 'a', undefined, 1],
      ['Service', 'b', 'ns', 5],
    ]);
  });

  it('reports a broken document with its line and still reads the others', () => {
    const parsed = parse('apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\nkind: Pod\nmetadata:\n  name: [unclosed\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: c}\n');
    expect(parsed.objects.map((o) => o.name)).toEqual(['a', 'c']);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]?.location).toMatchObject({ file: 'm.yaml' });
    expect(parsed.errors[0]?.location?.line).toBeGreaterThanOrEqual(5);
    expect(parsed.errors[0]?.message).toMatch(/invalid YAML/);
  });

  it('keeps the last of duplicate keys, as kubectl does, and refuses keys that Go would order at random', () => {
    const parsed = parse('apiVersion: v1\nkind: Pod\nspec:\n  hostNetwork: false\n  hostNetwork: true\n');
    expect(parsed.errors).toEqual([]);
    expect(parsed.objects[0]?.raw['spec']).toEqual({ hostNetwork: true });
    const random = parse('apiVersion: v1\nkind: Pod\nspec:\n  1: a\n  1.0: b\n');
    expect(random.errors[0]?.message).toMatch(/same key/);
  });

  it('expands lists as kubectl does: items of any kind of list, kinds taken from a typed list', () => {
    const parsed = parse('apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n- apiVersion: v1\n  kind: Service\n  metadata: {name: b}\n- 42\n');
    expect(parsed.objects).toEqual([]);
    expect(parsed.errors[0]?.message).toMatch(/items\[2\] is not a mapping/);
    const typed = parse('apiVersion: v1\nkind: PodList\nitems:\n- metadata: {name: a}\n  spec: {hostNetwork: yes}\n- apiVersion: v1\n  kind: List\n  items: []\n');
    expect(typed.objects.map((o) => [o.apiVersion, o.kind, o.name, o.provenance.listIndex])).toEqual([['v1', 'Pod', 'a', 0]]);
    expect(typed.errors[0]?.message).toMatch(/items\[1\] is itself a list/);
    const anyKind = parse('apiVersion: apps/v1\nkind: Deployment\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: hidden}\n');
    expect(anyKind.objects.map((o) => o.name)).toEqual(['hidden']);
  });

  it('reads YAML 1.1 scalars, merge keys and anchors to the values Kubernetes decodes', () => {
    const parsed = parse(['apiVersion: v1', 'kind: Pod', 'base: &b {privileged: yes}', 'spec:', '  hostNetwork: on', '  hostPID: Y', '  securityContext:', '    privileged: false', '    <<: *b', '    runAsUser: 0_0', '  ports: [{hostPort: 8_0}]', '  mode: 0777'].join('\n'));
    expect(parsed.errors).toEqual([]);
    expect(parsed.objects[0]?.raw['spec']).toEqual({ hostNetwork: true, hostPID: true, securityContext: { privileged: true, runAsUser: 0 }, ports: [{ hostPort: 80 }], mode: 511 });
  });

  it('never quotes the input in an error message', () => {
    const secrets = ['*s3cr3t-alias', '!s3cr3t-tag', '"unclosed s3cr3t', '&s3cr3t-anchor &again', '[s3cr3t', '{"s3cr3t": }'];
    for (const secret of secrets) {
      const parsed = parse(`apiVersion: v1\nkind: Secret\nstringData:\n  password: ${secret}\n  other: *nope\n`);
      for (const error of parsed.errors) expect(error.message).not.toMatch(/s3cr3t|nope/);
    }
    const json = parse('{"kind": "Secret", "password": s3cr3t}\n', 'x.json');
    for (const error of json.errors) expect(error.message).not.toMatch(/s3cr3t/);
  });

  it('reads JSON files, including a List', () => {
    const parsed = parse(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'j' } }] }), 'x.json');
    expect(parsed.objects.map((o) => o.name)).toEqual(['j']);
  });

  it('reports invalid JSON with its line (kubectl retries it as YAML, which fails too)', () => {
    const parsed = parse('{\n  "kind": "Pod",\n  "a": [1,\n}', 'x.json');
    expect(parsed.errors[0]?.message).toMatch(/invalid/);
    expect(parsed.errors[0]?.location?.line).toBe(4);
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
    const parsed = parse(`${bomb}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: ok}\n`);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(parsed.errors[0]?.message).toMatch(/alias bomb/);
    expect(parsed.errors[0]?.location?.line).toBe(1);
    expect(parsed.objects.map((o) => o.name)).toEqual(['ok']);
  });

  it('reads a large List dump whose values outnumber the fixed budget', () => {
    const items = Array.from({ length: 30_000 }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}` }, data: { a: '1', b: '2' } }));
    const parsed = parse(JSON.stringify({ apiVersion: 'v1', kind: 'List', items }), 'dump.json', { ...MANIFEST_LIMITS, maxNodesPerDocument: 1000 });
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
    const parsed = parse('apiVersion: v1\nkind: ConfigMap\nbase: &b {x: "1"}\ndata:\n  <<: *b\n  when: 2024-01-01\n');
    expect(parsed.objects[0]?.raw['data']).toEqual({ x: '1', when: '2024-01-01' });
  });

  it('locates fields of a document and of List items', () => {
    const parsed = parse('kind: Pod\nmetadata: {name: a}\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  spec:\n    hostNetwork: true\n');
    expect(parsed.objects[0]?.provenance.locateField?.('metadata')).toEqual({ file: 'm.yaml', line: 2 });
    expect(parsed.objects[1]?.provenance.locateField?.('spec.hostNetwork')).toEqual({ file: 'm.yaml', line: 10 });
  });
});
