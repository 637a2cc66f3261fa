import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../test/helpers/browser.js';
import { FIXTURE_CHECKS, HOSTILE, emptyReport, hostileReport } from '../../test/helpers/report-fixtures.js';
import { renderHtml } from './html.js';

const resultsDir = path.resolve(import.meta.dirname, '../../test-results');
const GENERATED_AT = new Date('2026-11-27T12:00:00Z');

describe('renderHtml (markup)', () => {
  const html = renderHtml(hostileReport(), { checks: FIXTURE_CHECKS, generatedAt: GENERATED_AT });

  it('loads nothing remote: one inline stylesheet, one inline script, no fonts, images or links to resources', () => {
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toMatch(/<script>[^<]/);
    expect(html.match(/<style/g)).toHaveLength(1);
    expect(html).not.toMatch(/<link|<img|<iframe|<object|<embed|@import|url\(|@font-face/i);
    // Links (<a href>) to the check docs are navigation, not loads; nothing else may point anywhere.
    expect(html).not.toMatch(/<(?!a\s)[a-z]+[^>]*\s(src|href)\s*=/i);
  });

  it('forbids remote loads with a Content-Security-Policy that allows only its own inline code', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toMatch(/https?:/);
  });

  it('escapes attacker text everywhere', () => {
    expect(html).not.toContain(HOSTILE.script);
    expect(html).not.toContain(HOSTILE.image);
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    expect(html).not.toContain('\u001b');
    expect(html).not.toContain('\u202e');
  });

  it('shows remediation, standards, suppression reasons and expired suppressions', () => {
    expect(html).toContain('Remove securityContext.privileged or set it to false.');
    expect(html).toContain('<span class="std">CIS-EKS-1.8 4.2.1</span>');
    expect(html).toContain('Suppressed by config until 2027-03-01: legacy app, replaced in Q1');
    expect(html).toContain('suppression expired on 2026-01-01, so this fails again');
  });

  it('shows backtick spans of catalogue text as code, escaped', () => {
    const report = hostileReport();
    report.findings[0]!.remediation = 'Set `privileged: false` and not `<b>`.';
    const html = renderHtml(report);
    expect(html).toContain('Set <code>privileged: false</code> and not <code>&lt;b&gt;</code>.');
  });

  it('renders an empty report', () => {
    const empty = renderHtml(emptyReport());
    expect(empty).toContain('No findings to list.');
    expect(empty).toContain('<svg class="donut"');
  });
});

describe('renderHtml in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const report = hostileReport();

  async function visibleFindings(): Promise<{ severity: string; area: string; status: string }[]> {
    return page.$$eval('article.finding:not([hidden])', (nodes) =>
      nodes.map((node) => ({ severity: node.getAttribute('data-severity')!, area: node.getAttribute('data-area')!, status: node.getAttribute('data-status')! })),
    );
  }

  beforeAll(async () => {
    mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, 'report.html');
    writeFileSync(file, renderHtml(report, { checks: FIXTURE_CHECKS, generatedAt: GENERATED_AT }));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Page-side code is given as source text: the project compiles without DOM types.
    await page.addInitScript({
      content: `window.__violations = [];
        document.addEventListener('securitypolicyviolation', (event) => window.__violations.push(event.violatedDirective + ' ' + event.blockedURI));`,
    });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) requests.push(request.url());
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(pathToFileURL(file).href);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('renders every finding, runs its own script, and nothing hostile executes or loads', async () => {
    expect(await page.title()).toBe('eksguard report');
    expect(await page.locator('article.finding').count()).toBe(report.findings.length);
    expect(await page.textContent('#shown-count')).toBe(String(report.findings.length));
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(await page.evaluate('window.__violations')).toEqual([]);
    expect(await page.locator('article.finding script, article.finding img').count()).toBe(0);
    const resources = await page.locator('article.finding .resource').allTextContents();
    expect(resources.some((text) => text.includes(`web${HOSTILE.script}`))).toBe(true);
  });

  it('draws the summary per area with inline SVG bars and a donut', async () => {
    expect(await page.locator('table.areas tbody tr').count()).toBe(8);
    expect(await page.locator('table.areas svg.bar').count()).toBe(8);
    const containerSegments = await page.locator('tr[data-area-row="containers"] svg.bar rect.seg').count();
    expect(containerSegments).toBe(2); // one critical and one low failure
    expect(await page.locator('svg.donut circle.seg').count()).toBe(3); // critical, high, low
    const box = await page.locator('svg.donut').boundingBox();
    expect(box?.width).toBeGreaterThan(100);
  });

  it('hides findings of a severity when its filter is unticked, and shows them again', async () => {
    await page.locator('input[name="severity"][value="critical"]').click();
    const visible = await visibleFindings();
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.some((f) => f.severity === 'critical')).toBe(false);
    const hiddenCritical = await page.locator('article.finding[data-severity="critical"][hidden]').count();
    expect(hiddenCritical).toBe(report.findings.filter((f) => f.severity === 'critical').length);
    expect(await page.textContent('#shown-count')).toBe(String(visible.length));
    await page.locator('input[name="severity"][value="critical"]').click();
    expect((await visibleFindings()).length).toBe(report.findings.length);
  });

  it('filters by area from the summary table and from the area filter', async () => {
    await page.locator('button[data-only-area="network"]').click();
    const visible = await visibleFindings();
    expect(visible.map((f) => f.area)).toEqual(['network']);
    await page.locator('input[name="area"][value="containers"]').click();
    expect(new Set((await visibleFindings()).map((f) => f.area))).toEqual(new Set(['network', 'containers']));
  });

  it('filters by status and by search text, and says when nothing matches', async () => {
    for (const area of ['data-plane', 'nodes', 'os-updates', 'iam', 'data', 'detection']) await page.locator(`input[name="area"][value="${area}"]`).check();
    await page.locator('input[name="status"][value="suppressed"]').uncheck();
    expect((await visibleFindings()).some((f) => f.status === 'suppressed')).toBe(false);
    await page.locator('input[name="status"][value="suppressed"]').check();
    await page.fill('input[type=search]', 'aws-node');
    expect(await visibleFindings()).toEqual([{ severity: 'critical', area: 'containers', status: 'suppressed' }]);
    await page.fill('input[type=search]', 'no such thing anywhere');
    expect(await page.locator('#no-match').isVisible()).toBe(true);
    await page.fill('input[type=search]', '');
    expect((await visibleFindings()).length).toBe(report.findings.length);
  });

  it('takes a screenshot of the whole report', async () => {
    const file = path.join(resultsDir, 'html-report.png');
    await page.evaluate('window.scrollTo(0, 0)');
    const png = await page.screenshot({ path: file, fullPage: true });
    expect(png.length).toBeGreaterThan(10_000);
  });

  it('really blocks remote loads: the same page with an injected remote image loads nothing', async () => {
    const tampered = renderHtml(report, { checks: FIXTURE_CHECKS }).replace('<main>', '<main><img src="http://127.0.0.1:9/beacon.png"><link rel="stylesheet" href="http://127.0.0.1:9/x.css">');
    const file = path.join(resultsDir, 'report-tampered.html');
    writeFileSync(file, tampered);
    const probe = await browser.newPage();
    const outcomes: string[] = [];
    probe.on('requestfailed', (request) => outcomes.push(`${request.url()} ${request.failure()?.errorText}`));
    probe.on('requestfinished', (request) => {
      if (!request.url().startsWith('file:')) outcomes.push(`${request.url()} loaded`);
    });
    await probe.goto(pathToFileURL(file).href);
    await probe.waitForLoadState('load');
    // Chromium reports the attempt, then refuses it before any connection is made.
    expect(outcomes.sort()).toEqual(['http://127.0.0.1:9/beacon.png csp', 'http://127.0.0.1:9/x.css csp']);
    await probe.close();
  });
});
