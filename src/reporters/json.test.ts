import { describe, expect, it } from 'vitest';
import { hostileReport } from '../../test/helpers/report-fixtures.js';
import type { Report } from '../core/report.js';
import { renderJson, renderJsonChunks } from './json.js';
import { reportChunks } from './index.js';

function manyFindings(count: number): Report {
  const report = hostileReport();
  const template = report.findings[0]!;
  return { ...report, findings: Array.from({ length: count }, (_, i) => ({ ...template, message: `finding ${i}` })) };
}

describe('renderJsonChunks', () => {
  it('prints exactly what JSON.stringify(report, null, 2) prints, in several chunks', () => {
    for (const report of [hostileReport(), manyFindings(1234), { ...hostileReport(), findings: [] }]) {
      const chunks = [...renderJsonChunks(report)];
      const text = chunks.join('');
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report)));
      if (!/[\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(JSON.stringify(report))) {
        expect(text).toBe(`${JSON.stringify(report, null, 2)}\n`);
      }
    }
    expect([...renderJsonChunks(manyFindings(1234))].length).toBeGreaterThan(3);
  });

  it('escapes bidi overrides and line separators in every chunk', () => {
    const report = manyFindings(3);
    report.findings[2]!.message = 'a\u202eb\u2028c';
    expect(renderJson(report)).toContain('a\\u202eb\\u2028c');
    expect(renderJson(report)).not.toMatch(/[\u202e\u2028]/);
  });

  it('is what the CLI writes for --format json', () => {
    const report = manyFindings(10);
    expect([...reportChunks('json', report, { color: false })].join('')).toBe(renderJson(report));
  });
});
