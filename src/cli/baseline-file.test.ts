import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBaselineFile } from './baseline-file.js';
import { UsageError } from './errors.js';

const SECRET = 'hunter2-Sup3rS3cret';

async function problem(text: string): Promise<string> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'eksguard-baseline-')), 'b.json');
  writeFileSync(file, text);
  try {
    await readBaselineFile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message.replaceAll(file, 'b.json');
  }
  throw new Error('expected the baseline to be refused');
}

describe('readBaselineFile', () => {
  it('reads a baseline', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'eksguard-baseline-')), 'b.json');
    writeFileSync(file, '\ufeff{"version": 1, "tool": "eksguard", "failures": []}');
    expect(await readBaselineFile(file)).toEqual({ version: 1, tool: 'eksguard', failures: [] });
  });

  it.each([
    ['a bare word', `password=${SECRET}`, 'b.json:1:1: unexpected character (not a JSON value)'],
    ['an unquoted value', `{"version": 1,\n "tool": ${SECRET}}`, 'b.json:2:10: unexpected character (not a JSON value)'],
    ['an unquoted key', `{${SECRET}: 1}`, 'b.json:1:2: expected a key in double quotes'],
    ['an unclosed string', `{"tool": "${SECRET}`, 'b.json:1:10: string not closed before the end of the input'],
  ])('names line and column of %s, and never repeats the text', async (_what, text, expected) => {
    const message = await problem(text);
    expect(message).toBe(`baseline b.json is not valid JSON:\n  ${expected}`);
    expect(message).not.toContain(SECRET);
  });

  it('refuses deep nesting cleanly', async () => {
    expect(await problem(`{"version": 1, "tool": "eksguard", "failures": [], "x": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`)).toBe(
      'baseline b.json is not valid JSON:\n  b.json:1:72: nested deeper than 16 levels',
    );
  });
});
