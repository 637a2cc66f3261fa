import { describe, expect, it } from 'vitest';
import { compilePathGlob, pathGlobMatches, pathGlobProblem, segmentMatches } from './path-glob.js';

const excluded = (pattern: string, file: string, isDirectory = false) => pathGlobMatches(compilePathGlob(pattern), file, isDirectory);

/** The obvious backtracking matcher, exponential but fine on tiny inputs: the reference the fast one must agree with. */
function referenceSegment(pattern: string, name: string): boolean {
  if (pattern === '') return name === '';
  if (pattern[0] === '*') return referenceSegment(pattern.slice(1), name) || (name !== '' && referenceSegment(pattern, name.slice(1)));
  return name !== '' && (pattern[0] === '?' || pattern[0] === name[0]) && referenceSegment(pattern.slice(1), name.slice(1));
}

function referencePath(patterns: readonly string[], names: readonly string[]): boolean {
  if (patterns.length === 0) return names.length === 0;
  if (patterns[0] === '**') return referencePath(patterns.slice(1), names) || (names.length > 0 && referencePath(patterns, names.slice(1)));
  return names.length > 0 && referenceSegment(patterns[0]!, names[0]!) && referencePath(patterns.slice(1), names.slice(1));
}

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

describe('path globs', () => {
  it('matches a name without / at any depth, and everything under a matched directory', () => {
    expect(excluded('*.json', 'package.json')).toBe(true);
    expect(excluded('*.json', 'apps/web/tsconfig.json')).toBe(true);
    expect(excluded('*.json', 'apps/web/pod.yaml')).toBe(false);
    expect(excluded('charts', 'charts/web/templates/deploy.yaml')).toBe(true);
    expect(excluded('charts', 'deploy/charts/x.yaml')).toBe(true);
    expect(excluded('charts', 'deploy/charts.yaml')).toBe(false);
  });

  it('anchors a pattern with / at the start of the path', () => {
    expect(excluded('deploy/dev/**', 'deploy/dev/a/b.yaml')).toBe(true);
    expect(excluded('deploy/dev/**', 'x/deploy/dev/a.yaml')).toBe(false);
    expect(excluded('./deploy/dev', 'deploy/dev/a.yaml')).toBe(true);
    expect(excluded('/deploy/dev', 'deploy/dev/a.yaml')).toBe(true);
    expect(excluded('deploy/*/secrets.yaml', 'deploy/prod/secrets.yaml')).toBe(true);
    expect(excluded('deploy/*/secrets.yaml', 'deploy/prod/eu/secrets.yaml')).toBe(false);
    expect(excluded('deploy/**/secrets.yaml', 'deploy/prod/eu/secrets.yaml')).toBe(true);
    expect(excluded('deploy/**/secrets.yaml', 'deploy/secrets.yaml')).toBe(true);
  });

  it('keeps * and ? inside one segment', () => {
    expect(excluded('a*z', 'a/z')).toBe(false);
    expect(excluded('a?z', 'a/z')).toBe(false);
    expect(excluded('a?z', 'abz')).toBe(true);
    expect(excluded('.github', '.github/workflows/ci.yml')).toBe(true);
  });

  it('limits a pattern ending in / to directories', () => {
    expect(excluded('build/', 'build', false)).toBe(false);
    expect(excluded('build/', 'build', true)).toBe(true);
    expect(excluded('build/', 'build/x.yaml', false)).toBe(true);
  });

  it('refuses empty, overlong and parent-directory patterns', () => {
    expect(pathGlobProblem('')).toMatch(/empty/);
    expect(pathGlobProblem('x'.repeat(2000))).toMatch(/at most/);
    expect(pathGlobProblem('../secrets')).toMatch(/\.\./);
    expect(pathGlobProblem('./')).toMatch(/name a path/);
    expect(pathGlobProblem('charts/**')).toBeUndefined();
  });

  it('agrees with a backtracking reference on thousands of random segments and paths', () => {
    const next = random(7);
    const pick = (alphabet: string, max: number) => Array.from({ length: Math.floor(next() * (max + 1)) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    for (let i = 0; i < 5000; i += 1) {
      const pattern = pick('ab*?', 7);
      const name = pick('ab', 8);
      expect(segmentMatches(pattern.split(/\*+/), name), `${pattern} ~ ${name}`).toBe(referenceSegment(pattern, name));
    }
    for (let i = 0; i < 3000; i += 1) {
      const patterns = Array.from({ length: 1 + Math.floor(next() * 4) }, () => (next() < 0.3 ? '**' : pick('ab*', 3) || 'a'));
      const names = Array.from({ length: 1 + Math.floor(next() * 5) }, () => pick('ab', 3) || 'b');
      const glob = compilePathGlob(`/${patterns.join('/')}`);
      const fast = pathGlobMatches(glob, names.join('/'), true);
      // the fast matcher also leaves out what lies under a match: so does the reference, over every prefix
      const reference = names.some((_, index) => referencePath(patterns, names.slice(0, index + 1)));
      expect(fast, `${patterns.join('/')} ~ ${names.join('/')}`).toBe(reference);
    }
  });

  it('stays under a millisecond on patterns that make backtracking matchers explode', () => {
    const name = 'a'.repeat(250);
    const deep = Array.from({ length: 200 }, () => 'a').join('/');
    const cases: [string, string][] = [
      [`${'*a'.repeat(40)}*b`, name],
      [`${'*'.repeat(500)}b`, name],
      [`${'**/a/'.repeat(30)}b`, deep],
      [`${'**/*a*/'.repeat(20)}**/b`, deep],
      [`${'**/'.repeat(100)}*a*a*a*a*a*a*b`, deep],
    ];
    for (const [pattern, path] of cases) {
      const glob = compilePathGlob(pattern);
      expect(pathGlobMatches(glob, path, false)).toBe(false);
      const times: number[] = [];
      for (let i = 0; i < 11; i += 1) {
        const started = process.hrtime.bigint();
        pathGlobMatches(glob, path, false);
        times.push(Number(process.hrtime.bigint() - started) / 1000);
      }
      // the median, so one garbage collection on a busy machine does not decide; backtracking takes seconds to years here
      expect(times.sort((a, b) => a - b)[5], pattern.slice(0, 40)).toBeLessThan(1000);
    }
  });
});
