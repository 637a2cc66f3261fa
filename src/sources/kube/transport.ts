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
  /**
   * A write (or any other method): the decoded JSON answer of a 2xx, else a KubeApiError. Only
   * network failures before the server answered are retried, and only for idempotent methods.
   */
  send(request: SendRequest): Promise<unknown>;
  /**
   * A long-lived GET whose answer is newline-delimited JSON (a watch): the decoded values as
   * they arrive. A non-2xx answer rejects the first read with a KubeApiError. Ends when the
   * server closes the stream or `signal` aborts.
   */
  stream(path: string, options?: StreamOptions): AsyncIterable<unknown>;
  /** closes pooled connections */
  close(): void;
}

export interface GetOptions {
  query?: Readonly<Record<string, string | undefined>>;
  accept?: string;
}

export interface SendRequest {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'GET';
  path: string;
  query?: Readonly<Record<string, string | undefined>>;
  /** sent as JSON */
  body?: unknown;
  /** sent as it is: JSON serialized already (a writer that queues thousands of objects keeps them so) */
  json?: string;
  /** default application/json; server-side apply sends application/apply-patch+yaml */
  contentType?: string;
  /** default application/json; a writer that needs only the metadata back asks for PartialObjectMetadata */
  accept?: string;
}

export interface StreamOptions extends GetOptions {
  signal?: AbortSignal;
  /** silence after which the stream is abandoned (a watch sends bookmarks about once a minute) */
  idleTimeoutMs?: number;
  /** longest line (one event) accepted */
  maxLineBytes?: number;
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
/** one watch event holds one object; etcd refuses objects above 1.5 MiB by default */
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;
const IDEMPOTENT: ReadonlySet<string> = new Set(['GET', 'PUT', 'PATCH', 'DELETE']);
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const RETRYABLE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT']);

interface Credentials {
  headers: Record<string, string>;
  auth?: string;
  agent: http.Agent;
  /** for watches, which each hold a connection for minutes: no pool limit */
  streamAgent: http.Agent;
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
  let pooled: { key: string; agent: http.Agent; streamAgent: http.Agent } | undefined;

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
      pooled?.streamAgent.destroy();
      // client-node's agent has no keep-alive; ours does, so paging reuses one TLS session.
      const makeAgent = (maxSockets: number): http.Agent =>
        usesProxy && applied.agent instanceof http.Agent
          ? applied.agent
          : secure
            ? new https.Agent({ ...pickTls(applied), keepAlive: true, maxSockets })
            : new http.Agent({ keepAlive: true, maxSockets });
      pooled = { key, agent: makeAgent(options.maxSockets ?? 8), streamAgent: makeAgent(Infinity) };
    }
    return { headers, ...(auth !== undefined ? { auth } : {}), agent: pooled.agent, streamAgent: pooled.streamAgent };
  }

  function requestOnce(url: URL, accept: string, creds: Credentials, write?: { method: string; body?: string; contentType: string }): Promise<unknown> {
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
          method: write?.method ?? 'GET',
          agent: creds.agent,
          ...(creds.auth !== undefined ? { auth: creds.auth } : {}),
          headers: {
            ...creds.headers,
            Accept: accept,
            'Accept-Encoding': 'gzip',
            'User-Agent': options.userAgent,
            ...(write?.body !== undefined ? { 'Content-Type': write.contentType, 'Content-Length': String(Buffer.byteLength(write.body)) } : {}),
          },
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
      request.end(write?.body);
    });
  }

  function urlFor(path: string, query: GetOptions['query']): URL {
    const url = new URL(`${basePath}${path}`, base);
    for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(name, value);
    return url;
  }

  return {
    async send(request) {
      const url = urlFor(request.path, request.query);
      const write = {
        method: request.method,
        ...(request.json !== undefined ? { body: request.json } : request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
        contentType: request.contentType ?? 'application/json',
      };
      for (let attempt = 0; ; attempt += 1) {
        try {
          return await requestOnce(url, request.accept ?? 'application/json', await credentials(), write);
        } catch (error) {
          // a write the server may have received is not repeated unless repeating it changes nothing
          if (attempt >= retries || !isRetryable(error) || !IDEMPOTENT.has(request.method)) throw error;
          await sleep(250 * 2 ** attempt);
        }
      }
    },
    stream(path, streamOptions = {}) {
      const url = urlFor(path, streamOptions.query);
      return streamLines(url, { ...streamOptions, secure, userAgent: options.userAgent, credentials, maxLineBytes: streamOptions.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES });
    },
    async getJson(path, getOptions = {}) {
      const url = urlFor(path, getOptions.query);
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
      pooled?.streamAgent.destroy();
      pooled = undefined;
    },
  };
}

interface StreamContext extends StreamOptions {
  secure: boolean;
  userAgent: string;
  maxLineBytes: number;
  credentials: () => Promise<Credentials>;
}

/** Opens the stream; resolves with the response once the server answered 2xx. */
async function openStream(url: URL, context: StreamContext): Promise<{ response: http.IncomingMessage; request: http.ClientRequest }> {
  const creds = await context.credentials();
  const client = context.secure ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, {
      method: 'GET',
      agent: creds.streamAgent,
      ...(creds.auth !== undefined ? { auth: creds.auth } : {}),
      headers: { ...creds.headers, Accept: context.accept ?? 'application/json', 'User-Agent': context.userAgent },
      ...(context.signal ? { signal: context.signal } : {}),
    });
    request.on('error', reject);
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) return resolve({ response, request });
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= 64 * 1024) chunks.push(chunk);
      });
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        reject(apiErrorFrom(status, body, body === undefined ? text.slice(0, 200) : ''));
      });
    });
    if (context.idleTimeoutMs !== undefined) {
      request.setTimeout(context.idleTimeoutMs, () => request.destroy(Object.assign(new Error(`the API server sent nothing for ${Math.round(context.idleTimeoutMs! / 1000)}s`), { code: 'ETIMEDOUT' })));
    }
    request.end();
  });
}

/** Newline-delimited JSON values of a streamed answer, with every line bounded. */
async function* streamLines(url: URL, context: StreamContext): AsyncGenerator<unknown> {
  const { response, request } = await openStream(url, context);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      let start = 0;
      for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, start)) {
        pending.push(chunk.subarray(start, index));
        const line = Buffer.concat(pending).toString('utf8').trim();
        pending = [];
        pendingBytes = 0;
        start = index + 1;
        if (line === '') continue;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          throw new Error(`the stream from ${url.pathname} sent a line that is not JSON`);
        }
        yield value;
      }
      if (start < chunk.length) {
        pendingBytes += chunk.length - start;
        if (pendingBytes > context.maxLineBytes) throw new Error(`the stream from ${url.pathname} sent a line longer than ${describeBytes(context.maxLineBytes)}`);
        pending.push(chunk.subarray(start));
      }
    }
  } finally {
    request.destroy();
  }
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
