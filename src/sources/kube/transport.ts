import http from 'node:http';
import https from 'node:https';
import { createGunzip } from 'node:zlib';
import type { KubeConfig } from '@kubernetes/client-node';
import { apiErrorFrom, describeFailure, KubeApiError, KubeCredentialError } from './api-error.js';

/**
 * GETs JSON from the API server with the kubeconfig's credentials.
 *
 * client-node supplies the credentials (CA, client certificate, bearer token,
 * exec plugin, auth provider) through `applyToHTTPSOptions`; the request itself
 * is ours because its typed clients cannot send the `Accept` header that asks
 * for PartialObjectMetadataList (Secrets as metadata only), and because they
 * turn objects into generated classes that drop fields they do not know.
 */
export interface KubeTransport {
  getJson(path: string, options?: GetOptions): Promise<unknown>;
  /** closes pooled connections */
  close(): void;
}

export interface GetOptions {
  query?: Readonly<Record<string, string | undefined>>;
  accept?: string;
}

export interface TransportOptions {
  server: string;
  userAgent: string;
  /** idle time before a request is abandoned */
  timeoutMs?: number;
  /** largest (decompressed) response accepted; a hostile or broken server must not exhaust memory */
  maxBodyBytes?: number;
  /** connections kept open to the server; at least the list concurrency */
  maxSockets?: number;
  /** retries of 429, 502–504 and dropped connections */
  retries?: number;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_BODY_BYTES = 512 * 1024 * 1024;
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const RETRYABLE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT']);

interface Credentials {
  headers: Record<string, string>;
  auth?: string;
  agent: http.Agent;
}

type TlsMaterial = Pick<https.RequestOptions, 'ca' | 'cert' | 'key' | 'pfx' | 'passphrase' | 'rejectUnauthorized' | 'servername'>;

function materialKey(tls: TlsMaterial): string {
  const part = (value: unknown): string => (value === undefined || value === null ? '' : Buffer.isBuffer(value) ? value.toString('base64') : String(value));
  return [part(tls.ca), part(tls.cert), part(tls.key), String(tls.rejectUnauthorized), part(tls.servername)].join('|');
}

function headerRecord(headers: http.OutgoingHttpHeaders | readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers || Array.isArray(headers)) return out;
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string' || typeof value === 'number') out[name] = String(value);
    else if (Array.isArray(value)) out[name] = value.join(', ');
  }
  return out;
}

function isRetryable(error: unknown): boolean {
  if (error instanceof KubeApiError) return RETRYABLE_STATUS.has(error.status);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_CODES.has(code);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createTransport(kubeConfig: KubeConfig, options: TransportOptions): KubeTransport {
  const base = new URL(options.server);
  const secure = base.protocol === 'https:';
  const basePath = base.pathname.replace(/\/$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const retries = options.retries ?? 2;
  const usesProxy = Boolean(kubeConfig.getCurrentCluster()?.proxyUrl);
  let pooled: { key: string; agent: http.Agent } | undefined;

  /**
   * Asked again before every request: an exec plugin's token (`aws eks
   * get-token` lasts 15 minutes) may expire during a long scan, and client-node
   * re-runs the plugin only when its cached credential has expired.
   */
  async function credentials(): Promise<Credentials> {
    const applied: https.RequestOptions = {};
    try {
      await kubeConfig.applyToHTTPSOptions(applied);
    } catch (error) {
      // An exec plugin's failure arrives as its stderr; keep one line of it.
      throw new KubeCredentialError(describeFailure(error) || 'the credential plugin failed without a message');
    }
    const headers = headerRecord(applied.headers);
    const auth = typeof applied.auth === 'string' ? applied.auth : undefined;
    const key = materialKey(applied);
    if (!pooled || pooled.key !== key) {
      pooled?.agent.destroy();
      // client-node's agent has no keep-alive; ours does, so paging reuses one TLS session.
      const agent =
        usesProxy && applied.agent instanceof http.Agent
          ? applied.agent
          : secure
            ? new https.Agent({ ...pickTls(applied), keepAlive: true, maxSockets: options.maxSockets ?? 8 })
            : new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 8 });
      pooled = { key, agent };
    }
    return { headers, ...(auth !== undefined ? { auth } : {}), agent: pooled.agent };
  }

  function requestOnce(url: URL, accept: string, creds: Credentials): Promise<unknown> {
    const client = secure ? https : http;
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        request.destroy();
        reject(error);
      };
      const request = client.request(
        url,
        {
          method: 'GET',
          agent: creds.agent,
          ...(creds.auth !== undefined ? { auth: creds.auth } : {}),
          headers: { ...creds.headers, Accept: accept, 'Accept-Encoding': 'gzip', 'User-Agent': options.userAgent },
        },
        (response) => {
          const gzip = /\bgzip\b/i.test(String(response.headers['content-encoding'] ?? ''));
          const stream = gzip ? response.pipe(createGunzip()) : response;
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('error', fail);
          if (stream !== response) stream.on('error', fail);
          stream.on('data', (chunk: Buffer) => {
            if (settled) return;
            size += chunk.length;
            if (size > maxBodyBytes) fail(new Error(`the response to ${url.pathname} is larger than the limit of ${describeBytes(maxBodyBytes)}`));
            else chunks.push(chunk);
          });
          stream.on('end', () => {
            if (settled) return;
            settled = true;
            const text = Buffer.concat(chunks).toString('utf8');
            const status = response.statusCode ?? 0;
            let body: unknown;
            try {
              body = text === '' ? undefined : JSON.parse(text);
            } catch {
              body = undefined;
            }
            if (status >= 200 && status < 300) {
              if (body === undefined) reject(new Error(`the response to ${url.pathname} is not JSON`));
              else resolve(body);
            } else {
              // Only the Status object's message (or the first bytes of a non-JSON error page) is kept.
              reject(apiErrorFrom(status, body, body === undefined ? text.slice(0, 200) : ''));
            }
          });
        },
      );
      request.setTimeout(timeoutMs, () => fail(Object.assign(new Error(`no answer from the API server within ${timeoutMs / 1000}s`), { code: 'ETIMEDOUT' })));
      request.on('error', fail);
      request.end();
    });
  }

  return {
    async getJson(path, getOptions = {}) {
      const url = new URL(`${basePath}${path}`, base);
      for (const [name, value] of Object.entries(getOptions.query ?? {})) if (value !== undefined) url.searchParams.set(name, value);
      const accept = getOptions.accept ?? 'application/json';
      for (let attempt = 0; ; attempt += 1) {
        try {
          return await requestOnce(url, accept, await credentials());
        } catch (error) {
          if (attempt >= retries || !isRetryable(error)) throw error;
          await sleep(250 * 2 ** attempt);
        }
      }
    },
    close() {
      pooled?.agent.destroy();
      pooled = undefined;
    },
  };
}

function describeBytes(bytes: number): string {
  return bytes >= 1048576 ? `${Math.round(bytes / 1048576)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

function pickTls(applied: https.RequestOptions): TlsMaterial {
  const tls: TlsMaterial = {};
  if (applied.ca !== undefined) tls.ca = applied.ca;
  if (applied.cert !== undefined) tls.cert = applied.cert;
  if (applied.key !== undefined) tls.key = applied.key;
  if (applied.pfx !== undefined) tls.pfx = applied.pfx;
  if (applied.passphrase !== undefined) tls.passphrase = applied.passphrase;
  if (applied.rejectUnauthorized !== undefined) tls.rejectUnauthorized = applied.rejectUnauthorized;
  if (applied.servername !== undefined) tls.servername = applied.servername;
  return tls;
}
