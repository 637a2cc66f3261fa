/**
 * The built CLI on each Node.js line it meets: the supported LTS lines 22 and 24, and the
 * end-of-life 20 that some machines still have (eksguard must run there, and say once that it
 * is not supported). The runtimes are the official Linux x64 builds from the npm registry,
 * pinned in scripts/node-runtimes.sh and cached in .cache/node. This test installs them itself
 * when the cache is empty (as the moto and local-cluster tests start their peers), so a fresh
 * clone's `npm test` proves the runtimes instead of skipping; without the registry it fails,
 * saying so.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeWebhookCerts, type WebhookCerts } from '../webhook/certs.js';
import { postReview, request } from '../webhook/https-client.js';
import { admissionReview, privilegedPod } from '../webhook/reviews.js';
import { cliPath, repoRoot } from './run-cli.js';

interface Runtime {
  version: string;
  node: string;
  supported: boolean;
}

const SCRIPT = path.join(repoRoot, 'scripts/node-runtimes.sh');
const TOOL_VERSION = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

function installRuntimes(): Runtime[] {
  const installed = spawnSync('bash', [SCRIPT, 'install'], { encoding: 'utf8', timeout: 600_000 });
  if (installed.status !== 0) {
    throw new Error(`scripts/node-runtimes.sh install failed (exit ${installed.status}); run it by hand to see why (it needs the npm registry):\n${installed.stderr}`);
  }
  return installed.stdout
    .trim()
    .split('\n')
    .map((line) => {
      const [version, bin] = line.split(' ');
      return { version: `v${version}`, node: path.join(bin!, 'node'), supported: Number(version!.split('.')[0]) >= 22 };
    });
}

const runtimes = installRuntimes();

const warningLine = (version: string): string => `eksguard: Node.js ${version} is not supported (end of life); use Node.js 22 or 24\n`;

/**
 * What the user sees on stderr besides the command's own output: exactly one warning line on an
 * end-of-life runtime, nothing on a supported one. Returns the rest, which must hold no runtime
 * warning of Node or of a dependency (ExperimentalWarning, DeprecationWarning, the AWS SDK's
 * NodeVersionSupportWarning) either.
 */
function commandStderr(runtime: Runtime, stderr: string): string {
  let rest = stderr;
  if (!runtime.supported) {
    expect(stderr.startsWith(warningLine(runtime.version)), stderr).toBe(true);
    rest = stderr.slice(warningLine(runtime.version).length);
  }
  expect(rest).not.toContain('not supported');
  expect(rest).not.toMatch(/\(node:\d+\)|Warning|--trace-/);
  return rest;
}

const isolatedEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const home = mkdtempSync(path.join(tmpdir(), 'eksguard-runtime-home-'));
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, NO_COLOR: '1', ...extra };
  return env;
};

function run(runtime: Runtime, args: readonly string[], options: { input?: string; env?: Record<string, string>; cwd?: string } = {}) {
  const result = spawnSync(runtime.node, [cliPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    input: options.input ?? '',
    encoding: 'utf8',
    env: isolatedEnv(options.env),
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let certs: WebhookCerts;
beforeAll(() => {
  certs = makeWebhookCerts();
});

describe('the pinned runtimes', () => {
  it('are the official builds of Node.js 20 (end of life), 22 and 24', () => {
    expect(runtimes.map((runtime) => runtime.version.replace(/\.\d+\.\d+$/, ''))).toEqual(['v20', 'v22', 'v24']);
    for (const runtime of runtimes) expect(spawnSync(runtime.node, ['--version'], { encoding: 'utf8' }).stdout.trim()).toBe(runtime.version);
  });
});

describe('the same input on every runtime', () => {
  it('gives byte-identical reports, including the messages for input it cannot read', () => {
    // JSON.parse's own messages differ between Node.js lines (and quote the input); eksguard's must not
    const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-runtime-input-'));
    writeFileSync(path.join(dir, 'cut.json'), '{"apiVersion": "v1", "kind": "Pod",\n "metadata": {"name": "a"}');
    writeFileSync(path.join(dir, 'comma.json'), '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "b"},}');
    writeFileSync(path.join(dir, 'flow.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: [\n');
    writeFileSync(path.join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: c, namespace: a}\nspec: {containers: [{name: c, image: nginx}]}\n');
    const snapshot = mkdtempSync(path.join(tmpdir(), 'eksguard-runtime-snapshot-'));
    mkdirSync(path.join(snapshot, 'eu-west-1'));
    writeFileSync(path.join(snapshot, 'eu-west-1', 'broken.json'), '{"cluster": {"name": hunter2}');
    const reports = runtimes.map((runtime) => run(runtime, ['scan', dir, 'examples/', '--aws-snapshot', snapshot, '--format', 'json', '--include-passed']));
    for (const report of reports) expect(report.code).toBe(2);
    const errors = JSON.parse(reports[0]!.stdout).errors as { source: string; message: string }[];
    expect(errors).toContainEqual({ source: 'aws-snapshot', message: 'not valid JSON: unexpected character (not a JSON value) (column 22)', location: { file: 'eu-west-1/broken.json', line: 1 } });
    expect(errors.filter((error) => error.source === 'file').length).toBeGreaterThanOrEqual(2);
    expect(reports[0]!.stdout).not.toContain('hunter2');
    for (const report of reports.slice(1)) expect(report.stdout).toBe(reports[0]!.stdout);
  });
});

describe.each(runtimes)('eksguard on Node.js $version', (runtime) => {
  it('names the runtime in --version', () => {
    const result = run(runtime, ['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`eksguard ${TOOL_VERSION} (node ${runtime.version}, linux-x64)\n`);
    expect(commandStderr(runtime, result.stderr)).toBe('');
  });

  it("runs the README's first scan, with every report format, and warns only if the runtime is unsupported", () => {
    const out = mkdtempSync(path.join(tmpdir(), 'eksguard-runtime-'));
    const formats = ['json', 'sarif', 'junit', 'html', 'markdown'];
    // formats pair with --output files in order: the table, last, goes to stdout
    const result = run(runtime, ['scan', 'examples/', ...formats.flatMap((format) => ['--format', format, '--output', path.join(out, `report.${format}`)]), '--format', 'table']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/\d+ failed \(\d+ critical/);
    expect(commandStderr(runtime, result.stderr)).toBe('');
    expect(JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')).summary.fail).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(path.join(out, 'report.sarif'), 'utf8')).version).toBe('2.1.0');
  });

  it('parses many files on worker threads, with no fallback to the main thread', () => {
    // parseFiles falls back to this thread when a worker cannot start or dies; here that parse throws,
    // so the answer proves every file was parsed by a worker of this runtime
    const probe = `
      import { mkdtempSync, writeFileSync } from 'node:fs';
      import { tmpdir } from 'node:os';
      import path from 'node:path';
      const { parseFiles, workersAvailable, MIN_FILES_FOR_WORKERS } = await import(${JSON.stringify(path.join(repoRoot, 'dist/sources/manifests/parse-pool.js'))});
      const { MANIFEST_LIMITS } = await import(${JSON.stringify(path.join(repoRoot, 'dist/sources/manifests/limits.js'))});
      const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-runtime-workers-'));
      const files = Array.from({ length: MIN_FILES_FOR_WORKERS * 2 }, (_, i) => {
        const file = path.join(dir, 'f-' + i + '.yaml');
        writeFileSync(file, 'kind: Pod\\napiVersion: v1\\nmetadata: {name: p-' + i + '}\\n---\\nkind: Service\\napiVersion: v1\\nmetadata: {name: s-' + i + '}\\n');
        return { file, displayName: 'f-' + i + '.yaml' };
      });
      const results = await parseFiles(files, MANIFEST_LIMITS, () => { throw new Error('fell back to the main thread'); });
      console.log(JSON.stringify({ available: workersAvailable(), parsed: results.filter((result) => 'parsed' in result).length }));
    `;
    // a file, not -e: workers inherit the parent's execArgv, and --input-type breaks them
    const probeFile = path.join(mkdtempSync(path.join(tmpdir(), 'eksguard-runtime-probe-')), 'probe.mjs');
    writeFileSync(probeFile, probe);
    const result = spawnSync(runtime.node, [probeFile], { encoding: 'utf8', env: isolatedEnv(), timeout: 60_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ available: true, parsed: 32 });
  });

  it('reads stdin and answers who-can', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: root, namespace: a}\nspec:\n  containers: [{name: c, image: nginx, securityContext: {privileged: true}}]\n';
    const scan = run(runtime, ['scan', '-', '--format', 'json'], { input: pod });
    expect(scan.code).toBe(1);
    expect(JSON.parse(scan.stdout).findings.some((finding: { checkId: string }) => finding.checkId === 'PSS-privileged')).toBe(true);
    expect(commandStderr(runtime, scan.stderr)).toBe('');
    const whoCan = run(runtime, ['who-can', 'get', 'secrets', 'examples/']);
    expect(whoCan.code).toBe(0);
    expect(commandStderr(runtime, whoCan.stderr)).toBe('');
  });

  it('loads the Kubernetes client for --kube and reports an unreachable cluster as the only error', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-runtime-kube-'));
    const kubeconfig = path.join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      'apiVersion: v1\nkind: Config\nclusters: [{name: dead, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: abc}}]\ncontexts: [{name: dead, context: {cluster: dead, user: u}}]\ncurrent-context: dead\n',
    );
    const result = run(runtime, ['scan', '--kube', '--kubeconfig', kubeconfig]);
    expect(result.code).toBe(2);
    expect(commandStderr(runtime, result.stderr)).toMatch(/^eksguard: error: cannot reach the API server of context "dead" \(https:\/\/127\.0\.0\.1:1\)[^\n]*\nhint: [^\n]+\n$/);
  });

  it("makes AWS SDK clients for --aws without the SDK's own runtime warning", () => {
    const result = run(runtime, ['scan', '--aws', '--region', 'us-east-1', '--format', 'json'], {
      env: {
        AWS_ACCESS_KEY_ID: 'AKIAEKSGUARDRUNTIME00',
        AWS_SECRET_ACCESS_KEY: 'not-a-real-secret-key',
        AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
        AWS_MAX_ATTEMPTS: '1',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });
    // an account that cannot be reached fails the gate (exit 2); the clients were made and called:
    // the unreachable endpoint is a gap of the report
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).gaps[0]).toMatchObject({ source: 'aws eks:ListClusters', reason: expect.stringContaining('ECONNREFUSED') });
    expect(result.stderr).not.toContain('NodeVersionSupportWarning');
    expect(commandStderr(runtime, result.stderr)).toMatch(/^eksguard: error: cannot reach the AWS API: Error: connect ECONNREFUSED[^\n]*\nhint: [^\n]*\n$/);
  });

  it('serves admission reviews and stops on SIGTERM', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-runtime-serve-'));
    const configFile = path.join(dir, 'webhook.yaml');
    // enforce: the answer then shows that the checks ran (the default only warns)
    writeFileSync(configFile, 'defaults: { enforce: high }\nnamespaceLabels: { lookup: false }\ningressClasses: { lookup: false }\n');
    const port = await freePort();
    const child = spawn(runtime.node, [cliPath, 'serve', '--tls-cert', certs.certFile, '--tls-key', certs.keyFile, '--host', '127.0.0.1', '--port', String(port), '--config', configFile], {
      cwd: repoRoot,
      env: isolatedEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout.resume();
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const ready = await request({ port, ca: certs.ca, path: '/readyz' }).catch(() => undefined);
        if (ready?.status === 200) break;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the webhook did not become ready: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const reply = await postReview(port, certs.ca, admissionReview(privilegedPod()));
      expect(reply.status).toBe(200);
      expect(reply.json().response.allowed).toBe(false);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(commandStderr(runtime, stderr)).toBe('');
  });
});
