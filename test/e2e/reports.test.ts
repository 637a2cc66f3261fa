import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import MarkdownIt from 'markdown-it';
import { beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { sarifSchemaErrors } from '../helpers/sarif-schema.js';
import { childrenNamed, parseXml } from '../helpers/xml.js';
import { repoRoot, runCli, type CliResult } from './run-cli.js';
import { HOSTILE_MANIFEST, SECRET_VALUE, makeWorkdir } from './workdir.js';

/**
 * Every format from one run of the built CLI over hostile manifests: each output is well-formed
 * for its format, nothing attacker-written acts as markup or terminal control, and the literal
 * credential in the input appears nowhere.
 */
describe('eksguard scan: every report format (built CLI)', () => {
  let dir: string;
  let result: CliResult;
  const outputs: Record<string, string> = {};
  const files = { json: 'out/report.json', sarif: 'out/report.sarif', junit: 'out/report.xml', html: 'out/report.html', markdown: 'out/report.md' };

  beforeAll(() => {
    dir = makeWorkdir({ 'k8s/hostile app.yaml': HOSTILE_MANIFEST, 'out/.keep': '' });
    // --output files pair with --format options by position, so the table (to stdout) comes last.
    const pairs = Object.entries(files).flatMap(([format, file]) => ['--format', format, '--output', file]);
    result = runCli(['scan', 'k8s', ...pairs, '--format', 'table'], { cwd: dir });
    for (const [format, file] of Object.entries(files)) outputs[format] = readFileSync(path.join(dir, file), 'utf8');
    outputs['table'] = result.stdout;
  }, 180_000);

  it('exits 1 for the critical failure and writes the table to stdout and each format to its file', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/CRITICAL\s+PSS-privileged/);
  });

  it('never prints the credential, in any format', () => {
    for (const [format, text] of Object.entries(outputs)) expect(text.includes(SECRET_VALUE), format).toBe(false);
    expect(result.stderr.includes(SECRET_VALUE)).toBe(false);
    const json = JSON.parse(outputs['json']!);
    expect(json.findings.map((f: any) => f.checkId)).toContain('K8S-DATA-001');
  });

  it('table: attacker escapes are shown, not executed', () => {
    expect(outputs['table']).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(outputs['table']).toContain('\\u001b[2J');
  });

  it('json: parses, and keeps the hostile names exactly', () => {
    const json = JSON.parse(outputs['json']!);
    const privileged = json.findings.find((f: any) => f.checkId === 'PSS-privileged');
    expect(privileged.resource).toMatchObject({ kind: 'Deployment', name: "web<script>alert('x')</script>", namespace: 'shop"quoted\'' });
    expect(privileged.location).toEqual({ file: 'k8s/hostile app.yaml', line: 21 });
  });

  it('sarif: validates against the official schema, with file and line for manifest findings', () => {
    const sarif = JSON.parse(outputs['sarif']!);
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    const run = sarif.runs[0];
    const privileged = run.results.find((r: any) => r.ruleId === 'PSS-privileged');
    expect(privileged.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'k8s/hostile%20app.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 21 } });
    const rule = run.tool.driver.rules[privileged.ruleIndex];
    expect(rule.id).toBe('PSS-privileged');
    expect(rule.helpUri).toMatch(/docs\/checks\/PSS-privileged\.md$/);
    expect(rule.fullDescription.text.length).toBeGreaterThan(20);
    expect(rule.defaultConfiguration.level).toBe('error');
  });

  it('junit: is well-formed XML with one case per (check, subject)', () => {
    const root = parseXml(outputs['junit']!);
    const suite = childrenNamed(root, 'testsuite').find((s) => s.attributes['name']!.startsWith('PSS-privileged'))!;
    const cases = childrenNamed(suite, 'testcase');
    expect(cases).toHaveLength(1);
    expect(cases[0]!.attributes['name']).toBe(`Deployment/shop"quoted'/web<script>alert('x')</script>`);
    expect(cases[0]!.children[0]!.name).toBe('failure');
  });

  it('markdown: renders no element or link from the input', () => {
    const html = new MarkdownIt({ html: true, linkify: true }).render(outputs['markdown']!);
    expect(html).not.toMatch(/<script|<img/);
    expect(outputs['markdown']!.split('\n')[0]).toMatch(/^### ❌ eksguard: \*\*\d+ failed\*\*/);
  });

  it('html: opens offline in Chromium, runs only its own script, and its filters work', async () => {
    expect(outputs['html']).not.toContain("<script>alert('x')");
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const remote: string[] = [];
      const dialogs: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith('file:')) remote.push(request.url());
      });
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.goto(pathToFileURL(path.join(dir, files.html)).href);
      const total = await page.locator('article.finding').count();
      expect(total).toBe(JSON.parse(outputs['json']!).findings.length);
      await page.locator('input[name="area"][value="containers"]').uncheck();
      const visibleAreas = await page.$$eval('article.finding:not([hidden])', (nodes) => nodes.map((n) => n.getAttribute('data-area')));
      expect(visibleAreas.length).toBeLessThan(total);
      expect(visibleAreas).not.toContain('containers');
      await page.locator('input[name="area"][value="containers"]').check();
      await page.screenshot({ path: path.join(repoRoot, 'test-results/e2e-html-report.png'), fullPage: true });
      expect(remote).toEqual([]);
      expect(dialogs).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('eksguard checks list --format markdown (built CLI)', () => {
  it('prints the same index as docs/checks/README.md, linking the published pages', () => {
    const result = runCli(['checks', 'list', '--format', 'markdown']);
    expect(result.code).toBe(0);
    const committed = readFileSync(path.join(repoRoot, 'docs/checks/README.md'), 'utf8');
    expect(result.stdout.replace(/\]\(https:\/\/[^)]*\/docs\/checks\//g, '](./')).toBe(committed);
  }, 60_000);
});
