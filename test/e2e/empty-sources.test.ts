import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, runCli, runCliJson } from './run-cli.js';
import { makeWorkdir } from './workdir.js';

const PRIVILEGED = `apiVersion: v1
kind: Pod
metadata: { name: root, namespace: ci }
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext: { privileged: true }
`;

const CLUSTER = JSON.stringify({ cluster: { name: 'prod', arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/prod', version: '1.33', resourcesVpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] } } });

/** An AWS environment with no credentials anywhere, and an endpoint that answers nothing, so no test reaches AWS. */
const NO_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
  AWS_SESSION_TOKEN: '',
  AWS_PROFILE: '',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
  AWS_CONFIG_FILE: '/nonexistent/config',
  AWS_WEB_IDENTITY_TOKEN_FILE: '',
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
  AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_REGION: 'us-east-1',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
};

describe('a source that yields nothing fails the gate (built CLI)', () => {
  it('exits 2 when the paths hold no Kubernetes object, with the reason on stderr and in the report', () => {
    const dir = makeWorkdir({ 'config/values.yaml': 'replicas: 2\n', 'package.json': '{"name": "x"}' });
    const { json, result } = runCliJson(['scan', 'config', 'package.json'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(json.errors).toContainEqual({ source: 'manifests', message: 'no Kubernetes object found in config package.json (1 file read, 1 skipped as not Kubernetes): nothing was checked' });
    expect(result.stderr).toContain('eksguard: error: no Kubernetes object found in config package.json');
    expect(result.stderr).toContain('hint: check the paths; pass --allow-empty if having no manifests is expected');
    const empty = runCliJson(['scan', 'config'], { cwd: dir });
    expect(empty.result.code).toBe(2);
    const allowed = runCliJson(['scan', 'config', '--allow-empty'], { cwd: dir });
    expect(allowed.result.code).toBe(0);
    expect(allowed.json.errors).toEqual([]);
    expect(allowed.json.summary.inputs).toEqual({ files: 0, objects: 0, skippedFiles: 1 });
  });

  it('exits 2 for empty standard input (helm template that rendered nothing)', () => {
    const dir = makeWorkdir({});
    const result = runCli(['scan', '-'], { cwd: dir, input: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no Kubernetes object found in -');
    expect(runCli(['scan', '-', '--allow-empty'], { cwd: dir, input: '# nothing rendered\n' }).code).toBe(0);
  });

  it('exits 2 when the cluster of the kubeconfig cannot be reached, still reporting the manifests', () => {
    const dir = makeWorkdir({
      'pod.yaml': PRIVILEGED,
      'dead.kubeconfig': JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'dead', cluster: { server: 'https://127.0.0.1:1', 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'u', user: { token: 'token-must-not-leak' } }],
        contexts: [{ name: 'dead', context: { cluster: 'dead', user: 'u' } }],
        'current-context': 'dead',
      }),
    });
    const { json, result } = runCliJson(['scan', 'pod.yaml', '--kube', '--kubeconfig', 'dead.kubeconfig'], { cwd: dir, env: { KUBECONFIG: '' } });
    expect(result.code).toBe(2);
    expect(json.errors).toEqual([{ source: 'kube', message: expect.stringMatching(/^cannot reach the API server of context "dead" \(https:\/\/127\.0\.0\.1:1\): .*ECONNREFUSED/) }]);
    expect(json.findings.some((finding: any) => finding.checkId === 'PSS-privileged' && finding.status === 'fail')).toBe(true);
    expect(result.stderr).toMatch(/eksguard: error: cannot reach the API server of context "dead"/);
    expect(result.stdout + result.stderr).not.toContain('token-must-not-leak');
  });

  it('exits 2 for --aws without any credentials, saying so, and never calls out', () => {
    const dir = makeWorkdir({});
    const { json, result } = runCliJson(['scan', '--aws'], { cwd: dir, env: NO_CREDENTIALS });
    expect(result.code).toBe(2);
    expect(json.errors).toEqual([{ source: 'aws', message: expect.stringMatching(/^no usable AWS credentials: CredentialsProviderError: /) }]);
    expect(result.stderr).toContain('eksguard: error: no usable AWS credentials');
    const collected = runCli(['collect', 'aws', '--out', 'snap'], { cwd: dir, env: NO_CREDENTIALS });
    expect(collected.code).toBe(2);
    expect(collected.stderr).toContain('no usable AWS credentials');
    expect(collected.stderr).toContain('nothing was written');
  }, 60_000);

  it('exits 2 for --aws when the endpoint cannot be reached', () => {
    const dir = makeWorkdir({});
    const env = { ...NO_CREDENTIALS, AWS_ACCESS_KEY_ID: 'AKIAEKSGUARDFAKE0000', AWS_SECRET_ACCESS_KEY: 'fake-secret-must-not-leak' };
    const { json, result } = runCliJson(['scan', '--aws', '--region', 'eu-west-1'], { cwd: dir, env });
    expect(result.code).toBe(2);
    expect(json.errors).toEqual([{ source: 'aws', message: expect.stringMatching(/^cannot reach the AWS API: .*ECONNREFUSED/) }]);
    expect(result.stdout + result.stderr).not.toContain('fake-secret-must-not-leak');
  }, 60_000);

  it('exits 2 for a snapshot without resources, unless it records an account without clusters and --allow-empty is given', () => {
    const dir = makeWorkdir({ 'empty/.keep': '', 'none/eu-west-1/eks/list-clusters.json': '{"clusters": []}' });
    const empty = runCliJson(['scan', '--aws-snapshot', 'empty', '--allow-empty'], { cwd: dir });
    expect(empty.result.code).toBe(2);
    expect(empty.json.errors).toEqual([{ source: 'aws-snapshot', message: 'no AWS resource found in empty: there is nothing to audit' }]);
    expect(runCli(['scan', '--aws-snapshot', 'none'], { cwd: dir }).code).toBe(2);
    expect(runCli(['scan', '--aws-snapshot', 'none', '--allow-empty'], { cwd: dir }).code).toBe(0);
    const missing = runCli(['scan', '--aws-snapshot', 'nope'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('eksguard: error: nope is not a directory');
  });

  it('exits 2 on any gap with --fail-on-gaps', () => {
    const dir = makeWorkdir({ 'snap/eu-west-1/eks/clusters/prod/describe-cluster.json': CLUSTER });
    const plain = runCliJson(['scan', '--aws-snapshot', 'snap', '--fail-on', 'none'], { cwd: dir });
    expect(plain.result.code).toBe(0);
    expect(plain.json.gaps.length).toBeGreaterThan(0);
    const strict = runCliJson(['scan', '--aws-snapshot', 'snap', '--fail-on', 'none', '--fail-on-gaps'], { cwd: dir });
    expect(strict.result.code).toBe(2);
    expect(strict.result.stderr).toContain(`eksguard: error: ${plain.json.gaps.length} gaps (data that could not be collected) and --fail-on-gaps is set`);
  });
});

/**
 * Runs the CLI so that a directory with mode 000 really cannot be read: root ignores file modes,
 * so as root the CLI runs as the nobody user (uid 65534) through setpriv. Without a way to do
 * that the test fails, saying why: it never passes without having tried.
 */
function runAsUnprivileged(args: string[], cwd: string) {
  const root = process.getuid?.() === 0;
  const command = root ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, cliPath, ...args] : [process.execPath, cliPath, ...args];
  const result = spawnSync(command[0]!, command.slice(1), { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  if (result.error) throw new Error(`cannot run the CLI as an unprivileged user (${result.error.message}): this test needs setpriv when it runs as root`);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('an unreadable directory inside a snapshot', () => {
  it('is an error entry naming it, and the rest of the snapshot is audited', () => {
    const dir = makeWorkdir({ 'snap/eu-west-1/eks/clusters/prod/describe-cluster.json': CLUSTER, 'snap/locked/x.json': '{}' });
    for (const folder of ['', 'snap', 'snap/eu-west-1', 'snap/eu-west-1/eks', 'snap/eu-west-1/eks/clusters', 'snap/eu-west-1/eks/clusters/prod']) chmodSync(path.join(dir, folder), 0o755);
    chmodSync(path.join(dir, 'snap/eu-west-1/eks/clusters/prod/describe-cluster.json'), 0o644);
    chmodSync(path.join(dir, 'snap/locked'), 0o000);
    const result = runAsUnprivileged(['scan', '--aws-snapshot', 'snap', '--format', 'json', '--fail-on', 'none'], dir);
    expect(result.stderr).not.toContain('internal error');
    const json = JSON.parse(result.stdout);
    expect(json.errors).toEqual([{ source: 'aws-snapshot', message: 'cannot read this directory (permission denied); the rest of the snapshot is audited without it', location: { file: 'locked' } }]);
    expect(result.code).toBe(2);
    expect(json.findings.some((finding: any) => finding.checkId === 'EKS-NET-001' && finding.status === 'fail')).toBe(true);
  });

  it('walks past a directory named like a JSON file and never opens a FIFO', () => {
    const dir = makeWorkdir({ 'snap/eu-west-1/eks/clusters/prod/describe-cluster.json': CLUSTER });
    mkdirSync(path.join(dir, 'snap/eu-west-1/eks/odd.json'));
    writeFileSync(path.join(dir, 'snap/eu-west-1/eks/odd.json/inner.txt'), 'not json');
    spawnSync('mkfifo', [path.join(dir, 'snap/eu-west-1/eks/fifo.json')]);
    const { json, result } = runCliJson(['scan', '--aws-snapshot', 'snap', '--fail-on', 'none'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(json.errors).toEqual([]);
  });
});
