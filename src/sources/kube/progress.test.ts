import { describe, expect, it } from 'vitest';
import { terminalProgress } from './progress.js';

function fakeStream(isTTY: boolean, columns = 40) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns, write: (text: string) => writes.push(text) } as unknown as NodeJS.WriteStream };
}

describe('terminalProgress', () => {
  it('prints nothing when stderr is not a terminal', () => {
    expect(terminalProgress(fakeStream(false).stream)).toBeUndefined();
  });

  it('rewrites one line, throttled, truncated, without control characters, and clears it at the end', () => {
    const { writes, stream } = fakeStream(true);
    let clock = 1000;
    const progress = terminalProgress(stream, () => clock)!;
    progress.update('listing \u001b[31mred\u0007 context');
    progress.update('too soon');
    clock += 200;
    progress.update('x'.repeat(100));
    progress.done();
    progress.done();
    expect(writes).toHaveLength(3);
    expect(writes[0]).toBe('\r\u001b[Klisting ?[31mred? context');
    expect(writes[1]).toBe(`\r\u001b[K${'x'.repeat(38)}…`);
    expect(writes[2]).toBe('\r\u001b[K');
  });

  it('assumes 80 columns when the terminal reports none', () => {
    const { writes, stream } = fakeStream(true, 0);
    terminalProgress(stream, () => 1000)!.update('y'.repeat(60));
    expect(writes).toEqual([`\r\u001b[K${'y'.repeat(60)}`]);
  });
});
