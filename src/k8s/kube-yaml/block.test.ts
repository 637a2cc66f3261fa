import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOT_BLOCK_YAML, parseBlockYaml } from './block.js';
import { corpusDocument } from '../../../scripts/bench/generate-corpus.mjs';
import { composeDocument } from './compose.js';
import { splitKubectlStream } from './stream.js';
import { generateDocument, mutate, random } from '../../../test/helpers/yaml-documents.js';

const MAX_DEPTH = 64;

function fullReader(text: string): { value: unknown } | { error: unknown } {
  try {
    return { value: composeDocument(text, { maxDepth: MAX_DEPTH, maxNodes: 250_000 }) };
  } catch (error) {
    return { error };
  }
}

/** Deep equality that also compares key order, -0 and the kind of every value. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  if (a !== null && typeof a === 'object') {
    if (b === null || typeof b !== 'object' || Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    const keysA = Object.keys(a);
    const keysB = Object.keys(b);
    return keysA.length === keysB.length && keysA.every((key, index) => key === keysB[index] && sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
  }
  return Object.is(a, b);
}

/**
 * The property the fast path must hold: when it answers, the full reader gives the same value. Both
 * are held to kubectl's own reader by kube-decode.test.ts.
 */
function agreesWithFullReader(document: string): 'fast' | 'fallback' {
  // kubectl ends every chunk with a line break, so both readers only ever see such text
  const text = document.endsWith('\n') ? document : `${document}\n`;
  const fast = parseBlockYaml(text, MAX_DEPTH);
  if (fast === NOT_BLOCK_YAML) return 'fallback';
  const reference = fullReader(text);
  if ('error' in reference) throw new Error(`fast path accepted what the full reader refuses (${String(reference.error)}):\n${text}`);
  if (!sameValue(fast, reference.value)) {
    throw new Error(`values differ:\n${text}\nfast: ${JSON.stringify(fast)}\nfull: ${JSON.stringify(reference.value)}`);
  }
  return 'fast';
}

const MUTATIONS = [' ', '  ', '\n', ':', ': ', '-', '- ', '#', ' #', '"', "'", '|', '>', '[', ']', '{', '}', ',', 'a', '1', '&a', '*a', '!', '\t', '\\', '<<: ', '?', '%', '---', 'x: y'];

describe('parseBlockYaml', () => {
  it('reads a typical manifest exactly as the full reader does', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web # the name',
      '  labels: {}',
      '  annotations:',
      '    eks.amazonaws.com/role-arn: "arn:aws:iam::123456789012:role/x"',
      'spec:',
      '  replicas: 2',
      '  template:',
      '    spec:',
      '      containers:',
      '      - name: app',
      '        args: ["--port", 8080, true]',
      '        command:',
      '        - sh',
      '        - -c',
      '        - |',
      '          echo hi',
      '',
      '          # still the script',
      '        securityContext:',
      '          capabilities:',
      '            drop: [ALL]',
      '      - name: sidecar',
      '        env:',
      '          - name: A',
      '            value: "0x10"',
      '          - name: B',
      '            value: 0x10',
      '          -',
      '          - - nested',
      '            - list',
    ].join('\n');
    expect(agreesWithFullReader(text)).toBe('fast');
    const value = parseBlockYaml(text, MAX_DEPTH) as { spec: { template: { spec: { containers: { command?: string[]; env?: unknown[] }[] } } } };
    expect(value.spec.template.spec.containers[0]?.command?.[2]).toBe('echo hi\n\n# still the script\n');
    expect(value.spec.template.spec.containers[1]?.env).toEqual([{ name: 'A', value: '0x10' }, { name: 'B', value: 16 }, null, ['nested', 'list']]);
  });

  it.each([
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a merge key', 'a: {}\n<<: {}\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['keys that collide as strings', '1: a\n"1": b\n'],
    ['a __proto__ key', '__proto__: {}\n'],
    ['a tab', 'a:\n\tb: 1\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a multi-line quoted scalar', 'a: "one\n  two"\n'],
    ['a multi-line flow sequence', 'a: [1,\n  2]\n'],
    ['a flow mapping with content', 'a: {b: 1}\n'],
    ['an explicit key', '? a\n: b\n'],
    ['a block scalar with an indentation indicator', 'a: |2\n   x\n'],
    ['a bad indentation', 'a:\n  b: 1\n c: 2\n'],
    ['a mapping value on the same line', 'a: b: c\n'],
    ['a top-level scalar', 'just text\n'],
    ['a directive', '%YAML 1.2\na: 1\n'],
    ['a non-printable character', 'a: \x07\n'],
    ['an unknown escape', 'a: "\\q"\n'],
      ['a tag-like key', '!a: 1\n'],
    ['a key longer than 1000 characters', `${'k'.repeat(1001)}: 1\n`],
    ['a \\/ escape, which go-yaml refuses', 'a: "\\/"\n'],
    ['a surrogate escape', 'a: "\\ud800"\n'],
    ['a YAML 1.1 line break', 'a: x\u2028y\n'],
    ['a NaN', 'a: .nan\n'],
    ['a null key', '~: 1\n'],
  ])('leaves %s to the full reader', (_label, text) => {
    expect(parseBlockYaml(text, MAX_DEPTH)).toBe(NOT_BLOCK_YAML);
  });

  it('reads a byte-order mark inside a document as text, as go-yaml does', () => {
    expect(parseBlockYaml('a: 1\n\uFEFFb: x\uFEFFy\n', MAX_DEPTH)).toEqual({ a: 1, '\uFEFFb': 'x\uFEFFy' });
  });

  it('resolves scalars as YAML 1.1 and Go do, keys included', () => {
    const value = parseBlockYaml('on: yes\nn: 0777\nhostPort: 8_0\nx: [0x_1, +.5, 1e400, 0b101, "yes"]\n1.5: a\n', MAX_DEPTH);
    expect(value).toEqual({ true: true, false: 511, hostPort: 80, x: [1, 0.5, '1e400', 5, 'yes'], '1.5': 'a' });
  });

  it('leaves documents nested deeper than the limit to the full reader', () => {
    const deep = Array.from({ length: 70 }, (_, depth) => `${' '.repeat(depth)}k:`).join('\n');
    expect(parseBlockYaml(deep, MAX_DEPTH)).toBe(NOT_BLOCK_YAML);
    expect(agreesWithFullReader(Array.from({ length: 20 }, (_, depth) => `${' '.repeat(depth)}k:`).join('\n'))).toBe('fast');
  });

  it('agrees with the full reader on 20,000 generated documents and takes most of them', () => {
    const next = random(1);
    let fast = 0;
    for (let i = 0; i < 20_000; i += 1) if (agreesWithFullReader(generateDocument(next)) === 'fast') fast += 1;
    // the generator is hostile on purpose: NaN, null keys and keys that YAML 1.1 reads alike (on, true)
    // send many documents to the full reader
    expect(fast).toBeGreaterThan(7_000);
  });

  it('never accepts a mutated document that the full reader refuses or reads differently (30,000 mutations)', () => {
    const next = random(2);
    let fast = 0;
    let fallback = 0;
    for (let i = 0; i < 30_000; i += 1) {
      if (agreesWithFullReader(mutate(generateDocument(next), next, MUTATIONS)) === 'fast') fast += 1;
      else fallback += 1;
    }
    // the mutations must exercise both sides: many still parse fast, many go to the full reader
    expect(fast).toBeGreaterThan(5_000);
    expect(fallback).toBeGreaterThan(5_000);
  });

  it('agrees with the full reader on every YAML document shipped in the repository and on the benchmark corpus', () => {
    const root = path.resolve(import.meta.dirname, '../../..');
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        if (name === 'node_modules' || name.startsWith('.')) continue;
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.ya?ml$/.test(name)) files.push(full);
      }
    };
    walk(root);
    expect(files.length).toBeGreaterThan(10);
    let fast = 0;
    const texts = [...files.map((file) => readFileSync(file, 'utf8')), Array.from({ length: 2_000 }, (_, n) => corpusDocument(n)).join('---\n')];
    for (const text of texts) for (const piece of splitKubectlStream(text).pieces) if (piece.format === 'yaml' && agreesWithFullReader(piece.text.replace(/^---.*/, '')) === 'fast') fast += 1;
    expect(fast).toBeGreaterThan(2_000);
  });
});

describe('keys read before', () => {
  it('are reused only for the very same text: keys of one length and first and last character stay apart', () => {
    // abxc, abyc and azzc share a slot of the key table; `yes` resolves (YAML 1.1) to other text
    const first = parseBlockYaml('abxc: 1\nabyc: 2\nyes: 3\n', MAX_DEPTH);
    const second = parseBlockYaml('abyc: 4\nabxc: 5\nazzc: 6\nyes: 7\n', MAX_DEPTH);
    expect(Object.entries(first as object)).toEqual([['abxc', 1], ['abyc', 2], ['true', 3]]);
    expect(Object.entries(second as object)).toEqual([['abyc', 4], ['abxc', 5], ['azzc', 6], ['true', 7]]);
  });
});
