import { describe, expect, it } from 'vitest';
import { runCli, runCliJson } from './run-cli.js';
import { HOSTILE_MANIFEST, makeWorkdir } from './workdir.js';

const pod = (name: string, extra = '') => `---
apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: shop }
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext: { privileged: true${extra} }
`;
const PODS = Array.from({ length: 30 }, (_, index) => pod(`p${String(index).padStart(2, '0')}`)).join('');
const BROKEN = 'apiVersion: v1\nkind: Pod\nmetadata: { name: [unclosed\n';

const failingChecks = (json: any): string[] => [...new Set<string>(json.findings.filter((finding: any) => finding.status === 'fail').map((finding: any) => finding.checkId as string))];

describe('table views (built CLI)', () => {
  it('groups by check when findings are many: every failing check once, with counts, its worst resources and the fix', () => {
    const dir = makeWorkdir({ 'pods.yaml': PODS });
    const { json } = runCliJson(['scan', 'pods.yaml'], { cwd: dir });
    const result = runCli(['scan', 'pods.yaml'], { cwd: dir });
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    const checks = failingChecks(json);
    expect(checks.length).toBeGreaterThan(3);
    for (const id of checks) {
      const headers = lines.filter((line) => new RegExp(`^[A-Z]+ +${id}  .*\\(\\d+ failed\\)$`).test(line));
      expect(headers, id).toHaveLength(1);
    }
    expect(result.stdout).toMatch(/^CRITICAL +PSS-privileged {2}.*\(30 failed\)\n {10}Pod shop\/p00 {2}pods\.yaml:\d+.*\n {10}Pod shop\/p01 .*\n {10}Pod shop\/p02 .*\n {10}… and 27 more\n {10}fix: \S/m);
    // the whole report stays on a screen or two, while 30 pods used to take hundreds of lines
    expect(lines.length).toBeLessThan(6 * checks.length + 12);
    expect(runCli(['scan', 'pods.yaml', '--group-by', 'area'], { cwd: dir }).stdout.split('\n').length).toBeGreaterThan(lines.length * 2);
  });

  it('keeps the area view for a few findings, and lists every resource with --group-by resource', () => {
    const dir = makeWorkdir({ 'pods.yaml': pod('web'), 'many.yaml': PODS });
    const few = runCli(['scan', 'pods.yaml'], { cwd: dir });
    expect(few.stdout).toMatch(/^containers\n {2}Pod shop\/web\n {4}CRITICAL +PSS-privileged/m);
    const byResource = runCli(['scan', 'many.yaml', '--group-by', 'resource'], { cwd: dir });
    for (let index = 0; index < 30; index++) expect(byResource.stdout).toMatch(new RegExp(`^Pod shop/p${String(index).padStart(2, '0')}\n`, 'm'));
  });

  it('--show-fix prints the remediation under each failure', () => {
    const dir = makeWorkdir({ 'pods.yaml': pod('web') });
    const { json } = runCliJson(['scan', 'pods.yaml'], { cwd: dir });
    const result = runCli(['scan', 'pods.yaml', '--show-fix', '--group-by', 'area'], { cwd: dir });
    const privileged = json.findings.find((finding: any) => finding.checkId === 'PSS-privileged');
    expect(result.stdout).toMatch(/CRITICAL +PSS-privileged .*\n.*pods\.yaml:\d+.*\n +fix: \S/);
    expect(result.stdout).toContain(`fix: ${privileged.remediation.replace(/\s+/g, ' ').trim()}`);
    expect(result.stdout.match(/^ +fix: /gm)).toHaveLength(json.summary.fail);
  });

  it('--severity filters what every format lists, while the summary and the exit code count everything', () => {
    const dir = makeWorkdir({ 'pods.yaml': pod('web') });
    const all = runCliJson(['scan', 'pods.yaml'], { cwd: dir }).json;
    const high = runCliJson(['scan', 'pods.yaml', '--severity', 'high'], { cwd: dir });
    expect(high.result.code).toBe(1);
    expect(high.json.summary).toEqual(all.summary);
    expect(high.json.findings.length).toBeGreaterThan(0);
    expect(high.json.findings.every((finding: any) => ['critical', 'high'].includes(finding.severity))).toBe(true);
    const hidden = all.findings.length - high.json.findings.length;
    expect(hidden).toBeGreaterThan(0);
    const table = runCli(['scan', 'pods.yaml', '--severity', 'high', '--group-by', 'area'], { cwd: dir });
    expect(table.stdout).not.toMatch(/^ +(MEDIUM|LOW|INFO) /m);
    expect(table.stdout).toContain(`${hidden} findings below high not shown (--severity)`);
    expect(table.stdout).toContain(`${all.summary.fail} failed`);
    const sarif = JSON.parse(runCli(['scan', 'pods.yaml', '--severity', 'critical', '-f', 'sarif'], { cwd: dir }).stdout);
    expect(sarif.runs[0].results.every((result: any) => result.level === 'error')).toBe(true);
  });

  it('-q prints only what was read and the summary line; input errors still go to stderr', () => {
    const dir = makeWorkdir({ 'pods.yaml': PODS, 'broken.yaml': BROKEN });
    const result = runCli(['scan', '.', '-q'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^read 2 files \(30 objects\)\n\d+ failed \(.*\), \d+ passed.*1 input errors\n$/);
    expect(result.stderr).toMatch(/eksguard: error: broken\.yaml:\d+: /);
    const clean = runCli(['scan', 'pods.yaml', '--quiet', '--fail-on', 'none'], { cwd: dir });
    expect(clean.code).toBe(0);
    expect(clean.stdout.split('\n')).toHaveLength(3);
  });

  it('rejects an unknown --severity or --group-by with the values it takes', () => {
    const dir = makeWorkdir({ 'pods.yaml': pod('web') });
    const severity = runCli(['scan', 'pods.yaml', '--severity', 'hgh'], { cwd: dir });
    expect(severity.code).toBe(2);
    expect(severity.stderr).toContain('invalid --severity "hgh"\nhint: use one of: critical, high, medium, low, info');
    const grouping = runCli(['scan', 'pods.yaml', '--group-by', 'namespace'], { cwd: dir });
    expect(grouping.code).toBe(2);
    expect(grouping.stderr).toContain('hint: use one of: check, resource, area');
  });

  it('escapes what an attacker wrote in the check and resource views', () => {
    const dir = makeWorkdir({ 'hostile.yaml': HOSTILE_MANIFEST });
    for (const view of ['check', 'resource']) {
      const result = runCli(['scan', 'hostile.yaml', '--group-by', view, '--show-fix'], { cwd: dir });
      expect(result.stdout).not.toContain('\u001b');
      expect(result.stdout).not.toContain('hunter2');
      expect(result.stdout).toContain('PSS-privileged');
    }
  });
});
