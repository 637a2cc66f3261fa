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

  it('lists the unchanged failures too, in the table and in Markdown', () => {
    const kept = awsFinding({ checkId: 'EKS-LOG-001', arn: 'arn:aws:eks:us-east-1:111111111111:cluster/a', severity: 'medium', message: 'audit logs off' });
    const withKept = diffReports(fleetReport([kept], { targets }), fleetReport([kept], { targets }));
    const table = renderDiff(withKept, 'table');
    expect(table.split('\n')[0]).toBe('eksguard diff: 0 new, 0 fixed, 1 unchanged');
    expect(table).toContain('Unchanged (1):\n  MEDIUM   EKS-LOG-001  arn:aws:eks:us-east-1:111111111111:cluster/a\n           audit logs off');
    const markdown = renderDiff(withKept, 'markdown');
    expect(markdown).toContain('#### Unchanged (1)');
    expect(markdown).toContain('| medium | EKS-LOG-001 | arn:aws:eks:us-east-1:111111111111:cluster/a | audit logs off |');
  });

  it('renders Markdown for a job summary: a headline that says whether anything is new, one table per list, bounded', () => {
    const markdown = renderDiff(diff, 'markdown');
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('### ❌ eksguard diff: 1 new, 1 fixed, 0 unchanged');
    expect(markdown).toContain('> the reports come from eksguard 1.0.0 and 1.1.0');
    expect(markdown).toContain('#### New failures (1)\n\n| severity | check | resource | message |\n| --- | --- | --- | --- |\n| critical | PSS-privileged |');
    expect(markdown).toContain('#### Fixed (1)\n\n| severity | check | resource | message |\n| --- | --- | --- | --- |\n| high | EKS-NET-001 | arn:aws:eks:us-east-1:111111111111:cluster/a | message |');
    expect(renderDiff(diffReports(older, older), 'markdown').split('\n')[0]).toBe('### ✅ eksguard diff: 0 new, 0 fixed, 1 unchanged');

    const many = Array.from({ length: 70 }, (_, index) => kubeFinding({ name: `pod-${index}`, context: 'dev' }));
    const big = renderDiff(diffReports(fleetReport([], { targets }), fleetReport(many, { targets })), 'markdown');
    expect(big).toContain('#### New failures (70)');
    expect(big.split('\n').filter((line) => line.startsWith('| critical |'))).toHaveLength(50);
    expect(big).toContain('…and 20 more');
  });

  it('gives JSON a consumer can act on', () => {
    const parsed = JSON.parse(renderDiff(diff, 'json'));
    expect(parsed.summary).toEqual({ new: 1, fixed: 1, unchanged: 0, notRescanned: 0 });
    expect(parsed.new[0].resource.name).toBe(HOSTILE_TEXT);
    expect(parsed.fixed[0].checkId).toBe('EKS-NET-001');
  });
});
