import { ConfigError } from '../admission/config.js';
import { allChecks } from '../checks/index.js';
import { NoKubeApiError } from '../server/kube-api.js';
import { runWebhook } from '../server/run-webhook.js';
import { UsageError } from './errors.js';

export interface ServeOptions {
  certFile: string;
  keyFile: string;
  port: number;
  host?: string;
  configFile?: string;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) throw new UsageError(`invalid --port "${value}"`, 'use a TCP port from 1 to 65535, for example 8443');
  return port;
}

function startError(error: unknown, options: ServeOptions): Error {
  if (error instanceof NoKubeApiError) return new UsageError(error.message, 'run it in a cluster, set KUBECONFIG, or set namespaceLabels.lookup: false and ingressClasses.lookup: false in --config');
  if (error instanceof ConfigError) return new UsageError(error.message, `fix ${options.configFile ?? 'the config'} and start again`);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ENOENT' || code === 'EACCES') return new UsageError(`cannot read ${(error as NodeJS.ErrnoException).path ?? 'a file'}: ${code}`, 'check --tls-cert, --tls-key and --config');
  if (code === 'EADDRINUSE') return new UsageError(`port ${options.port} is already in use`, 'choose another --port');
  if (/PEM|key values mismatch|certificate|private key/i.test(message)) return new UsageError(`cannot use the TLS certificate and key: ${message}`, 'give a PEM certificate and its matching private key');
  return error instanceof Error ? error : new Error(message);
}

/** Serves AdmissionReview requests until SIGTERM or SIGINT, then drains and stops. */
export async function runServe(options: ServeOptions): Promise<0> {
  let running;
  try {
    running = await runWebhook({
      certFile: options.certFile,
      keyFile: options.keyFile,
      port: options.port,
      registry: allChecks,
      ...(options.host ? { host: options.host } : {}),
      ...(options.configFile ? { configFile: options.configFile } : {}),
    });
  } catch (error) {
    throw startError(error, options);
  }
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  await running.stop();
  return 0;
}
