import { describe, expect, it } from 'vitest';
import { deadExports } from './dead-exports.js';

describe('dead exports', () => {
  // Dead locals are the compiler's job: tsconfig.build.json sets noUnusedLocals for src/.
  it('no production export is unused everywhere, its own file included', () => {
    expect(deadExports(), 'delete the code, or use it').toEqual([]);
  });
});
