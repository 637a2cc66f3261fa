import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { stringMap, record } from '../k8s/fields.js';
import type { LabelFetcher } from './namespace-labels.js';

/** The webhook is configured to read namespace labels but has nowhere to read them from. */
export class NoKubeApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoKubeApiError';
  }
}

const RESPONSE_LIMIT = 1024 * 1024;

/**
 * Reads namespaces through the Kubernetes API with the credentials kubectl would use: the
 * pod's ServiceAccount in a cluster, else KUBECONFIG. It only ever GETs one namespace
 * (RBAC: `get` on `namespaces`), over one keep-alive connection pool.
 */
export function createKubeNamespaceFetcher(kubeConfig?: KubeConfig): LabelFetcher {
  const config = kubeConfig ?? loadDefaultKubeConfig();
  const cluster = config.getCurrentCluster();
  // loadFromDefault falls back to http://localhost:8080 when it finds nothing: never send credentials in clear text.
  if (!cluster || !cluster.server.startsWith('https://')) {
    throw new NoKubeApiError('no HTTPS Kubernetes API server in the pod environment or the kubeconfig, so namespace labels cannot be read');
  }
  const agent = new https.Agent({ keepAlive: true, maxSockets: 4 });
  const fetchLabels: LabelFetcher = async (namespace, signal) => {
    const options: https.RequestOptions = { method: 'GET', headers: { Accept: 'application/json' } };
    await config.applyToHTTPSOptions(options);
    options.agent = agent;
    const url = new URL(`${cluster.server.replace(/\/+$/, '')}/api/v1/namespaces/${encodeURIComponent(namespace)}`);
    return new Promise((resolve, reject) => {
      const request = https.request(url, { ...options, signal }, (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > RESPONSE_LIMIT) response.destroy(new Error('namespace response is larger than 1 MiB'));
          else chunks.push(chunk);
        });
        response.on('error', reject);
        response.on('end', () => {
          if (response.statusCode === 404) return resolve(undefined);
          if (response.statusCode !== 200) return reject(new Error(`GET namespace ${namespace}: HTTP ${response.statusCode}`));
          try {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
            resolve(stringMap(record(record(body)['metadata'])['labels']));
          } catch {
            reject(new Error(`GET namespace ${namespace}: response is not JSON`));
          }
        });
      });
      request.on('error', reject);
      request.end();
    });
  };
  fetchLabels.close = () => agent.destroy();
  return fetchLabels;
}

function loadDefaultKubeConfig(): KubeConfig {
  const config = new KubeConfig();
  try {
    config.loadFromDefault();
  } catch (error) {
    throw new NoKubeApiError(`cannot load the kubeconfig (${error instanceof Error ? error.message : String(error)}), so namespace labels cannot be read`);
  }
  return config;
}
