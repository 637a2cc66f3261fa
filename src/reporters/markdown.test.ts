import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { HOSTILE, emptyReport, hostileFindings, hostileReport } from '../../test/helpers/report-fixtures.js';
import { buildReport } from '../core/report.js';
import { escapeMarkdown, renderMarkdown } from './markdown.js';

// GitHub-like rendering: tables, raw HTML allowed (GitHub sanitises it, but must never receive ours), autolinks.
const markdown = new MarkdownIt({ html: true, linkify: true });

describe('renderMarkdown', () => {
  const text = renderMarkdown(hostileReport());
  const html = markdown.render(text);

  it('starts with a one-line verdict and counts', () => {
    expect(text.split('\n')[0]).toBe(
      '### ❌ eksguard: **4 failed** (2 critical, 1 high, 1 low) · 2 suppressed · 1 check error · 1 input error · 1 skipped · 1 passed',
    );
    expect(renderMarkdown(emptyReport()).split('\n')[0]).toBe('### ✅ eksguard: **no failures**');
  });

  it('lists failures and check errors, most severe first, linking each check to its page', () => {
    const rows = text.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Severity') && !line.startsWith('| Area') && !line.startsWith('| Check'));
    const severities = rows.filter((row) => /^\| (critical|high|medium|low|info|error) \|/.test(row)).map((row) => row.split(' | ')[0]!.slice(2));
    expect(severities).toEqual(['critical', 'critical', 'high', 'error', 'low']);
    expect(text).toContain('[PSS\\-privileged](https://github.com/eksguard/eksguard/blob/main/docs/checks/PSS-privileged.md)'.replace('\\-', '-'));
  });

  it('has a table of failures per area and severity', () => {
    expect(text).toContain('| Containers | 2 | 1 | 0 | 0 | 1 | 0 |');
    expect(text).toContain('| Control plane to VPC | 1 | 1 | 0 | 0 | 0 | 0 |');
    expect(text).not.toContain('| Worker nodes |');
  });

  it('shows suppressions with their reason and expiry in a collapsed section, and flags expired ones', () => {
    expect(text).toContain('<details><summary>2 suppressed findings</summary>');
    expect(text).toContain('| config | legacy app, replaced in Q1 | 2027\\-03\\-01 |'.replace(/\\-/g, '-'));
    expect(text).toContain('*(suppression expired 2026-01-01)*');
  });

  it('renders hostile text inert: no injected elements, links, images, mentions, or broken table rows', () => {
    expect(html).not.toMatch(/<script|<img/i);
    const links = [...html.matchAll(/<a href="([^"]+)"/g)].map((match) => match[1]);
    expect(links.every((href) => href!.startsWith('https://github.com/eksguard/eksguard/blob/main/docs/checks/'))).toBe(true);
    expect(html).not.toContain('evil.example/x.png"');
    expect(html).not.toMatch(/@octocat/);
    expect(html).not.toContain('<strong>bold</strong>');
    for (const table of html.split('<table>').slice(1)) {
      const body = table.split('</table>')[0]!;
      const header = (body.split('</thead>')[0]!.match(/<th[ >]/g) ?? []).length;
      for (const row of body.split('<tbody>')[1]?.split('</tr>').filter((r) => r.includes('<td')) ?? []) {
        expect((row.match(/<td[ >]/g) ?? []).length).toBe(header);
      }
    }
    expect(text).not.toContain('\u001b');
    expect(text).not.toMatch(/\r/);
  });

  it('keeps the hostile text readable after rendering', () => {
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    expect(html).toContain('| pipe |');
  });

  it('caps the tables so a huge report still fits in a comment', () => {
    const base = hostileFindings()[0]!;
    const many = Array.from({ length: 500 }, (_, i) => ({ ...base, resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'a', name: `p${i}` } }));
    const big = renderMarkdown(buildReport({ version: '1', findings: many, errors: [], gaps: [], includePassed: false }), { maxRows: 10 });
    expect(big).toContain('…and 490 more; see the full report.');
    expect(big.length).toBeLessThan(10_000);
    expect(renderMarkdown(buildReport({ version: '1', findings: many, errors: [], gaps: [], includePassed: false })).length).toBeLessThan(65_536);
  });
});

describe('escapeMarkdown', () => {
  it('neutralises markup, HTML, mentions and autolinks', () => {
    expect(escapeMarkdown('a|b')).toBe('a\\|b');
    expect(escapeMarkdown('[x](y)')).toBe('\\[x\\]\\(y\\)');
    expect(escapeMarkdown(HOSTILE.script)).toBe('&lt;script&gt;alert\\("pwned"\\)&lt;/script&gt;');
    expect(escapeMarkdown('@team')).toBe('@\u200bteam');
    expect(markdown.renderInline(escapeMarkdown('see https://evil.example and www.evil.example'))).not.toContain('<a');
  });

  it('clips very long text', () => {
    expect(escapeMarkdown('x'.repeat(1000)).length).toBeLessThan(260);
  });
});
