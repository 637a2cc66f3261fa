import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../kube/local-cluster.js';

const cliPath = path.join(repoRoot, 'dist/cli/main.js');

/** A running `eksguard watch` (the built CLI) and what it logged. */
export interface WatchProcess {
  child: ChildProcess;
  /** the HTTP port of /metrics, /healthz, /readyz */
  port: number;
  logs(): string;
  /** SIGTERM, and the exit code */
  stop(): Promise<number | null>;
  metrics(): Promise<string>;
  get(path: string): Promise<{ status: number; text: string }>;
}

export async function startWatch(args: readonly string[], env: Record<string, string> = {}): Promise<WatchProcess> {
  const child = spawn(process.execPath, [cliPath, 'watch', '--port', '0', '--host', '127.0.0.1', ...args], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (logs += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (logs += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`watch did not start in 60 s:\n${logs}`)), 60_000);
    const look = () => {
      const match = /"port":(\d+)/.exec(logs);
      if (match) {
        clearTimeout(timer);
        child.stderr!.off('data', look);
        resolve(Number(match[1]));
      }
    };
    child.stderr!.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`watch exited with ${code} before listening:\n${logs}`));
    });
  });
  const get = async (target: string) => {
    const response = await fetch(`http://127.0.0.1:${port}${target}`);
    return { status: response.status, text: await response.text() };
  };
  return {
    child,
    port,
    logs: () => logs,
    get,
    metrics: async () => (await get('/metrics')).text,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** One metric's value (first series whose labels include every given label), or undefined. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

/** Polls until `probe` returns a value other than undefined, or throws with the last state. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  let last: unknown;
  while (Date.now() - started < timeoutMs) {
    try {
      const value = await probe();
      if (value !== undefined) return { value, ms: Date.now() - started };
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
