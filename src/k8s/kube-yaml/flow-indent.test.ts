import { LineCounter, Parser, Composer, type Document } from 'yaml';
import { describe, expect, it } from 'vitest';
import { reindentFlowContinuations } from './flow-indent.js';

function parse(text: string): Document.Parsed | undefined {
  const composer = new Composer({ schema: 'failsafe', version: '1.1', uniqueKeys: false });
  for (const document of composer.compose(new Parser(new LineCounter().addNewLine).parse(text))) return document;
  return undefined;
}

describe('reindentFlowContinuations', () => {
  it('moves the continuation lines of a flow or quoted node past its first character, and maps offsets back', () => {
    const text = 'k:\n  a: ["x",\n"y"]\n';
    const repaired = reindentFlowContinuations(text, parse)!;
    expect(repaired.text).toBe('k:\n  a: ["x",\n      "y"]\n');
    expect(repaired.document.toJSON()).toEqual({ k: { a: ['x', 'y'] } });
    expect(repaired.originalOffset(repaired.text.indexOf('"y"'))).toBe(text.indexOf('"y"'));
    expect(repaired.originalOffset(3)).toBe(3);
  });

  it('leaves block scalars, comments and quotes inside plain scalars alone', () => {
    expect(reindentFlowContinuations('a: |\n  ["text\nb: it\'s [1\n# ["c\n', parse)).toBeUndefined();
  });

  it('gives nothing when the repaired text still does not parse', () => {
    expect(reindentFlowContinuations('k:\n  a: ["x",\n"y"\n', parse)).toBeUndefined();
  });
});
