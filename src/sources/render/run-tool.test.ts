import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findExecutable, runTool, toolMessage } from './run-tool.js';

const node = process.execPath;
const run = (script: string, extra: Partial<Parameters<typeof runTool>[0]> = {}) =>
  runTool({ bin: node, args: ['-e', script], cwd: tmpdir(), maxStdoutBytes: 1024, timeoutMs: 5_000, ...extra });

describe('running a renderer', () => {
  it('returns its standard output, and its standard error on failure', async () => {
    expect(await run('process.stdout.write("kind: Pod\\n")')).toEqual({ ok: true, stdout: 'kind: Pod\n', stderr: '' });
    expect(await run('process.stderr.write("Error: boom\\n"); process.exit(3)')).toEqual({ ok: false, reason: 'failed', exitCode: 3, stderr: 'Error: boom\n' });
  });

  it('kills a renderer that runs past its deadline or prints more than the limit', async () => {
    const started = Date.now();
    expect(await run('setInterval(() => {}, 1000)', { timeoutMs: 300 })).toMatchObject({ ok: false, reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(await run('const chunk = "x".repeat(4096); setInterval(() => process.stdout.write(chunk), 1)')).toMatchObject({ ok: false, reason: 'too-large' });
  });

  it('passes arguments as they are, never through a shell', async () => {
    const result = await runTool({ bin: node, args: ['-e', 'process.stdout.write(JSON.stringify(process.argv.slice(1)))', '$(touch /tmp/x); `id` | cat', '*'], cwd: tmpdir(), maxStdoutBytes: 1024, timeoutMs: 5_000 });
    expect(result.ok && JSON.parse(result.stdout)).toEqual(['$(touch /tmp/x); `id` | cat', '*']);
  });

  it('says when the executable does not exist, and finds executables on PATH only', async () => {
    expect(await runTool({ bin: '/nonexistent/helm', args: [], cwd: tmpdir(), maxStdoutBytes: 10, timeoutMs: 1000 })).toMatchObject({ ok: false, reason: 'not-found' });
    const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-bin-'));
    writeFileSync(path.join(dir, 'helm'), '#!/bin/sh\n');
    writeFileSync(path.join(dir, 'kustomize'), 'not executable');
    chmodSync(path.join(dir, 'helm'), 0o755);
    expect(await findExecutable('helm', { PATH: dir })).toBe(path.join(dir, 'helm'));
    expect(await findExecutable('kustomize', { PATH: dir })).toBeUndefined();
    expect(await findExecutable(path.join(dir, 'helm'), { PATH: '' })).toBe(path.join(dir, 'helm'));
  });

  it('keeps messages to a few clean lines', () => {
    expect(toolMessage('Error: template: x.yaml:3: bad\n\u001b[31mred\u001b[0m\nUse --debug flag to render out invalid YAML\n')).toBe('Error: template: x.yaml:3: bad [31mred [0m');
    expect(toolMessage('a'.repeat(1000)).length).toBeLessThanOrEqual(601);
  });
});
