import { describe, expect, it } from 'vitest';
import { jsonTextProblem, readJsonText } from './json-text.js';

const SECRET = 'hunter2-Sup3rS3cret';

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const SAMPLES = [
  '{"version": 1, "tool": "eksguard", "failures": [{"fingerprint": "0123", "checkId": "K8S-WL-001", "resource": "Pod/a/b"}]}',
  '[1, -2.5e+10, 0, 0.5, true, false, null, "a\\"b\\\\c\\u00e9\\n", {}, [], {"a": {"b": [[]]}}]',
  '  "text"  ',
  '-0',
];

describe('jsonTextProblem', () => {
  it('accepts exactly what JSON.parse accepts, on thousands of mutated documents', () => {
    const next = random(11);
    const alphabet = ['{', '}', '[', ']', ',', ':', '"', '\\', 'u', '0', '1', 'e', '-', '+', '.', ' ', '\n', 't', 'n', 'x', '\u0001'];
    let accepted = 0;
    for (let i = 0; i < 20_000; i += 1) {
      let text = SAMPLES[i % SAMPLES.length]!;
      const edits = 1 + Math.floor(next() * 3);
      for (let e = 0; e < edits; e += 1) {
        const at = Math.floor(next() * (text.length + 1));
        const choice = next();
        if (choice < 0.4) text = text.slice(0, at) + text.slice(at + 1);
        else text = text.slice(0, at) + alphabet[Math.floor(next() * alphabet.length)] + text.slice(choice < 0.7 ? at : at + 1);
      }
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      if (parses) accepted += 1;
      expect(jsonTextProblem(text, 64) === undefined, JSON.stringify(text)).toBe(parses);
    }
    expect(accepted).toBeGreaterThan(1000);
  });

  it('names line, column and the problem in its own words, never the text', () => {
    const cases: [string, { line: number; column: number; problem: string }][] = [
      [`password=${SECRET}`, { line: 1, column: 1, problem: 'unexpected character (not a JSON value)' }],
      [`{\n  "a": ${SECRET}\n}`, { line: 2, column: 8, problem: 'unexpected character (not a JSON value)' }],
      [`{"a": "${SECRET}`, { line: 1, column: 7, problem: 'string not closed before the end of the input' }],
      [`{"a": "${SECRET}\\q"}`, { line: 1, column: 27, problem: 'invalid escape sequence' }],
      [`{"a": 1} ${SECRET}`, { line: 1, column: 10, problem: 'more text after the end of the JSON value' }],
      [`{${SECRET}: 1}`, { line: 1, column: 2, problem: 'expected a key in double quotes' }],
      ['{"a": [1, 2}', { line: 1, column: 12, problem: 'expected "," or "]"' }],
      ['', { line: 1, column: 1, problem: 'unexpected end of the input' }],
    ];
    for (const [text, expected] of cases) {
      const problem = jsonTextProblem(text, 64);
      expect(problem, text).toEqual(expected);
      expect(JSON.stringify(problem)).not.toContain(SECRET);
    }
  });

  it('stops at the nesting limit without recursing, however deep the text goes', () => {
    const deep = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    expect(jsonTextProblem(deep, 16)).toEqual({ line: 1, column: 17, problem: 'nested deeper than 16 levels' });
    expect(jsonTextProblem('[[[]]]', 3)).toBeUndefined();
  });
});

describe('readJsonText', () => {
  it('parses valid JSON, ignoring a byte-order mark', () => {
    expect(readJsonText('\ufeff{"a": [1]}', 8)).toEqual({ ok: true, value: { a: [1] } });
  });
});
