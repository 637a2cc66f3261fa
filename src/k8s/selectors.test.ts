import { describe, expect, it } from 'vitest';
import { compileLabelSelector, formatLabelSelector, requiredLabelPairs, selectorMatches, type LabelSelector } from './selectors.js';

function compile(raw: unknown): LabelSelector {
  const result = compileLabelSelector(raw);
  if (!result.ok) throw new Error(result.reason);
  return result.selector;
}

function rejects(raw: unknown): string {
  const result = compileLabelSelector(raw);
  if (result.ok) throw new Error('expected an invalid selector');
  return result.reason;
}

describe('label selectors', () => {
  it('selects nothing when the selector is missing or null, everything when it is empty', () => {
    expect(selectorMatches(compile(undefined), {})).toBe(false);
    expect(selectorMatches(compile(null), { app: 'web' })).toBe(false);
    expect(selectorMatches(compile({}), {})).toBe(true);
    expect(selectorMatches(compile({ matchLabels: {}, matchExpressions: [] }), { app: 'web' })).toBe(true);
    expect(selectorMatches(compile({ matchLabels: null }), { app: 'web' })).toBe(true);
  });

  it('requires every matchLabels pair', () => {
    const selector = compile({ matchLabels: { app: 'web', tier: 'front' } });
    expect(selectorMatches(selector, { app: 'web', tier: 'front', extra: 'x' })).toBe(true);
    expect(selectorMatches(selector, { app: 'web' })).toBe(false);
    expect(selectorMatches(selector, { app: 'web', tier: 'back' })).toBe(false);
  });

  it('evaluates In, NotIn, Exists and DoesNotExist like the API server', () => {
    const labels = { env: 'prod', team: 'a' };
    expect(selectorMatches(compile({ matchExpressions: [{ key: 'env', operator: 'In', values: ['dev', 'prod'] }] }), labels)).toBe(true);
    expect(selectorMatches(compile({ matchExpressions: [{ key: 'env', operator: 'In', values: ['dev'] }] }), labels)).toBe(false);
    expect(selectorMatches(compile({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }), labels)).toBe(false);
    expect(selectorMatches(compile({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }), labels)).toBe(false);
    expect(selectorMatches(compile({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] }), labels)).toBe(true);
    // NotIn matches an object without the key at all
    expect(selectorMatches(compile({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }), labels)).toBe(true);
    expect(selectorMatches(compile({ matchExpressions: [{ key: 'team', operator: 'Exists' }] }), labels)).toBe(true);
    expect(selectorMatches(compile({ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }), labels)).toBe(false);
    expect(selectorMatches(compile({ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }), labels)).toBe(true);
    expect(selectorMatches(compile({ matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] }), labels)).toBe(false);
  });

  it('ANDs matchLabels and matchExpressions', () => {
    const selector = compile({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] });
    expect(selectorMatches(selector, { app: 'web', env: 'prod' })).toBe(true);
    expect(selectorMatches(selector, { app: 'web', env: 'dev' })).toBe(false);
    expect(selectorMatches(selector, { app: 'api', env: 'prod' })).toBe(false);
  });

  it('treats an empty label value as a value, not as absence', () => {
    expect(selectorMatches(compile({ matchLabels: { flag: '' } }), { flag: '' })).toBe(true);
    expect(selectorMatches(compile({ matchLabels: { flag: '' } }), {})).toBe(false);
  });

  it('does not match inherited object properties as labels', () => {
    expect(selectorMatches(compile({ matchExpressions: [{ key: 'constructor', operator: 'Exists' }] }), {})).toBe(false);
    expect(selectorMatches(compile({ matchExpressions: [{ key: 'toString', operator: 'DoesNotExist' }] }), {})).toBe(true);
  });

  it('reads numbers and booleans in values as strings, as a YAML author means them', () => {
    expect(selectorMatches(compile({ matchLabels: { version: 2 } }), { version: '2' })).toBe(true);
    expect(selectorMatches(compile({ matchExpressions: [{ key: 'on', operator: 'In', values: [true] }] }), { on: 'true' })).toBe(true);
  });

  it('rejects selectors the API server rejects', () => {
    expect(rejects('app=web')).toMatch(/not an object/);
    expect(rejects({ matchLabels: ['app'] })).toMatch(/matchLabels/);
    expect(rejects({ matchLabels: { app: { nested: 1 } } })).toMatch(/matchLabels.app/);
    expect(rejects({ matchExpressions: { key: 'a' } })).toMatch(/not a list/);
    expect(rejects({ matchExpressions: ['x'] })).toMatch(/matchExpressions\[0\]/);
    expect(rejects({ matchExpressions: [{ operator: 'Exists' }] })).toMatch(/key is missing/);
    expect(rejects({ matchExpressions: [{ key: 'a', operator: 'in', values: ['x'] }] })).toMatch(/operator "in"/);
    expect(rejects({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] })).toMatch(/at least one value/);
    expect(rejects({ matchExpressions: [{ key: 'a', operator: 'NotIn' }] })).toMatch(/at least one value/);
    expect(rejects({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] })).toMatch(/takes no values/);
    expect(rejects({ matchExpressions: [{ key: 'a', operator: 'In', values: 'x' }] })).toMatch(/values is not a list/);
    expect(rejects({ matchExpressions: [{ key: 'a', operator: 'In', values: [['x']] }] })).toMatch(/non-scalar/);
  });

  it('lists the label pairs every match must carry, for indexing', () => {
    const selector = compile({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['front'] },
        { key: 'env', operator: 'In', values: ['a', 'b'] },
        { key: 'x', operator: 'Exists' },
      ],
    });
    expect(requiredLabelPairs(selector)).toEqual([
      ['app', 'web'],
      ['tier', 'front'],
    ]);
  });

  it('formats selectors in kubectl syntax', () => {
    expect(formatLabelSelector(compile(null))).toBe('<none>');
    expect(formatLabelSelector(compile({}))).toBe('<everything>');
    expect(
      formatLabelSelector(
        compile({
          matchLabels: { app: 'web' },
          matchExpressions: [
            { key: 'env', operator: 'In', values: ['a', 'b'] },
            { key: 'tier', operator: 'NotIn', values: ['x'] },
            { key: 'team', operator: 'Exists' },
            { key: 'legacy', operator: 'DoesNotExist' },
          ],
        }),
      ),
    ).toBe('app=web,env in (a,b),tier notin (x),team,!legacy');
  });
});
