import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, runCli } from './run-cli.js';
import { makeWorkdir } from './workdir.js';

const PRIVILEGED = (name: string) => `---
apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: shop }
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext: { privileged: true }
`;

/** stderr without the one-line runtime warning an unsupported Node prints (the suite may run on one). */
const ownStderr = (stderr: string) => stderr.split('\n').filter((line) => line && !line.includes('is not supported (end of life)')).join('\n');

describe('--output without --format (built CLI)', () => {
  it('takes each file format from its extension, and prints the summary on stderr', () => {
    const dir = makeWorkdir({ 'pod.yaml': PRIVILEGED('web') });
    const result = runCli(['scan', 'pod.yaml', '-o', 'r.json', '-o', 'r.sarif', '-o', 'r.junit.xml', '-o', 'r.html', '-o', 'r.md', '-o', 'r.xml', '-o', 'r.sarif.json'], { cwd: dir });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toBe('');
    const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
    expect(JSON.parse(read('r.json')).schemaVersion).toBe(1);
    expect(JSON.parse(read('r.sarif')).version).toBe('2.1.0');
    expect(JSON.parse(read('r.sarif.json')).version).toBe('2.1.0');
    expect(read('r.junit.xml')).toMatch(/^<\?xml[^>]*>\s*<testsuites/);
    expect(read('r.xml')).toMatch(/<testsuites/);
    expect(read('r.html')).toMatch(/^<!doctype html>/i);
    expect(read('r.md')).toMatch(/^### .*eksguard/);
    const stderr = ownStderr(result.stderr);
    expect(stderr).toMatch(/^read 1 file \(1 object\)\n\d+ failed \(1 critical/);
  });

  it('an explicit --format wins over the extension', () => {
    const dir = makeWorkdir({ 'pod.yaml': PRIVILEGED('web') });
    const result = runCli(['scan', 'pod.yaml', '-f', 'table', '-o', 'report.json'], { cwd: dir });
    expect(result.code, result.stderr).toBe(1);
    expect(readFileSync(path.join(dir, 'report.json'), 'utf8')).toContain('PSS-privileged');
    expect(() => JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'))).toThrow();
  });

  it('refuses an extension that names no format, writing nothing', () => {
    const dir = makeWorkdir({ 'pod.yaml': PRIVILEGED('web') });
    const result = runCli(['scan', 'pod.yaml', '-o', 'report.yaml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no --format for --output report.yaml, and its extension names none');
    expect(result.stdout).toBe('');
  });

  it('does not repeat the summary on stderr when a report goes to standard output', () => {
    const dir = makeWorkdir({ 'pod.yaml': PRIVILEGED('web') });
    const result = runCli(['scan', 'pod.yaml', '-f', 'json', '-o', '-', '-o', 'r.sarif'], { cwd: dir });
    expect(JSON.parse(readFileSync(path.join(dir, 'r.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).summary.fail).toBeGreaterThan(0);
    expect(ownStderr(result.stderr)).toBe('');
  });
});

describe('a reader that closes the pipe early (built CLI)', () => {
  it.each(['json', 'markdown', 'sarif', 'table'])('%s | head -1 ends quietly with the exit code of the scan', (format) => {
    // large enough that the report cannot fit in the pipe's buffer before head exits
    const dir = makeWorkdir({});
    writeFileSync(path.join(dir, 'pods.yaml'), Array.from({ length: 1500 }, (_, index) => PRIVILEGED(`p${index}`)).join(''));
    const result = spawnSync('bash', ['-c', `"${process.execPath}" "${cliPath}" scan pods.yaml -f ${format} 2>err.txt | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"`], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 120_000,
    });
    expect(result.stdout.trim()).toBe('1');
    expect(ownStderr(readFileSync(path.join(dir, 'err.txt'), 'utf8'))).toBe('');
  });
});
