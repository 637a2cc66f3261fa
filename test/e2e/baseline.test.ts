import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runCliJson } from './run-cli.js';
import { makeWorkdir, SECRET_VALUE } from './workdir.js';

const deployment = (name: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            privileged: true
${extra}`;

describe('baselines (built CLI)', () => {
  it('records current failures, then gates only new ones, whatever moved in the file', () => {
    const dir = makeWorkdir({ 'app.yaml': deployment('web') });

    const first = runCli(['scan', 'app.yaml', '--baseline-out', 'eksguard-baseline.json', '--fail-on', 'none'], { cwd: dir });
    expect(first.code).toBe(0);
    const baseline = JSON.parse(readFileSync(path.join(dir, 'eksguard-baseline.json'), 'utf8'));
    expect(baseline.version).toBe(1);
    const recorded = baseline.failures.map((entry: any) => `${entry.checkId} ${entry.resource}`);
    expect(recorded).toContain('PSS-privileged Deployment/shop/web');
    expect(JSON.stringify(baseline)).not.toMatch(/"line"|app\.yaml/);

    // Same estate, lines shifted by a comment block: nothing new, exit 0.
    writeFileSync(path.join(dir, 'app.yaml'), `# owned by team shop\n# reviewed 2026-11\n\n${deployment('web')}`);
    const same = runCliJson(['scan', 'app.yaml', '--baseline', 'eksguard-baseline.json'], { cwd: dir });
    expect(same.result.code).toBe(0);
    expect(same.json.findings.filter((f: any) => f.status === 'fail')).toEqual([]);
    expect(same.json.summary.fail).toBe(0);
    expect(same.json.summary.baselined).toBe(baseline.failures.length);
    expect(same.json.baseline).toEqual({ entries: baseline.failures.length, matched: baseline.failures.length, unmatched: 0 });

    // A new privileged Deployment is a regression: only its failures are reported, and they gate.
    writeFileSync(path.join(dir, 'app.yaml'), `${deployment('web')}---\n${deployment('api')}`);
    const regressed = runCliJson(['scan', 'app.yaml', '--baseline', 'eksguard-baseline.json'], { cwd: dir });
    expect(regressed.result.code).toBe(1);
    const names = new Set(regressed.json.findings.filter((f: any) => f.status === 'fail').map((f: any) => f.resource.name));
    expect([...names]).toEqual(['api']);

    // Fixing a baselined failure leaves an entry that no longer occurs; the table says so.
    writeFileSync(path.join(dir, 'app.yaml'), deployment('web').replace('privileged: true', 'privileged: false'));
    const fixed = runCli(['scan', 'app.yaml', '--baseline', 'eksguard-baseline.json', '--fail-on', 'none'], { cwd: dir });
    expect(fixed.stdout).toMatch(/\d+ baselined \(1 baseline entries no longer occur\)/);
  }, 180_000);

  it('refuses a file that is not a baseline, with exit 2', () => {
    const dir = makeWorkdir({ 'app.yaml': deployment('web'), 'report.json': '{"schemaVersion": 1, "findings": []}', 'broken.json': '{', 'leaky.json': `{"entries": [${SECRET_VALUE}]}` });
    const wrong = runCli(['scan', 'app.yaml', '--baseline', 'report.json'], { cwd: dir });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('baseline report.json is not an eksguard baseline: version: version must be 1');
    const broken = runCli(['scan', 'app.yaml', '--baseline', 'broken.json'], { cwd: dir });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('baseline broken.json is not valid JSON:\n  broken.json:1:2: unexpected end of the input');
    // never a piece of the file (JSON.parse's own message quotes it)
    const leaky = runCli(['scan', 'app.yaml', '--baseline', 'leaky.json'], { cwd: dir });
    expect(leaky.code).toBe(2);
    expect(leaky.stderr).toContain('baseline leaky.json is not valid JSON');
    expect(leaky.stderr).not.toContain(SECRET_VALUE.slice(0, 6));
    const missing = runCli(['scan', 'app.yaml', '--baseline', 'none.json'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read baseline none.json: ENOENT');
  }, 120_000);
});
