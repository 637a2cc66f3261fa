import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT, isTestFile, typescriptFiles } from './source-files.js';

/**
 * Primitives that exist once. Each rule names its home and a pattern that betrays a second copy;
 * the test fails on a copy anywhere else in production code, so the next one is caught in review
 * rather than found years later as a fifth severity order.
 */
const PRIMITIVES: readonly { name: string; home: string; copy: RegExp }[] = [
  { name: 'severity order (use compareSeverity or severityRank)', home: 'src/core/types.ts', copy: /SEVERITIES\.indexOf\(|\[\s*'critical',\s*'high',\s*'medium',\s*'low',\s*'info'\s*\]/ },
  { name: 'describeError', home: 'src/core/errors.ts', copy: /function describeError\b/ },
  { name: 'escapeControl', home: 'src/core/text-safety.ts', copy: /function escapeControl\b/ },
  { name: 'bounded concurrency (use mapLimit)', home: 'src/sources/concurrency.ts', copy: /function (mapLimit|forEachLimited|mapConcurrent|pLimit)\b|Array\.from\(\{\s*length:\s*Math\.min\([^)]*\)\s*\},\s*(async|worker)/ },
];

export function copiesOf(rule: (typeof PRIMITIVES)[number], files: ReadonlyMap<string, string>): string[] {
  return [...files].filter(([file, text]) => file !== rule.home && rule.copy.test(text)).map(([file]) => file);
}

const sources = new Map(typescriptFiles('src').filter((file) => !isTestFile(file)).map((file) => [file, readFileSync(path.join(REPOSITORY_ROOT, file), 'utf8')]));

describe('shared primitives', () => {
  for (const rule of PRIMITIVES) {
    it(`${rule.name} lives only in ${rule.home}`, () => {
      expect(sources.get(rule.home), `${rule.home} is gone`).toMatch(rule.copy);
      expect(copiesOf(rule, sources)).toEqual([]);
    });
  }

  it('finds a copy written elsewhere', () => {
    const planted = new Map([
      ['src/reporters/x.ts', "const order = ['critical', 'high', 'medium', 'low', 'info'];"],
      ['src/server/y.ts', 'export function describeError(e: unknown) { return String(e); }'],
      ['src/cli/z.ts', 'await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {}));'],
    ]);
    expect(PRIMITIVES.flatMap((rule) => copiesOf(rule, planted))).toEqual(['src/reporters/x.ts', 'src/server/y.ts', 'src/cli/z.ts']);
  });
});
