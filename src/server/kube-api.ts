import https from 'node:https';
import type { KubeCredentials } from './kube-credentials.js';

export { NoKubeApiError } from './kube-credentials.js';

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

/** GETs with the given credentials. Answers are bounded (4 MiB) and only a 200 is decoded. */
export function createKubeReader(credentials: KubeCredentials): KubeReader {
  const base = credentials.server.replace(/\/+$/, '');
  const agent = new https.Agent({ keepAlive: true, maxSockets: 4 });
  return {
    async get(path, signal) {
      const options: https.RequestOptions = { method: 'GET', headers: { Accept: 'application/json' } };
      await credentials.apply(options);
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
