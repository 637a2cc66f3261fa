import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, runCli, runCliJson } from './run-cli.js';
import { makeWorkdir } from './workdir.js';

const PRIVILEGED = `apiVersion: v1
kind: Pod
metadata: { name: piped, namespace: ci }
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext: { privileged: true }
`;

const failing = (json: any) => json.findings.filter((finding: any) => finding.checkId === 'PSS-privileged' && finding.status === 'fail').map((finding: any) => finding.resource.name);

/** Runs the built CLI inside bash, so the test can use process substitution. */
function runInBash(script: string, cwd: string, env: Record<string, string> = {}) {
  const result = spawnSync('bash', ['-c', script], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', EKSGUARD: `${process.execPath} ${cliPath}`, ...env },
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('streams named on the command line (built CLI)', () => {
  it('reads /dev/stdin when it is a pipe', () => {
    const dir = makeWorkdir({ 'pod.yaml': PRIVILEGED });
    const result = runInBash('cat pod.yaml | $EKSGUARD scan /dev/stdin --format json', dir);
    expect(result.code, result.stderr).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(failing(json)).toEqual(['piped']);
    expect(json.findings[0].location.file).toBe('/dev/stdin');
    expect(json.summary.inputs).toEqual({ files: 1, objects: 1, skippedFiles: 0 });
  });

  it('reads /dev/stdin when a parent process made it a socket, and when it is a file', () => {
    const dir = makeWorkdir({ 'pod.yaml': PRIVILEGED });
    // Node gives its children a socket pair for standard input, which cannot be opened by path
    const { json, result } = runCliJson(['scan', '/dev/stdin'], { cwd: dir, input: PRIVILEGED });
    expect(result.code, result.stderr).toBe(1);
    expect(failing(json)).toEqual(['piped']);
    const redirected = runInBash('$EKSGUARD scan /dev/fd/0 --format json < pod.yaml', dir);
    expect(redirected.code, redirected.stderr).toBe(1);
  });

  it('reads process substitution, <(cmd)', () => {
    const dir = makeWorkdir({ 'pod.yaml': PRIVILEGED });
    const result = runInBash('$EKSGUARD scan <(cat pod.yaml) --format json', dir);
    expect(result.code, result.stderr).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(failing(json)).toEqual(['piped']);
    expect(json.findings[0].location.file).toMatch(/^\/dev\/fd\/\d+$/);
  });

  it('reads a FIFO whose writer starts after eksguard', () => {
    const dir = makeWorkdir({ 'pod.yaml': PRIVILEGED });
    execFileSync('mkfifo', [path.join(dir, 'in.fifo')]);
    const result = runInBash('(sleep 0.5; cat pod.yaml > in.fifo) & $EKSGUARD scan in.fifo --format json; code=$?; wait; exit $code', dir);
    expect(result.code, result.stderr).toBe(1);
    expect(failing(JSON.parse(result.stdout))).toEqual(['piped']);
  });

  it('gives up on a FIFO that no writer opens, naming it, instead of hanging', () => {
    const dir = makeWorkdir({});
    execFileSync('mkfifo', [path.join(dir, 'in.fifo')]);
    const started = Date.now();
    const { json, result } = runCliJson(['scan', 'in.fifo'], { cwd: dir, env: { EKSGUARD_FIFO_WAIT_SECONDS: '0.5' } });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.code).toBe(2);
    expect(json.errors[0]).toEqual({ source: 'file', message: 'no writer opened this FIFO within 500 ms; start the command that writes to it first', location: { file: 'in.fifo' } });
    expect(result.stderr).toContain('no Kubernetes object found in in.fifo');
  });

  it('waits 10 s for a FIFO writer by default, and refuses a wait that is not a number of seconds', async () => {
    const dir = makeWorkdir({});
    execFileSync('mkfifo', [path.join(dir, 'in.fifo')]);
    const child = spawn(process.execPath, [cliPath, 'scan', 'in.fifo', '--format', 'json'], { cwd: dir, env: { ...process.env, EKSGUARD_FIFO_WAIT_SECONDS: '' } });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const started = Date.now();
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const waited = Date.now() - started;
    expect(code).toBe(2);
    expect(waited).toBeGreaterThanOrEqual(10_000);
    expect(waited).toBeLessThan(25_000);
    expect(JSON.parse(stdout).errors[0].message).toContain('within 10 s');
    const invalid = runCli(['scan', 'in.fifo'], { cwd: dir, env: { EKSGUARD_FIFO_WAIT_SECONDS: 'forever' } });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('invalid EKSGUARD_FIFO_WAIT_SECONDS');
  }, 40_000);

  it('holds a stream to the same 32 MiB limit as a file', () => {
    const dir = makeWorkdir({});
    const big = `${PRIVILEGED}data:\n  x: "${'a'.repeat(33 * 1024 * 1024)}"\n`;
    const { json, result } = runCliJson(['scan', '/dev/stdin'], { cwd: dir, input: big });
    expect(result.code).toBe(2);
    expect(json.errors[0].message).toMatch(/^file is larger than the limit of 32 MiB/);
    expect(json.errors[0].location.file).toBe('/dev/stdin');
  });

  it('walks a directory holding a FIFO without opening it', () => {
    const dir = makeWorkdir({ 'k8s/pod.yaml': PRIVILEGED });
    execFileSync('mkfifo', [path.join(dir, 'k8s/stuck.yaml')]);
    writeFileSync(path.join(dir, 'k8s/values.yaml'), 'replicas: 1\n');
    const started = Date.now();
    const { json, result } = runCliJson(['scan', 'k8s'], { cwd: dir, env: { EKSGUARD_FIFO_WAIT_SECONDS: '60' } });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.code).toBe(1);
    expect(json.errors).toEqual([]);
    expect(json.summary.inputs).toEqual({ files: 1, objects: 1, skippedFiles: 1 });
  });
});
