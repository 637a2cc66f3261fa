import { describe, expect, it } from 'vitest';
import { readYaml11, yamlLines } from './yaml-value.js';

function value(text: string, raw = false): unknown {
  const read = readYaml11(text, { rawScalars: raw });
  if (!read.ok) throw new Error(read.message);
  return read.value;
}

describe('reading aws-auth YAML like yaml.v2', () => {
  it('reads YAML 1.1 booleans and keeps sexagesimal-looking text as strings', () => {
    expect(value('- yes\n- off\n- y\n- 12:30\n- "12:30"')).toEqual([true, false, true, '12:30', '12:30']);
  });

  it('keeps the last of repeated keys and applies merge keys without overriding explicit ones', () => {
    expect(value('a: 1\na: 2')).toEqual({ a: 2 });
    expect(value('base: &b { username: x, groups: [g] }\nentry:\n  <<: *b\n  username: z')).toEqual({
      base: { username: 'x', groups: ['g'] },
      entry: { username: 'z', groups: ['g'] },
    });
  });

  it('reads only the first document', () => {
    expect(value('- a\n---\n- b')).toEqual(['a']);
  });

  it('keeps raw scalar text when decoding into strings', () => {
    expect(value('- 012345678901\n- 111122223333\n- "000011112222"\n- ~', true)).toEqual(['012345678901', '111122223333', '000011112222', null]);
  });

  it('reports syntax errors with the 0-based line inside the text', () => {
    const read = readYaml11('- rolearn: a\n  username: b\n groups:\n   - x\n');
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.message).toMatch(/^invalid YAML: /);
      expect(read.line).toBe(2);
    }
  });

  it('records the line of every path, keys as written', () => {
    const lines = yamlLines('\n- rolearn: a\n  Groups:\n    - one\n    - two\n- rolearn: b\n');
    expect(lines.get('[0]')).toBe(1);
    expect(lines.get('[0].Groups')).toBe(2);
    expect(lines.get('[0].Groups[1]')).toBe(4);
    expect(lines.get('[1].rolearn')).toBe(5);
    expect(() => yamlLines('- [unclosed')).not.toThrow();
  });

  it('refuses merge-key bombs, alias bombs and values JSON cannot hold', () => {
    const merges = ['base: &b { a: 1 }', ...Array.from({ length: 300 }, (_, i) => `m${i}: { <<: *b }`)].join('\n');
    const read = readYaml11(merges);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toMatch(/YAML bomb/);
    const aliases = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i += 1) aliases.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`);
    // go-yaml expands aliases and refuses excessive aliasing: so does the reader, at once
    const bomb = readYaml11(aliases.join('\n'));
    expect(bomb.ok).toBe(false);
    if (!bomb.ok) expect(bomb.message).toMatch(/aliasing|alias bomb/);
    expect(readYaml11('- .inf').ok).toBe(false);
    expect(readYaml11('- [a\n').ok).toBe(false);
  });

  it('treats empty text as null', () => {
    expect(value('')).toBeNull();
    expect(value('# only a comment\n')).toBeNull();
  });
});
