import { describe, expect, it } from 'vitest';
import { matchesRecord, parseFilterPattern, type FilterExpression } from './metric-filter-pattern.js';

function parsed(pattern: string): FilterExpression {
  const result = parseFilterPattern(pattern);
  if ('error' in result) throw new Error(result.error);
  return result.expression;
}

const record = { verb: 'get', user: { username: 'system:anonymous', groups: ['system:unauthenticated'] }, responseStatus: { code: 403 }, flag: true, gone: null, objectRef: { resource: 'pods', subresource: 'exec' } };
const match = (pattern: string, input: unknown = record) => matchesRecord(parsed(pattern), input);

describe('CloudWatch Logs JSON filter patterns', () => {
  it('compares strings (with * wildcards), numbers and array elements', () => {
    expect(match('{ $.verb = "get" }')).toBe(true);
    expect(match('{ $.verb = get }')).toBe(true);
    expect(match('{ $.verb = "g*" }')).toBe(true);
    expect(match('{ $.verb = "*et" && $.objectRef.subresource = "ex*c" }')).toBe(true);
    expect(match('{ $.verb = "ge" }')).toBe(false);
    expect(match('{ $.responseStatus.code = 403 }')).toBe(true);
    expect(match('{ $.responseStatus.code >= 400 && $.responseStatus.code < 500 }')).toBe(true);
    expect(match('{ $.responseStatus.code > 403 }')).toBe(false);
    expect(match('{ $.user.groups[0] = "system:unauthenticated" }')).toBe(true);
    expect(match('{ $.user.groups[1] = "system:unauthenticated" }')).toBe(false);
  });

  it('binds && tighter than ||, and honours parentheses', () => {
    expect(match('{ $.verb = "list" && $.verb = "x" || $.responseStatus.code = 403 }')).toBe(true);
    expect(match('{ $.verb = "list" && ($.verb = "x" || $.responseStatus.code = 403) }')).toBe(false);
  });

  it('reads IS TRUE/FALSE/NULL, EXISTS and NOT EXISTS', () => {
    expect(match('{ $.flag IS TRUE }')).toBe(true);
    expect(match('{ $.flag IS FALSE }')).toBe(false);
    expect(match('{ $.gone IS NULL }')).toBe(true);
    expect(match('{ $.objectRef.name NOT EXISTS }')).toBe(true);
    expect(match('{ $.objectRef.resource EXISTS }')).toBe(true);
  });

  it('answers unknown where CloudWatch is not certain, and unknown never turns into a match', () => {
    expect(match('{ $.responseStatus.code = "403" }')).toBe('unknown');
    expect(match('{ $.verb = %ge.% }')).toBe('unknown');
    expect(match('{ $.objectRef.name != "x" }')).toBe('unknown');
    expect(match('{ $.verb = %ge.% && $.verb = "list" }')).toBe(false);
    expect(match('{ $.verb = %ge.% || $.verb = "get" }')).toBe(true);
    expect(match('{ $.verb = %ge.% || $.verb = "list" }')).toBe('unknown');
  });

  it('refuses what it cannot read, with the reason', () => {
    for (const [pattern, reason] of [
      ['"Forbidden"', /not a JSON filter pattern/],
      ['', /not a JSON filter pattern/],
      ['[ip, user, code=403]', /not a JSON filter pattern/],
      ['{ }', /ends too early/],
      ['{ $.verb = "get" && }', /ends too early/],
      ['{ $.sourceIPs[*] = "1.2.3.4" }', /unsupported selector/],
      ['{ verb = "get" }', /unsupported selector/],
      ['{ $.verb = "get }', /unterminated string/],
      ['{ ($.verb = "get" }', /missing \)/],
      ['{ $.verb > "get" }', /compares numbers only/],
      ['{ $.verb IS MAYBE }', /unsupported IS/],
      [`{ ${'('.repeat(40)}$.verb = "get"${')'.repeat(40)} }`, /too deeply nested/],
      [`{ $.verb = "${'x'.repeat(1100)}" }`, /longer than 1024/],
    ] as const) {
      const result = parseFilterPattern(pattern);
      expect('error' in result ? result.error : 'parsed', pattern).toMatch(reason);
    }
  });
});

describe('wildcards', () => {
  it('match anywhere, and a pattern of many stars stays fast on a value that does not match', () => {
    expect(match('{ $.verb = "*" }')).toBe(true);
    expect(match('{ $.user.username = "system:*mous" }')).toBe(true);
    expect(match('{ $.user.username = "*anon*y*s" }')).toBe(true);
    expect(match('{ $.user.username = "*anon*x*" }')).toBe(false);
    const started = performance.now();
    const stars = `{ $.text = "${'*a'.repeat(400)}*b" }`;
    expect(matchesRecord(parsed(stars), { text: 'a'.repeat(200) })).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
