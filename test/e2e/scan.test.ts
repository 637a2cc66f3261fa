import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli, runCliJson } from './run-cli.js';

const privilegedPod = `apiVersion: v1
kind: Pod
metadata:
  name: root-pod
  namespace: team-a
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged: true
`;

const compliantPod = `apiVersion: v1
kind: Pod
metadata:
  name: good
  namespace: team-a
  annotations:
    eksguard.io/ignore.K8S-NET-004: covered by the mesh
spec:
  automountServiceAccountToken: false
  securityContext:
    runAsNonRoot: true
    seccompProfile: {type: RuntimeDefault}
  containers:
    - name: app
      image: nginx:1.27
      resources: {requests: {cpu: 10m}, limits: {memory: 64Mi}}
      securityContext:
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities: {drop: [ALL]}
`;

function workdir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-e2e-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('eksguard scan (built CLI)', () => {
  it('reports a privileged pod with file, line and path, and exits 1', () => {
    const dir = workdir({ 'pod.yaml': privilegedPod });
    const { json, result } = runCliJson(['scan', 'pod.yaml'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(json.schemaVersion).toBe(1);
    expect(json.tool).toMatchObject({ name: 'eksguard' });
    const finding = json.findings.find((f: any) => f.checkId === 'PSS-privileged');
    expect(finding).toMatchObject({
      status: 'fail',
      severity: 'critical',
      area: 'containers',
      resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'team-a', name: 'root-pod' },
      location: { file: 'pod.yaml', line: 11 },
      path: 'spec.containers[0].securityContext.privileged',
    });
    expect(finding.message).toBe('privileged (container "app" must not set securityContext.privileged=true)');
    expect(finding.standards).toContain('PSS baseline/privileged');
    expect(json.summary.fail).toBeGreaterThan(0);
    expect(json.summary.bySeverity.critical).toBeGreaterThan(0);
    expect(json.errors).toEqual([]);
  });

  it('exits 0 when nothing reaches --fail-on, and 1 when it does', () => {
    const dir = workdir({ 'pod.yaml': privilegedPod });
    expect(runCli(['scan', 'pod.yaml', '--fail-on', 'none'], { cwd: dir }).code).toBe(0);
    expect(runCli(['scan', 'pod.yaml', '--fail-on', 'critical'], { cwd: dir }).code).toBe(1);
  });

  it('lists passed results only with --include-passed', () => {
    const dir = workdir({ 'pod.yaml': compliantPod });
    const plain = runCliJson(['scan', 'pod.yaml', '--fail-on', 'none'], { cwd: dir }).json;
    expect(plain.findings.every((f: any) => ['fail', 'error', 'suppressed'].includes(f.status))).toBe(true);
    const all = runCliJson(['scan', 'pod.yaml', '--include-passed', '--fail-on', 'none'], { cwd: dir }).json;
    expect(all.findings.some((f: any) => f.status === 'pass' && f.checkId === 'PSS-runAsNonRoot')).toBe(true);
    expect(all.summary.pass).toBe(plain.summary.pass);
  });

  it('scans stdin', () => {
    const { json, result } = runCliJson(['scan', '-'], { input: privilegedPod });
    expect(result.code).toBe(1);
    expect(json.findings.find((f: any) => f.checkId === 'PSS-privileged').location.file).toBe('<stdin>');
  });

  it('reports a broken document, scans the rest, and exits 2', () => {
    const dir = workdir({ 'a.yaml': `${privilegedPod}---\nkind: Pod\nmetadata: {name: [\n`, 'b.yaml': privilegedPod.replace('root-pod', 'other') });
    const { json, result } = runCliJson(['scan', '.', '--fail-on', 'none'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(json.errors).toHaveLength(1);
    expect(json.errors[0].location.file).toBe('a.yaml');
    expect(json.errors[0].location.line).toBeGreaterThanOrEqual(13);
    const names = new Set(json.findings.filter((f: any) => f.resource.kind === 'Pod').map((f: any) => f.resource.name));
    expect(names).toEqual(new Set(['root-pod', 'other']));
  });

  it('applies --pss-level and --pss-version', () => {
    const dir = workdir({ 'pod.yaml': compliantPod.replace('runAsNonRoot: true', 'runAsNonRoot: false') });
    const restricted = runCliJson(['scan', 'pod.yaml', '--fail-on', 'none'], { cwd: dir }).json;
    expect(restricted.findings.map((f: any) => f.checkId)).toContain('PSS-runAsNonRoot');
    const baseline = runCliJson(['scan', 'pod.yaml', '--pss-level', 'baseline', '--fail-on', 'none'], { cwd: dir }).json;
    expect(baseline.findings.map((f: any) => f.checkId)).not.toContain('PSS-runAsNonRoot');
    const old = runCliJson(['scan', 'pod.yaml', '--pss-version', 'v1.0', '--fail-on', 'none', '--include-passed'], { cwd: dir }).json;
    expect(old.findings.find((f: any) => f.checkId === 'PSS-allowPrivilegeEscalation').status).toBe('not-applicable');
  });

  it('writes the report to --output and a table to stdout in the same run', () => {
    const dir = workdir({ 'pod.yaml': privilegedPod });
    const result = runCli(['scan', 'pod.yaml', '--format', 'table', '--format', 'json', '--output', '-', '--output', 'out.json'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8')).schemaVersion).toBe(1);
    expect(result.stdout).toContain('containers');
    expect(result.stdout).toContain('Pod team-a/root-pod');
    expect(result.stdout).toMatch(/CRITICAL\s+PSS-privileged/);
    expect(result.stdout).toContain('pod.yaml:11');
    expect(result.stdout).toMatch(/\d+ failed \(.*critical.*\), \d+ passed/);
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('colours the table only when asked by the terminal and honours NO_COLOR', () => {
    const dir = workdir({ 'pod.yaml': privilegedPod });
    expect(runCli(['scan', 'pod.yaml'], { cwd: dir, env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout).toContain('\u001b[');
    expect(runCli(['scan', 'pod.yaml'], { cwd: dir, env: { NO_COLOR: '1', FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[');
  });

  it('gives one line and a hint for usage errors, without a stack trace', () => {
    for (const args of [['scan'], ['scan', 'x.yaml', '--fail-on', 'severe'], ['scan', 'x.yaml', '--pss-version', '1.30'], ['scan', 'x.yaml', '--format', 'pdf']]) {
      const result = runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^eksguard: error: .+\nhint: .+\n$/);
      expect(result.stderr).not.toMatch(/\s+at .+:\d+:\d+/);
    }
  });

  it('reports a missing file as an input error and exits 2', () => {
    const { json, result } = runCliJson(['scan', 'does-not-exist.yaml']);
    expect(result.code).toBe(2);
    expect(json.errors[0]).toMatchObject({ source: 'file', location: { file: 'does-not-exist.yaml' } });
  });

  it('answers --help, --version and unknown options', () => {
    expect(runCli(['--help']).code).toBe(0);
    expect(runCli(['scan', '--help']).stdout).toContain('--pss-version');
    // the tool version from package.json, then the runtime it runs on (for bug reports)
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(runCli(['--version']).stdout).toBe(`eksguard ${version} (node ${process.version}, ${process.platform}-${process.arch})\n`);
    expect(runCli(['-V']).stdout).toBe(runCli(['--version']).stdout);
    expect(runCli(['scan', '--bogus']).code).toBe(2);
  });
});

describe('eksguard checks', () => {
  it('lists every check and shows one', () => {
    const list = runCli(['checks', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^PSS-privileged\s+containers\s+critical/m);
    const show = runCli(['checks', 'show', 'PSS-privileged']);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('How to fix');
    const unknown = runCli(['checks', 'show', 'NOPE-1']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('hint: run `eksguard checks list`');
  });
});
