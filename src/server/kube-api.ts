import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';

/** The webhook is configured to read from the Kubernetes API but has nowhere to read from. */
export class NoKubeApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoKubeApiError';
  }
}

export interface KubeReply {
  status: number;
  /** the decoded JSON body of a 200; undefined otherwise */
  body: unknown;
}

/** Read-only GETs to the API server, over one small keep-alive pool. */
export interface KubeReader {
  get(path: string, signal: AbortSignal): Promise<KubeReply>;
  close(): void;
}

const RESPONSE_LIMIT = 4 * 1024 * 1024;

/**
 * GETs with the credentials kubectl would use: the pod's ServiceAccount in a cluster, else
 * KUBECONFIG. Answers are bounded (4 MiB) and only a 200 is decoded.
 */
export function createKubeReader(kubeConfig?: KubeConfig, purpose = 'the webhook cannot read from the Kubernetes API'): KubeReader {
  const config = kubeConfig ?? loadDefaultKubeConfig(purpose);
  const cluster = config.getCurrentCluster();
  // loadFromDefault falls back to http://localhost:8080 when it finds nothing: never send credentials in clear text.
  if (!cluster || !cluster.server.startsWith('https://')) {
    throw new NoKubeApiError(`no HTTPS Kubernetes API server in the pod environment or the kubeconfig, so ${purpose}`);
  }
  const base = cluster.server.replace(/\/+$/, '');
  const agent = new https.Agent({ keepAlive: true, maxSockets: 4 });
  return {
    async get(path, signal) {
      const options: https.RequestOptions = { method: 'GET', headers: { Accept: 'application/json' } };
      await config.applyToHTTPSOptions(options);
      options.agent = agent;
      return new Promise((resolve, reject) => {
        const request = https.request(new URL(`${base}${path}`), { ...options, signal }, (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > RESPONSE_LIMIT) response.destroy(new Error(`GET ${path}: the answer is larger than 4 MiB`));
            else chunks.push(chunk);
          });
          response.on('error', reject);
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            if (status !== 200) return resolve({ status, body: undefined });
            try {
              resolve({ status, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
            } catch {
              reject(new Error(`GET ${path}: response is not JSON`));
            }
          });
        });
        request.on('error', reject);
        request.end();
      });
    },
    close: () => agent.destroy(),
  };
}

function loadDefaultKubeConfig(purpose: string): KubeConfig {
  const config = new KubeConfig();
  try {
    config.loadFromDefault();
  } catch (error) {
    throw new NoKubeApiError(`cannot load the kubeconfig (${error instanceof Error ? error.message : String(error)}), so ${purpose}`);
  }
  return config;
}
