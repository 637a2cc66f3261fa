import { readFileSync } from 'node:fs';
import https from 'node:https';
import yaml from 'js-yaml';

export interface KubeReply {
  status: number;
  body: any;
  /** `Warning` response headers: what kubectl prints as "Warning: …" */
  warnings: string[];
}

export interface KubeClient {
  server: string;
  /** the cluster CA (PEM) */
  ca: Buffer | undefined;
  request(method: string, path: string, body?: unknown): Promise<KubeReply>;
}

/** A minimal client for the test cluster's admin kubeconfig (client certificate), so the test sees raw API answers. */
export function kubeClientFrom(kubeconfigPath: string): KubeClient {
  const config = yaml.load(readFileSync(kubeconfigPath, 'utf8')) as any;
  const context = config.contexts.find((c: any) => c.name === config['current-context']).context;
  const cluster = config.clusters.find((c: any) => c.name === context.cluster).cluster;
  const user = config.users.find((u: any) => u.name === context.user).user;
  const read = (file?: string, data?: string) => (data ? Buffer.from(data, 'base64') : file ? readFileSync(file) : undefined);
  const tls = {
    ca: read(cluster['certificate-authority'], cluster['certificate-authority-data']),
    cert: read(user['client-certificate'], user['client-certificate-data']),
    key: read(user['client-key'], user['client-key-data']),
  };
  const server: string = cluster.server;
  return {
    server,
    ca: tls.ca,
    request(method, path, body) {
      return new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const req = https.request(
          new URL(path, server),
          { method, ...tls, headers: { Accept: 'application/json', ...(payload ? { 'Content-Type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' } : {}) }, timeout: 30_000 },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              const header = res.headers['warning'];
              const warnings = (Array.isArray(header) ? header : header ? [header] : [])
                .flatMap((value) => value.split(/,\s*(?=\d{3} )/))
                .map((value) => /^\d{3} \S+ "(.*)"$/s.exec(value.trim())?.[1]?.replace(/\\(.)/g, '$1') ?? value);
              let parsed: unknown = text;
              try {
                parsed = JSON.parse(text);
              } catch {
                // keep the text
              }
              resolve({ status: res.statusCode ?? 0, body: parsed, warnings });
            });
          },
        );
        req.on('error', reject);
        req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
        req.end(payload);
      });
    },
  };
}
