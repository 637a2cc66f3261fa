import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Runs a renderer (helm, kubectl, kustomize) as a child process: never through a shell (the
 * arguments are paths and values from the command line and the repository), with its output
 * bounded and a deadline. A renderer that prints more than the limit, or runs past the deadline,
 * is killed and reported, never waited on.
 */

export interface ToolRun {
  /** the executable: a path, or a name looked up on PATH */
  bin: string;
  args: readonly string[];
  cwd: string;
  /** most bytes of standard output kept; more kills the tool */
  maxStdoutBytes: number;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

export type ToolResult =
  | { ok: true; stdout: string; stderr: string }
  | { ok: false; reason: 'not-found' | 'failed' | 'timeout' | 'too-large' | 'not-utf8'; exitCode?: number; stderr: string };

/** Standard error is for messages: the first 64 KiB are plenty to explain a failure. */
const MAX_STDERR_BYTES = 64 * 1024;

export async function runTool(run: ToolRun): Promise<ToolResult> {
  return new Promise((resolve) => {
    let settled = false;
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    const stderr: Buffer[] = [];
    let stderrBytes = 0;
    let killedFor: 'timeout' | 'too-large' | undefined;
    const child = spawn(run.bin, [...run.args], {
      cwd: run.cwd,
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: run.env ?? process.env,
      windowsHide: true,
    });
    const stop = (why: 'timeout' | 'too-large'): void => {
      if (killedFor) return;
      killedFor = why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop('timeout'), run.timeoutMs);
    const stderrText = (): string => Buffer.concat(stderr).toString('utf8');
    const finish = (result: ToolResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > run.maxStdoutBytes) stop('too-large');
      else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderrBytes >= MAX_STDERR_BYTES) return;
      const kept = chunk.subarray(0, MAX_STDERR_BYTES - stderrBytes);
      stderrBytes += kept.length;
      stderr.push(kept);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish({ ok: false, reason: error.code === 'ENOENT' || error.code === 'EACCES' ? 'not-found' : 'failed', stderr: error.message });
    });
    child.on('close', (code) => {
      if (killedFor) return finish({ ok: false, reason: killedFor, stderr: stderrText() });
      if (code !== 0) return finish({ ok: false, reason: 'failed', ...(code !== null ? { exitCode: code } : {}), stderr: stderrText() });
      try {
        const text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(stdout));
        finish({ ok: true, stdout: text, stderr: stderrText() });
      } catch {
        finish({ ok: false, reason: 'not-utf8', stderr: stderrText() });
      }
    });
  });
}

/** The executable a name stands for: itself when it holds a slash, else the first match on PATH. */
export async function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const isFile = async (candidate: string): Promise<boolean> => {
    try {
      await access(candidate, constants.X_OK);
      return (await stat(candidate)).isFile();
    } catch {
      return false;
    }
  };
  if (name.includes('/') || name.includes(path.sep)) return (await isFile(name)) ? path.resolve(name) : undefined;
  for (const directory of (env['PATH'] ?? '').split(path.delimiter)) {
    if (!directory) continue;
    const candidate = path.join(directory, name);
    if (await isFile(candidate)) return candidate;
  }
  return undefined;
}

/**
 * A renderer's message for a report: the first lines of its standard error, control characters
 * removed and the length bounded. Renderers name template files and values paths here, and not
 * the rendered values themselves; reporters escape it like any other text.
 */
export function toolMessage(stderr: string, maxLength = 600): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim())
    .filter((line) => line && !/^Use --debug flag/.test(line));
  const text = lines.slice(0, 4).join(' ');
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}
