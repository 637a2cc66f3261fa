import { describe, expect, it } from 'vitest';
import { survivesJson } from './json-safe.js';

describe('survivesJson', () => {
  it.each<[string, unknown]>([
    ['a manifest', { kind: 'Pod', metadata: { name: 'x', labels: { a: 'b' } }, spec: { replicas: 3, ok: true, none: null, list: [1, 'two', { three: 3.5 }] } }],
    ['zero', 0],
    ['lone surrogates and control characters', '\ud800 \u0000 \u2028'],
    ['an own __proto__ key', JSON.parse('{"__proto__": {"polluted": true}}')],
  ])('accepts %s', (_label, value) => {
    expect(survivesJson(value)).toBe(true);
    expect(JSON.parse(JSON.stringify(value))).toEqual(value);
  });

  it.each<[string, unknown]>([
    ['NaN', { a: [1, Number.NaN] }],
    ['Infinity', { a: { b: Infinity } }],
    ['-Infinity', [-Infinity]],
    ['-0', { replicas: -0 }],
    ['undefined', { a: undefined }],
    ['a Date', { a: new Date(0) }],
    ['a Map', new Map()],
  ])('refuses %s, which JSON would change', (_label, value) => {
    expect(survivesJson(value)).toBe(false);
  });
});
