import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admissionChecks } from '../admission/admission-checks.js';
import { parseWebhookConfig, type WebhookConfigInput } from '../admission/config.js';
import { defaultPolicy, policyFromLabels } from '../admission/policy.js';
import { allChecks } from '../checks/index.js';
import { makeWebhookCerts, type WebhookCerts } from '../../test/webhook/certs.js';
import { postReview, rawExchange, request } from '../../test/webhook/https-client.js';
import { admissionReview, compliantDeployment, privilegedPod } from '../../test/webhook/reviews.js';
import { createLogger } from './logger.js';
import { createWebhookMetrics } from './metrics.js';
import type { ServingState } from './validate.js';
import { startWebhookServer, type WebhookServer } from './webhook-server.js';

const known = new Set(allChecks.map((check) => check.id));
const labels: Record<string, Record<string, string>> = { shop: { 'eksguard.io/enforce': 'high', 'eksguard.io/warn': 'medium' } };

function state(config: WebhookConfigInput = {}, extra: Partial<ServingState> = {}): ServingState {
  const parsed = parseWebhookConfig(config, known);
  return {
    config: parsed,
    checks: admissionChecks(allChecks),
    namespacePolicy: async (namespace) => (labels[namespace] ? policyFromLabels(labels[namespace], parsed.defaults) : defaultPolicy(parsed.defaults, 'lookup-failed')),
    ...extra,
  };
}

let certs: WebhookCerts;
let server: WebhookServer;
const logLines: any[] = [];
const metrics = createWebhookMetrics({ processMetrics: false });

beforeAll(async () => {
  certs = makeWebhookCerts();
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n')) if (line) logLines.push(JSON.parse(line));
      callback();
    },
  });
  const { readFileSync } = await import('node:fs');
  server = await startWebhookServer({
    tls: { cert: readFileSync(certs.certFile), key: readFileSync(certs.keyFile) },
    logger: createLogger({ level: 'debug', destination }),
    metrics,
    host: '127.0.0.1',
    port: 0,
  });
});

afterAll(async () => {
  await server?.shutdown({ delayMs: 0, graceMs: 100 });
});

describe('webhook server before the config is loaded', () => {
  it('is alive but not ready, and refuses reviews with 503 and a reason', async () => {
    expect((await request({ port: server.port, ca: certs.ca, path: '/healthz' })).status).toBe(200);
    const ready = await request({ port: server.port, ca: certs.ca, path: '/readyz' });
    expect(ready).toMatchObject({ status: 503 });
    expect(ready.text).toContain('configuration not loaded');
    const early = await postReview(server.port, certs.ca, admissionReview(privilegedPod()));
    expect(early.status).toBe(503);
    expect(early.text).toMatch(/not ready/);
  });
});

describe('webhook server', () => {
  beforeAll(() => server.serve(state({ server: { headersTimeoutMs: 500, requestTimeoutMs: 5000 } })));

  it('is ready once the config is loaded', async () => {
    expect((await request({ port: server.port, ca: certs.ca, path: '/readyz' })).status).toBe(200);
  });

  it('denies a privileged Pod in an enforcing namespace', async () => {
    const reply = await postReview(server.port, certs.ca, admissionReview(privilegedPod(), { uid: 'deny-1' }));
    expect(reply.status).toBe(200);
    const review = reply.json();
    expect(review).toMatchObject({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'deny-1', allowed: false, status: { code: 403 } } });
    expect(review.response.status.message).toContain('PSS-privileged [critical]');
  });

  it('admits a compliant Deployment', async () => {
    const reply = await postReview(server.port, certs.ca, admissionReview(compliantDeployment(), { uid: 'ok-1' }));
    expect(reply.json().response).toEqual({ uid: 'ok-1', allowed: true });
  });

  it('logs identity and check IDs, never the object contents', async () => {
    const pod = privilegedPod('shop', 'leaky');
    (pod['spec'] as any).containers[0].env = [{ name: 'DB_PASSWORD', value: 'hunter2-s3cr3t' }];
    await postReview(server.port, certs.ca, admissionReview(pod, { uid: 'log-1', username: 'bob' }));
    const line = logLines.find((entry) => entry.uid === 'log-1');
    expect(line).toMatchObject({ uid: 'log-1', kind: 'Pod', namespace: 'shop', name: 'leaky', operation: 'CREATE', user: 'bob', allowed: false, msg: 'denied' });
    expect(line.checks.enforce).toContain('PSS-privileged');
    const all = JSON.stringify(logLines);
    expect(all).not.toContain('hunter2');
    expect(all).not.toContain('amazonlinux');
  });

  it('counts requests, decisions by check and mode, and latency in /metrics', async () => {
    const reply = await request({ port: server.port, ca: certs.ca, path: '/metrics' });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/text\/plain/);
    expect(reply.text).toMatch(/eksguard_admission_requests_total\{kind="Pod",operation="CREATE",result="denied"\} [1-9]/);
    expect(reply.text).toMatch(/eksguard_admission_check_failures_total\{check="PSS-privileged",mode="enforce"\} [1-9]/);
    expect(reply.text).toMatch(/eksguard_admission_request_duration_seconds_bucket\{le="\+Inf",result="allowed"\} [1-9]/);
  });

  describe('hostile requests', () => {
    const post = (body: string | Buffer, headers: Record<string, string> = { 'Content-Type': 'application/json' }, path = '/validate') =>
      request({ port: server.port, ca: certs.ca, method: 'POST', path, body, headers });

    it('answers malformed JSON with 400 and a Status, and logs it without its content', async () => {
      const before = logLines.length;
      const reply = await post('{"apiVersion": "admission.k8s.io/v1", "password": "hunter2-in-broken-json", ');
      expect(reply.status).toBe(400);
      expect(reply.json()).toMatchObject({ kind: 'Status', status: 'Failure', code: 400, message: 'eksguard: request body is not valid JSON' });
      const logged = logLines.slice(before).find((line) => line.msg === 'request body is not valid JSON');
      expect(logged).toMatchObject({ reason: 'invalid-json', bytes: expect.any(Number), remote: '127.0.0.1', path: '/validate' });
      expect(JSON.stringify(logLines)).not.toContain('hunter2-in-broken-json');
    });

    it('answers the wrong kind, a v1beta1 review and a missing uid with 400', async () => {
      for (const [body, message] of [
        [{ apiVersion: 'v1', kind: 'Pod' }, /kind must be AdmissionReview/],
        [{ apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview', request: { uid: 'a' } }, /apiVersion must be/],
        [{ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { operation: 'CREATE' } }, /uid is missing/],
        [[1, 2, 3], /not a JSON object/],
      ] as const) {
        const reply = await post(JSON.stringify(body));
        expect(reply.status).toBe(400);
        expect(reply.json().message).toMatch(message);
      }
    });

    it('answers missing fields inside a review by the failurePolicy, keeping the uid', async () => {
      const review = admissionReview(privilegedPod(), { uid: 'broken-1' });
      review['request'].object = 'not an object';
      const reply = await post(JSON.stringify(review));
      expect(reply.status).toBe(200);
      expect(reply.json().response).toMatchObject({ uid: 'broken-1', allowed: false, status: { code: 400 } });
      expect(reply.json().response.status.message).toMatch(/request.object is not an object.*failurePolicy Fail/);
    });

    it('refuses bodies over the limit, declared or streamed', async () => {
      const big = Buffer.alloc(4 * 1024 * 1024 + 10, 0x20);
      const declared = await post(big);
      expect(declared.status).toBe(413);
      expect(declared.headers['connection']).toBe('close');
      const streamed = await new Promise<number>((resolve, reject) => {
        import('node:https').then(({ default: https }) => {
          const req = https.request({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/validate', ca: certs.ca, agent: false, headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          for (let i = 0; i < 5; i++) req.write(Buffer.alloc(1024 * 1024, 0x20));
          req.end();
        });
      });
      expect(streamed).toBe(413);
    });

    it('refuses deeply nested JSON before parsing it', async () => {
      const reply = await post(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
      expect(reply.status).toBe(400);
      expect(reply.json().message).toMatch(/nests deeper than 128/);
    });

    it('refuses other content types, methods and paths', async () => {
      expect((await post('x', { 'Content-Type': 'text/plain' })).status).toBe(415);
      expect((await request({ port: server.port, ca: certs.ca, path: '/validate' })).status).toBe(405);
      expect((await request({ port: server.port, ca: certs.ca, path: '/mutate' })).status).toBe(404);
      expect((await request({ port: server.port, ca: certs.ca, method: 'DELETE', path: '/healthz' })).status).toBe(405);
    });

    it('gives up on a body that stalls, within the timeout the API server asked for', async () => {
      const started = Date.now();
      const result = await rawExchange({
        port: server.port,
        ca: certs.ca,
        data: 'POST /validate?timeout=1s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"apiVersion":',
        waitMs: 4000,
      });
      expect(result.received).toMatch(/^HTTP\/1.1 408/);
      expect(Date.now() - started).toBeLessThan(2500);
    });

    it('closes a slowloris connection whose headers never finish', async () => {
      const result = await rawExchange({ port: server.port, ca: certs.ca, data: 'POST /validate HTTP/1.1\r\nHost: x\r\nX-Slow: ', waitMs: 4000 });
      expect(result.closedAfterMs).toBeDefined();
      expect(result.closedAfterMs!).toBeLessThan(3000);
      expect(result.received).toMatch(/408|^$/);
    });

    it('answers garbage that is not HTTP with 400 and keeps serving', async () => {
      const result = await rawExchange({ port: server.port, ca: certs.ca, data: '\u0000\u0001GARBAGE\r\n\r\n', waitMs: 2000 });
      expect(result.received).toMatch(/^HTTP\/1.1 400/);
      expect((await request({ port: server.port, ca: certs.ca, path: '/healthz' })).status).toBe(200);
    });
  });
});

describe('internal errors', () => {
  it('answer by the failurePolicy with an explanation, never a bare 500', async () => {
    const broken = (policy: 'Fail' | 'Ignore') =>
      state({ failurePolicy: policy }, {
        now: () => {
          throw new Error('clock exploded');
        },
      });
    server.serve(broken('Fail'));
    const closed = await postReview(server.port, certs.ca, admissionReview(compliantDeployment(), { uid: 'err-1' }));
    expect(closed.status).toBe(200);
    expect(closed.json().response).toMatchObject({ uid: 'err-1', allowed: false, status: { code: 500 } });
    expect(closed.json().response.status.message).toMatch(/internal error, see the webhook log for uid err-1\); denied under failurePolicy Fail/);
    expect(logLines.find((line) => line.uid === 'err-1')?.err).toContain('clock exploded');

    server.serve(broken('Ignore'));
    const open = await postReview(server.port, certs.ca, admissionReview(compliantDeployment(), { uid: 'err-2' }));
    expect(open.json().response).toMatchObject({ uid: 'err-2', allowed: true });
    expect(open.json().response.warnings[0]).toMatch(/admitted under failurePolicy Ignore/);
    server.serve(state());
  });
});
