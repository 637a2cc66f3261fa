import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runCliJson } from './run-cli.js';
import { makeWorkdir } from './workdir.js';

/** Privileged, root-capable, `latest`-tagged: fails PSS-privileged, PSS-runAsNonRoot, PSS-runAsUser and K8S-WL-001. */
const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  securityContext:
    runAsUser: 0
  containers:
    - name: app
      image: nginx:latest
      securityContext:
        privileged: true
`;

function checkIds(json: any): string[] {
  return json.findings.map((finding: any) => finding.checkId);
}

describe('.eksguard.yaml (built CLI)', () => {
  it('turns checks off, overrides severities and sets the PSS level and failOn; flags win over the file', () => {
    const dir = makeWorkdir({
      'pod.yaml': POD,
      '.eksguard.yaml': [
        'checks:',
        '  K8S-WL-001: { enabled: false }',
        '  PSS-privileged: { severity: low }',
        'pss:',
        '  level: baseline',
        'failOn: critical',
        '',
      ].join('\n'),
    });
    const { json, result } = runCliJson(['scan', 'pod.yaml'], { cwd: dir });
    expect(result.stderr).toBe('');
    const ids = checkIds(json);
    expect(ids).not.toContain('K8S-WL-001');
    // baseline level: the restricted-only runAsNonRoot check does not apply
    expect(ids).not.toContain('PSS-runAsNonRoot');
    expect(json.findings.find((f: any) => f.checkId === 'PSS-privileged').severity).toBe('low');
    // failOn critical from the file: nothing critical remains (privileged was lowered), so exit 0
    expect(json.findings.some((f: any) => f.status === 'fail' && f.severity === 'critical')).toBe(false);
    expect(result.code).toBe(0);

    const flags = runCliJson(['scan', 'pod.yaml', '--pss-level', 'restricted', '--fail-on', 'low'], { cwd: dir });
    expect(checkIds(flags.json)).toContain('PSS-runAsNonRoot');
    expect(flags.result.code).toBe(1);
  }, 120_000);

  it('reads --config FILE instead of the working directory file', () => {
    const dir = makeWorkdir({
      'pod.yaml': POD,
      '.eksguard.yaml': 'checks:\n  PSS-privileged: { enabled: false }\n',
      'ci/strict.yaml': 'checks:\n  K8S-WL-001: { severity: critical }\n',
    });
    const { json } = runCliJson(['scan', 'pod.yaml', '--config', 'ci/strict.yaml', '--fail-on', 'none'], { cwd: dir });
    expect(checkIds(json)).toContain('PSS-privileged');
    expect(json.findings.find((f: any) => f.checkId === 'K8S-WL-001').severity).toBe('critical');
  }, 60_000);

  it('rejects unknown keys and check IDs with exit 2, naming the file, line and key', () => {
    const dir = makeWorkdir({
      'pod.yaml': POD,
      '.eksguard.yaml': ['checks:', '  K8S-WL-01: { enabled: false }', '  PSS-privileged: { enabeld: false }', 'suppressions:', '  - check: PSS-privileged', '    resource: "*"', ''].join('\n'),
    });
    const result = runCli(['scan', 'pod.yaml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('.eksguard.yaml:2: checks.K8S-WL-01: unknown check ID (did you mean K8S-WL-001?)');
    expect(result.stderr).toContain('.eksguard.yaml:3: checks.PSS-privileged.enabeld: unknown key');
    expect(result.stderr).toContain('.eksguard.yaml:5: suppressions[0].reason: reason is required');
    expect(result.stderr).not.toContain('    at ');
  }, 60_000);

  it('reports YAML errors with their line, and a missing --config file', () => {
    const dir = makeWorkdir({ 'pod.yaml': POD, 'bad.yaml': 'failOn: high\nfailOn: low\n' });
    const bad = runCli(['scan', 'pod.yaml', '--config', 'bad.yaml'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad.yaml:2:1: duplicate key');
    const missing = runCli(['scan', 'pod.yaml', '--config', 'nope.yaml'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read config nope.yaml: ENOENT');
  }, 60_000);
});

describe('suppressions (built CLI)', () => {
  const annotated = POD.replace(
    'namespace: shop\n',
    'namespace: shop\n  annotations:\n    eksguard.io/ignore.PSS-privileged: "CNI agent, reviewed by security"\n    eksguard.io/ignore.PSS-runAsUser: "old exception"\n    eksguard.io/ignore-expires.PSS-runAsUser: "2020-01-01"\n',
  );
  const config = [
    'suppressions:',
    '  - check: K8S-WL-001',
    '    resource: Pod/shop/*',
    '    reason: pinned by the deploy pipeline',
    '    expires: 2999-12-31',
    '  - check: PSS-runAsNonRoot',
    '    resource: Pod/shop/web',
    '    reason: migration ticket SEC-42',
    '    expires: 2020-06-30',
    '',
  ].join('\n');

  it('marks annotated and configured findings suppressed, with the reason, and fails expired ones again', () => {
    const dir = makeWorkdir({ 'pod.yaml': annotated, '.eksguard.yaml': config });
    const { json, result } = runCliJson(['scan', 'pod.yaml', '--fail-on', 'critical'], { cwd: dir });
    const byId = (id: string) => json.findings.find((f: any) => f.checkId === id);
    expect(byId('PSS-privileged')).toMatchObject({ status: 'suppressed', suppression: { source: 'annotation', reason: 'CNI agent, reviewed by security' } });
    expect(byId('K8S-WL-001')).toMatchObject({ status: 'suppressed', suppression: { source: 'config', reason: 'pinned by the deploy pipeline', expires: '2999-12-31' } });
    expect(byId('PSS-runAsNonRoot')).toMatchObject({ status: 'fail', expiredSuppression: { source: 'config', reason: 'migration ticket SEC-42', expires: '2020-06-30' } });
    expect(byId('PSS-runAsUser')).toMatchObject({ status: 'fail', expiredSuppression: { source: 'annotation', expires: '2020-01-01' } });
    expect(json.summary.suppressed).toBe(2);
    // the privileged (critical) finding is suppressed, so --fail-on critical passes
    expect(result.code).toBe(0);
  }, 60_000);

  it('shows suppressions and expiries in every format', () => {
    const dir = makeWorkdir({ 'pod.yaml': annotated, '.eksguard.yaml': config });
    const pairs = ['sarif', 'junit', 'html', 'markdown'].flatMap((format) => ['--format', format, '--output', `out.${format}`]);
    const result = runCli(['scan', 'pod.yaml', ...pairs, '--format', 'table', '--fail-on', 'none'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('suppressed (annotation): CNI agent, reviewed by security');
    expect(result.stdout).toContain('suppression expired on 2020-06-30: migration ticket SEC-42');
    const read = (format: string) => readFileSync(path.join(dir, `out.${format}`), 'utf8');
    const sarif = JSON.parse(read('sarif'));
    const results = sarif.runs[0].results;
    expect(results.find((r: any) => r.ruleId === 'PSS-privileged').suppressions).toEqual([{ kind: 'inSource', justification: 'CNI agent, reviewed by security' }]);
    expect(results.find((r: any) => r.ruleId === 'K8S-WL-001').suppressions).toEqual([{ kind: 'external', justification: 'pinned by the deploy pipeline' }]);
    expect(results.find((r: any) => r.ruleId === 'PSS-runAsNonRoot').message.text).toContain('suppression expired on 2020-06-30');
    expect(read('junit')).toContain('<skipped message="suppressed: CNI agent, reviewed by security">');
    expect(read('junit')).toContain('suppression expired on 2020-06-30 (config): migration ticket SEC-42');
    expect(read('html')).toContain('Suppressed by annotation: CNI agent, reviewed by security');
    expect(read('html')).toContain('suppression expired on 2020-06-30, so this fails again');
    expect(read('markdown')).toContain('| annotation | CNI agent, reviewed by security |');
    expect(read('markdown')).toContain('*(suppression expired 2020-06-30)*');
  }, 60_000);

  it('exempts whole namespaces from the config', () => {
    const dir = makeWorkdir({ 'pod.yaml': POD, '.eksguard.yaml': 'exemptions:\n  - namespaces: [shop]\n    checks: ["PSS-*"]\n    reason: sandbox namespace\n' });
    const { json } = runCliJson(['scan', 'pod.yaml', '--fail-on', 'none'], { cwd: dir });
    const pss = json.findings.filter((f: any) => f.checkId.startsWith('PSS-'));
    expect(pss.length).toBeGreaterThan(0);
    expect(pss.every((f: any) => f.status === 'suppressed' && f.suppression.reason === 'sandbox namespace')).toBe(true);
    expect(json.findings.find((f: any) => f.checkId === 'K8S-WL-001').status).toBe('fail');
  }, 60_000);
});
