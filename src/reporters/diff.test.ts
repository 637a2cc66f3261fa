import { describe, expect, it } from 'vitest';
import { diffReports } from '../core/fleet/diff.js';
import { HOSTILE, HOSTILE_TEXT } from '../../test/helpers/report-fixtures.js';
import { awsFinding, fleetReport, kubeFinding } from '../../test/helpers/fleet-reports.js';
import { renderDiff } from './diff.js';

const targets = ['kube:dev', 'aws:111111111111:us-east-1:a'];
const older = fleetReport([awsFinding({ arn: 'arn:aws:eks:us-east-1:111111111111:cluster/a' })], { targets });
const newer = fleetReport([kubeFinding({ name: HOSTILE_TEXT, context: 'dev' })], { targets, version: '1.1.0' });
const diff = diffReports(older, newer);

describe('renderDiff', () => {
  it('lists new and fixed failures in a table, with a note when the versions differ', () => {
    const text = renderDiff(diff, 'table');
    expect(text.split('\n')[0]).toBe('eksguard diff: 1 new, 1 fixed, 0 unchanged');
    expect(text).toContain('note: the reports come from eksguard 1.0.0 and 1.1.0');
    expect(text).toContain('New failures (1):');
    expect(text).toContain('Fixed (1):');
  });

  it.each(['table', 'markdown', 'json'] as const)('keeps hostile names inert in %s', (format) => {
    const text = renderDiff(diff, format);
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
    expect(text).not.toMatch(/##\[|##vso\[/);
    expect(text).not.toMatch(/^\s*::/m);
    if (format === 'markdown') {
      expect(text).not.toContain(HOSTILE.script);
      expect(text).not.toContain('](https://evil.example)');
    }
  });

  it('gives JSON a consumer can act on', () => {
    const parsed = JSON.parse(renderDiff(diff, 'json'));
    expect(parsed.summary).toEqual({ new: 1, fixed: 1, unchanged: 0, notRescanned: 0 });
    expect(parsed.new[0].resource.name).toBe(HOSTILE_TEXT);
    expect(parsed.fixed[0].checkId).toBe('EKS-NET-001');
  });
});
