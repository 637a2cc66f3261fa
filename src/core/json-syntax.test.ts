import { describe, expect, it } from 'vitest';
import { explainJsonSyntaxError, findJsonSyntaxProblem } from './json-syntax.js';

const REASONS = new Set([
  'unexpected end of the text',
  'more text after the JSON value',
  "expected ',' or '}' after a property value",
  "expected ',' or ']' after an array element",
  "expected ':' after a property name",
  'expected a property name in double quotes',
  'expected a value (an object, array, string, number, true, false or null)',
  'invalid number',
  'invalid literal (expected true)',
  'invalid literal (expected false)',
  'invalid literal (expected null)',
  'control character in a string (escape it)',
  'invalid escape in a string',
  'invalid \\u escape in a string',
  'string without its closing quote',
]);

/** A small deterministic generator (the same cases on every run and every runtime). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('JSON syntax errors in our own words', () => {
  it.each([
    ['{\n  "kind": "Pod",\n  oops\n}', 'expected a property name in double quotes', 3, 3],
    ['{"kind": "Pod"\n', 'unexpected end of the text', 2, 1],
    ['{"kind": "Pod"\n"x": 1}', "expected ',' or '}' after a property value", 2, 1],
    ['{"a" 1}', "expected ':' after a property name", 1, 6],
    ['[1,]', 'expected a value (an object, array, string, number, true, false or null)', 1, 4],
    ['[1 2]', "expected ',' or ']' after an array element", 1, 4],
    ['{"a": tru}', 'invalid literal (expected true)', 1, 10],
    ['{"a": 01}', "expected ',' or '}' after a property value", 1, 8],
    ['{"a": -}', 'invalid number', 1, 8],
    ['{"a": 1.}', 'invalid number', 1, 9],
    ['{"a": 1e}', 'invalid number', 1, 9],
    ['{"a": "x\ty"}', 'control character in a string (escape it)', 1, 9],
    ['{"a": "\\q"}', 'invalid escape in a string', 1, 9],
    ['{"a": "\\u12G4"}', 'invalid \\u escape in a string', 1, 12],
    ['{"a": "open', 'string without its closing quote', 1, 7],
    ['{"a": 1} x', 'more text after the JSON value', 1, 10],
    ['', 'unexpected end of the text', 1, 1],
    ['{"a": [1, {"b": ', 'unexpected end of the text', 1, 17],
    ["{'a': 1}", 'expected a property name in double quotes', 1, 2],
    ['\uFEFF{}', 'expected a value (an object, array, string, number, true, false or null)', 1, 1],
  ])('%j: %s at %i:%i', (text, reason, line, column) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(findJsonSyntaxProblem(text)).toEqual({ reason, line, column });
  });

  it('finds nothing wrong in valid JSON, however deep', () => {
    for (const text of ['{}', '[]', '0', '-0.5e+10', '"\\u00e9\\n"', ' {"a": [true, false, null, {"b": ""}]} ', '"\uD800"']) {
      expect(JSON.parse(text) !== Symbol()).toBe(true);
      expect(findJsonSyntaxProblem(text)).toBeUndefined();
    }
    expect(findJsonSyntaxProblem('['.repeat(200_000) + ']'.repeat(200_000))).toBeUndefined();
    expect(findJsonSyntaxProblem('['.repeat(200_000))).toMatchObject({ reason: 'unexpected end of the text', column: 200_001 });
  });

  it('agrees with JSON.parse on what is JSON, over thousands of mutated documents', () => {
    const next = random(20261205);
    const base = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 'b' } }, spec: { n: [1, -2.5, 3e4, true, false, null, 'x\\"y'] } }, null, 1);
    const alphabet = '{}[]:,"\\ \n\t0123456789-+.eEtrufalsnx\u0001';
    let refused = 0;
    for (let round = 0; round < 5000; round += 1) {
      let text = base;
      for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits -= 1) {
        const at = Math.floor(next() * (text.length + 1));
        const choice = next();
        const char = alphabet[Math.floor(next() * alphabet.length)]!;
        if (choice < 0.4) text = text.slice(0, at) + text.slice(at + 1);
        else if (choice < 0.8) text = text.slice(0, at) + char + text.slice(at);
        else text = text.slice(0, at) + char + text.slice(at + 1);
      }
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
        refused += 1;
      }
      const problem = findJsonSyntaxProblem(text);
      expect(problem === undefined, text).toBe(valid);
      if (problem) expect(REASONS.has(problem.reason), problem.reason).toBe(true);
    }
    expect(refused).toBeGreaterThan(1000);
  });

  it('never quotes the input, unlike the engine, and does not depend on the Node.js line', () => {
    const text = '{"kind": "Secret", "stringData": {"password": hunter2-Sup3rS3cret}}';
    expect(() => JSON.parse(text)).toThrow(/hunter2/); // what V8 would have printed
    const explained = explainJsonSyntaxError(text);
    expect(explained).toEqual({ detail: 'expected a value (an object, array, string, number, true, false or null) at line 1, column 47', line: 1 });
    expect(explained.detail).not.toContain('hunter2');
  });
});
