import { describe, expect, it } from 'vitest';
import { FIXTURE_CHECKS, HOSTILE, hostileReport } from '../../test/helpers/report-fixtures.js';
import { FORMATS, isFormat, reporters } from './index.js';

describe('reporters', () => {
  const report = hostileReport();

  it('has a reporter for every format', () => {
    expect(Object.keys(reporters).sort()).toEqual([...FORMATS].sort());
    expect(isFormat('sarif')).toBe(true);
    expect(isFormat('xml')).toBe(false);
  });

  for (const format of FORMATS) {
    it(`${format}: renders the hostile report without raw control characters or bidi overrides`, () => {
      const text = reporters[format](report, { color: false, checks: FIXTURE_CHECKS, asff: { accountId: '111122223333', region: 'us-east-1' } });
      expect(text.length).toBeGreaterThan(100);
      expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
      expect(text).not.toMatch(/\r/);
    });
  }

  it('table: makes hostile names visible instead of acting on the terminal, with colour on', () => {
    const text = reporters.table(report, { color: true });
    const withoutOurColours = text.replace(/\u001b\[(\d+;)?\d+m/g, '');
    expect(withoutOurColours).not.toContain('\u001b');
    expect(withoutOurColours).toContain('\\u001b[31mRED');
    expect(withoutOurColours).toContain('line one\\nline two');
  });

  it('json: round-trips the report exactly, hostile strings included', () => {
    const parsed = JSON.parse(reporters.json(report, { color: false }));
    expect(parsed).toEqual(JSON.parse(JSON.stringify(report)));
    expect(parsed.findings[0].resource.name).toBe(`web${HOSTILE.script}`);
  });
});
