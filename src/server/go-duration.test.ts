import { describe, expect, it } from 'vitest';
import { parseGoDuration } from './go-duration.js';
import { budgetFor } from './validate.js';

describe('parseGoDuration', () => {
  it.each([
    ['10s', 10_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1.5s', 1500],
    ['0', 0],
    ['2h', 7_200_000],
  ])('reads %s', (text, ms) => expect(parseGoDuration(text)).toBe(ms));

  it.each(['', '10', '-5s', 's', '10x', '10s garbage', '1'.repeat(40) + 's', null, undefined])('refuses %s', (text) => {
    expect(parseGoDuration(text as string)).toBeUndefined();
  });
});

describe('budgetFor', () => {
  it('takes the API server timeout minus a margin', () => {
    expect(budgetFor('/validate?timeout=10s', 30_000)).toBe(9500);
    expect(budgetFor('/validate?timeout=2s', 30_000)).toBe(1800);
  });

  it('defaults to the API server default of 10 s and never exceeds the request timeout', () => {
    expect(budgetFor('/validate', 30_000)).toBe(9500);
    expect(budgetFor('/validate?timeout=bogus', 30_000)).toBe(9500);
    expect(budgetFor('/validate?timeout=1h', 5000)).toBe(4500);
  });
});
