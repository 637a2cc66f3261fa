import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './run-cli.js';
import { makeWorkdir } from './workdir.js';

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const scratch = mkdtempSync(path.join(tmpdir(), 'eksguard-package-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(command: string, args: readonly string[], options: { cwd?: string } = {}) {
  const result = spawnSync(command, args, { cwd: options.cwd ?? scratch, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 400_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

const PRIVILEGED = 'apiVersion: v1\nkind: Pod\nmetadata: { name: root, namespace: ci }\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext: { privileged: true }\n';

describe('the npm package', () => {
  it('names its repository, homepage, issue tracker and keywords', () => {
    expect(manifest.repository.url).toMatch(/^git\+https:\/\/github\.com\/[^/]+\/[^/]+\.git$/);
    const home = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    expect(manifest.homepage).toBe(`${home}#readme`);
    expect(manifest.bugs.url).toBe(`${home}/issues`);
    expect(manifest.keywords).toEqual(expect.arrayContaining(['eks', 'kubernetes', 'security']));
    // a clone builds itself on `npm install` (the README's first command) and before `npm pack`;
    // npm never runs prepare when a tarball is installed, so consumers get the packed dist/ as is
    expect(manifest.scripts.prepare).toBe('npm run build');
    expect(manifest.scripts.prepack).toBeUndefined();
  });

  // `npm test` builds dist/ first; the tarball is what `npm pack` makes of it
  it('npm pack makes a tarball that installs into a fresh prefix and runs every command', () => {
    const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { cwd: repoRoot });
    expect(pack.code, pack.stderr).toBe(0);
    const packed = JSON.parse(pack.stdout)[0];
    const files: string[] = packed.files.map((file: { path: string }) => file.path);
    expect(files).toEqual(expect.arrayContaining(['dist/cli/main.js', 'dist/checks/catalogue.js', 'README.md', 'LICENSE', 'package.json']));
    expect(files.filter((file) => /\.test\.(js|ts)$|^src\/|^test\/|^node_modules\//.test(file))).toEqual([]);
    const tarball = path.join(scratch, packed.filename);

    // from the local npm cache when it holds the dependencies (as on this machine); the registry otherwise
    const prefix = path.join(scratch, 'prefix');
    const install = run('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball]);
    expect(install.code, install.stderr).toBe(0);
    const bin = path.join(prefix, 'bin', 'eksguard');

    const version = run(bin, ['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(new RegExp(`^eksguard ${manifest.version.replace(/\./g, '\\.')} \\(node v`));

    const dir = makeWorkdir({ 'k8s/pod.yaml': PRIVILEGED });
    const scan = run(bin, ['scan', 'k8s', '-f', 'json'], { cwd: dir });
    expect(scan.code, scan.stderr).toBe(1);
    const report = JSON.parse(scan.stdout);
    expect(report.findings.some((finding: any) => finding.checkId === 'PSS-privileged' && finding.status === 'fail')).toBe(true);

    const examples = path.join(repoRoot, 'examples');
    const commands: [string[], number, RegExp][] = [
      [['--help'], 0, /Usage: eksguard/],
      [['checks', 'list'], 0, /PSS-privileged/],
      [['checks', 'show', 'k8s-iam-001'], 0, /^K8S-IAM-001: /],
      [['who-can', 'get', 'secrets', examples], 0, /system:masters/],
      [['completion', 'bash'], 0, /complete -o filenames -F _eksguard_complete eksguard/],
      [['collect', 'aws', '--help'], 0, /--out <dir>/],
      [['serve', '--help'], 0, /--tls-cert <file>/],
      [['scan', examples, '-q'], 1, /\d+ failed/],
    ];
    for (const [args, code, output] of commands) {
      const result = run(bin, args, { cwd: dir });
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(code);
      expect(result.stdout, args.join(' ')).toMatch(output);
    }
  }, 420_000);
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string; files: string; pass_filenames: boolean }[];
  const hook = hooks.find((candidate) => candidate.id === 'eksguard')!;

  it('is a node hook whose entry is the package binary, given the changed manifest files', () => {
    expect(hook.language).toBe('node');
    expect(hook.pass_filenames).toBe(true);
    expect(hook.entry.split(' ')[0]).toBe(Object.keys(manifest.bin)[0]);
    const files = new RegExp(hook.files);
    expect(['k8s/deploy.yaml', 'app.yml', 'list.json'].every((file) => files.test(file))).toBe(true);
    expect(['main.ts', 'README.md'].some((file) => files.test(file))).toBe(false);
  });

  it('fails a commit that adds a privileged pod, and passes one that changes only a workflow file', () => {
    const dir = makeWorkdir({ 'k8s/pod.yaml': PRIVILEGED, '.github/workflows/ci.yml': 'name: ci\non: [push]\njobs: {}\n' });
    // as pre-commit runs it: the entry, then the changed files that match `files`
    const [, ...entryArgs] = hook.entry.split(' ');
    const cli = path.join(repoRoot, 'dist/cli/main.js');
    const failing = run(process.execPath, [cli, ...entryArgs, 'k8s/pod.yaml', '.github/workflows/ci.yml'], { cwd: dir });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('PSS-privileged');
    const passing = run(process.execPath, [cli, ...entryArgs, '.github/workflows/ci.yml'], { cwd: dir });
    expect(passing.code, passing.stderr).toBe(0);
    expect(passing.stdout).toContain('1 file skipped as not Kubernetes');
    // a manifest that is broken is still an error, not skipped
    writeFileSync(path.join(dir, 'k8s/broken.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: { name: [unclosed\n');
    const broken = run(process.execPath, [cli, ...entryArgs, 'k8s/broken.yaml'], { cwd: dir });
    expect(broken.code).toBe(2);
    expect(broken.stdout).toContain('error: k8s/broken.yaml:');
  });
});
