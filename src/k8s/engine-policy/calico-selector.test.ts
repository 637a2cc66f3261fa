import { describe, expect, it } from 'vitest';
import { evaluateCalicoSelector, MAX_SELECTOR_LENGTH, parseCalicoSelector } from './calico-selector.js';
import type { LabelLookup } from './truth.js';

const labels =
  (known: Record<string, string>, unknown: readonly string[] = []): LabelLookup =>
  (key) =>
    unknown.includes(key) ? undefined : Object.hasOwn(known, key) ? known[key]! : null;

function judge(text: string, lookup: LabelLookup): boolean | undefined {
  const parsed = parseCalicoSelector(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return evaluateCalicoSelector(parsed.selector, lookup);
}

describe('Calico selector expressions', () => {
  const web = labels({ app: 'web', tier: 'front', 'projectcalico.org/namespace': 'shop' });

  it('evaluates every operator as Calico does, != and not in matching a missing label', () => {
    expect(judge('all()', web)).toBe(true);
    expect(judge('', web)).toBe(true);
    expect(judge("app == 'web'", web)).toBe(true);
    expect(judge('app == "api"', web)).toBe(false);
    expect(judge("team != 'a'", web)).toBe(true);
    expect(judge("app in {'api', 'web'}", web)).toBe(true);
    expect(judge("app not in {'web'}", web)).toBe(false);
    expect(judge("team not in {'a'}", web)).toBe(true);
    expect(judge('has(tier)', web)).toBe(true);
    expect(judge('!has(tier)', web)).toBe(false);
    expect(judge("app contains 'e'", web)).toBe(true);
    expect(judge("app starts with 'we' && tier ends with 'nt'", web)).toBe(true);
    expect(judge("(app == 'api' || tier == 'front') && !has(legacy)", web)).toBe(true);
    expect(judge('global()', web)).toBe(false);
  });

  it('answers "cannot tell" for a label it cannot know, unless the rest decides', () => {
    const unsure = labels({ app: 'web' }, ['pcns.team']);
    expect(judge("pcns.team == 'a'", unsure)).toBeUndefined();
    expect(judge("pcns.team == 'a' && app == 'api'", unsure)).toBe(false);
    expect(judge("pcns.team == 'a' || app == 'web'", unsure)).toBe(true);
    expect(judge("!(pcns.team == 'a')", unsure)).toBeUndefined();
  });

  it('refuses what it cannot parse, non-strings and oversized or deeply nested selectors', () => {
    expect(parseCalicoSelector("app = 'web'")).toMatchObject({ ok: false });
    expect(parseCalicoSelector("app == 'web")).toMatchObject({ ok: false, reason: expect.stringContaining('unterminated') });
    expect(parseCalicoSelector("app == 'web' extra")).toMatchObject({ ok: false });
    expect(parseCalicoSelector(42)).toMatchObject({ ok: false, reason: 'the selector is not a string' });
    expect(parseCalicoSelector('x'.repeat(MAX_SELECTOR_LENGTH + 1))).toMatchObject({ ok: false });
    expect(parseCalicoSelector(`${'!'.repeat(200)}all()`)).toMatchObject({ ok: false, reason: expect.stringContaining('nested deeper') });
    expect(parseCalicoSelector(undefined)).toEqual({ ok: true, selector: { op: 'all' } });
  });
});
