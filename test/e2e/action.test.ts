import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { projectHelm } from '../helpers/renderers.js';
import { sarifSchemaErrors } from '../helpers/sarif-schema.js';
import { cliPath, repoRoot, runCli } from './run-cli.js';
import { makeWorkdir } from './workdir.js';

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

const action = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Step[] };
};
const steps = action.runs.steps;
const scanStep = steps.find((step) => step.id === 'scan')!;
const gateStep = steps.at(-1)!;

const PRIVILEGED = `apiVersion: v1
kind: Pod
metadata: { name: root, namespace: ci }
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext: { privileged: true }
`;

/**
 * Runs a step's bash script the way the runner does (bash -e, outputs to $GITHUB_OUTPUT), with
 * `eksguard` on PATH being the built CLI (the install step, tested apart, puts the packed one there).
 */
function runStep(step: Step, options: { cwd: string; inputs?: Record<string, string>; env?: Record<string, string>; bin?: Record<string, string> }) {
  const bin = makeWorkdir({ eksguard: `#!/usr/bin/env bash\n# stands in for the installed eksguard\nexec "${process.execPath}" "${cliPath}" "$@"\n`, ...options.bin });
  for (const name of ['eksguard', ...Object.keys(options.bin ?? {})]) chmodSync(path.join(bin, name), 0o755);
  const output = path.join(options.cwd, 'github-output.txt');
  writeFileSync(output, '');
  const inputs = { ...Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, input.default ?? ''])), ...options.inputs };
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(step.env ?? {})) {
    env[name] = value.replace(/\$\{\{ inputs\.([a-z-]+) \}\}/g, (_, input: string) => inputs[input] ?? '');
  }
  // GitHub runs `shell: bash` steps as `bash --noprofile --norc -eo pipefail {0}`.
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', PATH: `${bin}:${process.env['PATH']}`, GITHUB_OUTPUT: output, ...env, ...options.env },
    timeout: 120_000,
  });
  const outputs = Object.fromEntries(
    readFileSync(output, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, outputs };
}

describe('action.yml', () => {
  it('is a composite action that sets up Node, runs eksguard with SARIF output and uploads it', () => {
    expect(action.runs.using).toBe('composite');
    expect(steps[0]!.uses).toMatch(/^actions\/setup-node@v\d+$/);
    expect(scanStep.run).toContain('eksguard "${args[@]}"');
    expect(steps.findIndex((step) => step.id === 'install')).toBeLessThan(steps.indexOf(scanStep));
    expect(scanStep.run).toContain('--format sarif --output "$EKSGUARD_SARIF"');
    const upload = steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.with?.['sarif_file']).toBe('${{ steps.scan.outputs.sarif-file }}');
    expect(upload.if).toContain("steps.scan.outputs.sarif-written == 'true'");
  });

  it('install step: packs the action checkout and installs the tarball by default; a version installs that release', () => {
    const installStep = steps.find((step) => step.id === 'install')!;
    // npm is replaced by a recorder: what the step asks npm to do is the behaviour under test
    const npm = `#!/usr/bin/env bash\necho "$PWD: npm $*" >> "$NPM_LOG"\nif [ "$1" = pack ]; then touch "$3/eksguard-9.9.9.tgz"; fi\n`;
    const run = (inputs: Record<string, string>) => {
      const dir = makeWorkdir({ 'action/package.json': '{}' });
      const log = path.join(dir, 'npm.log');
      const githubPath = path.join(dir, 'github-path.txt');
      writeFileSync(log, '');
      writeFileSync(githubPath, '');
      const result = runStep(installStep, {
        cwd: dir,
        inputs,
        bin: { npm },
        env: { NPM_LOG: log, RUNNER_TEMP: dir, GITHUB_PATH: githubPath, EKSGUARD_ACTION_PATH: path.join(dir, 'action') },
      });
      expect(result.code, result.stderr).toBe(0);
      return { dir, calls: readFileSync(log, 'utf8').trim().split('\n'), path: readFileSync(githubPath, 'utf8').trim() };
    };
    const packed = run({});
    expect(packed.calls).toEqual([
      `${packed.dir}/action: npm ci --no-audit --no-fund`,
      `${packed.dir}/action: npm pack --pack-destination ${packed.dir}/eksguard-pack`,
      `${packed.dir}: npm install --global --prefix ${packed.dir}/eksguard-install --no-audit --no-fund ${packed.dir}/eksguard-pack/eksguard-9.9.9.tgz`,
    ]);
    expect(packed.path).toBe(`${packed.dir}/eksguard-install/bin`);
    const release = run({ version: '0.1.0' });
    expect(release.calls).toEqual([`${release.dir}: npm install --global --prefix ${release.dir}/eksguard-install --no-audit --no-fund eksguard@0.1.0`]);
  });

  it('never pastes inputs into script text (no shell injection through inputs)', () => {
    for (const step of steps.filter((s) => s.run)) expect(step.run).not.toContain('${{');
  });

  it('scan step: writes valid SARIF and reports exit code 1 for a failure, without failing before the upload', () => {
    const dir = makeWorkdir({ 'k8s/pod.yaml': PRIVILEGED });
    const scan = runStep(scanStep, { cwd: dir, inputs: { path: 'k8s' } });
    expect(scan.code).toBe(0);
    expect(scan.outputs).toEqual({ 'exit-code': '1', 'sarif-file': 'eksguard.sarif', 'sarif-written': 'true' });
    expect(scan.stdout).toMatch(/CRITICAL\s+PSS-privileged/);
    const sarif = JSON.parse(readFileSync(path.join(dir, 'eksguard.sarif'), 'utf8'));
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    expect(sarif.runs[0].results.some((r: any) => r.ruleId === 'PSS-privileged' && r.locations[0].physicalLocation.artifactLocation.uri === 'k8s/pod.yaml')).toBe(true);

    const gate = runStep(gateStep, { cwd: dir, env: { EKSGUARD_EXIT_CODE: scan.outputs['exit-code']! } });
    expect(gate.code).toBe(1);
    expect(gate.stdout).toContain('::error title=eksguard::failures at or above the fail-on threshold');
  }, 120_000);

  it('scan step: passes paths, fail-on, config and extra arguments through', () => {
    const dir = makeWorkdir({ 'a.yaml': PRIVILEGED, 'b.yaml': PRIVILEGED.replace('name: root', 'name: other'), 'ci.yaml': 'failOn: critical\n' });
    const scan = runStep(scanStep, {
      cwd: dir,
      inputs: { path: 'a.yaml\nb.yaml', 'fail-on': 'none', config: 'ci.yaml', args: '--pss-level baseline --include-passed', 'sarif-file': 'out.sarif' },
    });
    expect(scan.outputs['exit-code']).toBe('0');
    const sarif = JSON.parse(readFileSync(path.join(dir, 'out.sarif'), 'utf8'));
    // namespace shop is in both files: its findings belong to neither and get a virtual location
    const files = new Set(sarif.runs[0].results.map((r: any) => r.locations[0].physicalLocation?.artifactLocation.uri).filter((uri: string) => !uri.startsWith('kubernetes/')));
    expect(files).toEqual(new Set(['a.yaml', 'b.yaml']));
    // --include-passed reached the CLI: passing results are in the report
    expect(sarif.runs[0].results.some((r: any) => r.kind === 'pass')).toBe(true);
    // --pss-level baseline reached the CLI: the restricted-only check does not fail
    expect(sarif.runs[0].results.some((r: any) => r.ruleId === 'PSS-runAsNonRoot' && r.kind === 'fail')).toBe(false);
    expect(runStep(gateStep, { cwd: dir, env: { EKSGUARD_EXIT_CODE: '0' } }).code).toBe(0);
  }, 120_000);

  it('scan step: with a baseline, accepted failures do not gate', () => {
    const dir = makeWorkdir({ 'pod.yaml': PRIVILEGED });
    expect(runCli(['scan', 'pod.yaml', '--baseline-out', 'base.json', '--fail-on', 'none'], { cwd: dir }).code).toBe(0);
    const scan = runStep(scanStep, { cwd: dir, inputs: { path: 'pod.yaml', baseline: 'base.json' } });
    expect(scan.outputs['exit-code']).toBe('0');
    const sarif = JSON.parse(readFileSync(path.join(dir, 'eksguard.sarif'), 'utf8'));
    expect(sarif.runs[0].results.filter((r: any) => r.kind === 'fail')).toEqual([]);
    expect(sarif.runs[0].properties.summary.baselined).toBeGreaterThan(0);
  }, 120_000);

  it('scan step: a broken config gives exit code 2, no SARIF to upload, and a failing gate', () => {
    const dir = makeWorkdir({ 'pod.yaml': PRIVILEGED, '.eksguard.yaml': 'chekcs: {}\n' });
    const scan = runStep(scanStep, { cwd: dir, inputs: { path: 'pod.yaml' } });
    expect(scan.outputs['exit-code']).toBe('2');
    expect(scan.outputs['sarif-written']).toBe('false');
    expect(existsSync(path.join(dir, 'eksguard.sarif'))).toBe(false);
    expect(scan.stderr).toContain('.eksguard.yaml:1: chekcs: unknown key');
    expect(runStep(gateStep, { cwd: dir, env: { EKSGUARD_EXIT_CODE: '2' } }).code).toBe(2);
  }, 120_000);

  it('scan step: the default path . scans a whole repository, and only its manifests decide the exit code', () => {
    const repository = {
      '.github/workflows/ci.yml': 'name: ci\non: [push]\njobs:\n  scan:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: eksguard/eksguard@v1\n',
      'docker-compose.yml': 'services:\n  web:\n    image: nginx\n',
      'package.json': '{"name": "app"}',
      '.eksguard.yaml': 'failOn: critical\n',
    };
    const chart = {
      'chart/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n',
      'chart/values.yaml': 'replicas: 2\n',
      'chart/templates/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  replicas: "{{ .Values.replicas }}"\n',
    };
    expect(action.inputs['path']?.default).toBe('.');
    // the chart is rendered with the helm given in args (on GitHub's runners: the one on PATH)
    const failing = makeWorkdir({ ...repository, ...chart, 'k8s/pod.yaml': PRIVILEGED });
    const scan = runStep(scanStep, { cwd: failing, inputs: { args: `--helm-bin ${projectHelm()}` } });
    expect(scan.outputs['exit-code'], scan.stderr).toBe('1');
    expect(scan.stdout).toContain('read 1 file, 1 chart (2 objects); 4 files skipped as not Kubernetes');
    // without any manifest the gate fails: a scan that checked nothing must not pass
    const empty = makeWorkdir(repository);
    const nothing = runStep(scanStep, { cwd: empty });
    expect(nothing.outputs['exit-code']).toBe('2');
    expect(nothing.stderr).toContain('eksguard: error: no Kubernetes object found in . (0 files read, 4 skipped as not Kubernetes): nothing was checked');
    expect(runStep(scanStep, { cwd: empty, inputs: { args: '--allow-empty' } }).outputs['exit-code']).toBe('0');
  }, 120_000);
});
