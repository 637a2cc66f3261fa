import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { Writable } from 'node:stream';
import tls from 'node:tls';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { admissionChecks } from '../admission/admission-checks.js';
import { parseWebhookConfig, type WebhookConfigInput } from '../admission/config.js';
import { defaultPolicy } from '../admission/policy.js';
import { allChecks } from '../checks/index.js';
import { makeWebhookCerts } from '../../test/webhook/certs.js';
import { postReview, request } from '../../test/webhook/https-client.js';
import { admissionReview, privilegedPod } from '../../test/webhook/reviews.js';
import { createLogger } from './logger.js';
import { createWebhookMetrics } from './metrics.js';
import type { ServingState } from './validate.js';
import { startWebhookServer, type WebhookServer } from './webhook-server.js';

/**
 * The webhook under abuse, as a pod on the network could try it: connections that never finish
 * the TLS handshake, bodies that trickle, bursts of large reviews. Each test starts its own
 * server with the limits it needs.
 */

const known = new Set(allChecks.map((check) => check.id));
const certs = makeWebhookCerts();
const tlsPair = { cert: readFileSync(certs.certFile), key: readFileSync(certs.keyFile) };
let server: WebhookServer | undefined;
let logLines: any[] = [];

function state(config: WebhookConfigInput, namespacePolicy?: ServingState['namespacePolicy']): ServingState {
  const parsed = parseWebhookConfig(config, known);
  return { config: parsed, checks: admissionChecks(allChecks), namespacePolicy: namespacePolicy ?? (async () => defaultPolicy(parsed.defaults, 'lookup-disabled')) };
}

async function start(config: WebhookConfigInput, namespacePolicy?: ServingState['namespacePolicy']): Promise<WebhookServer> {
  logLines = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n')) if (line) logLines.push(JSON.parse(line));
      callback();
    },
  });
  server = await startWebhookServer({ tls: tlsPair, logger: createLogger({ level: 'debug', destination }), metrics: createWebhookMetrics({ processMetrics: false }), host: '127.0.0.1', port: 0 });
  server.serve(state(config, namespacePolicy));
  return server;
}

afterEach(async () => {
  await server?.shutdown({ delayMs: 0, graceMs: 0 });
  server = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const openFds = () => readdirSync('/proc/self/fd').length;

async function until(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** The heap after a full collection, in bytes: what is still reachable. */
function reachableHeap(): number {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function rawConnection(port: number): net.Socket {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  return socket;
}

describe('connections that never complete the TLS handshake', () => {
  it('are destroyed after the handshake timeout: 300 of them leave no connection, descriptor or memory behind', async () => {
    const webhook = await start({ server: { handshakeTimeoutMs: 600 } });
    // warm up: one real request, so lazily built state is not counted as growth
    expect((await request({ port: webhook.port, ca: certs.ca, path: '/healthz' })).status).toBe(200);
    await sleep(100);
    const baseline = { fds: openFds(), heap: reachableHeap(), connections: (await webhook.connections()).open };

    const sockets: net.Socket[] = [];
    for (let i = 0; i < 300; i++) sockets.push(rawConnection(webhook.port));
    await until('the server to accept them all', async () => (await webhook.connections()).open >= 300);
    // a third says nothing, a third sends half a ClientHello, a third also half-closes (CLOSE-WAIT on the server)
    for (const [index, socket] of sockets.entries()) {
      if (index % 3 >= 1) socket.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00]));
      if (index % 3 === 2) socket.end();
    }
    expect((await webhook.connections()).handshaking).toBeGreaterThan(150);

    await until('every connection to be closed by the server', async () => (await webhook.connections()).open === baseline.connections, 3000);
    await until('every client socket to see the close', () => sockets.every((socket) => socket.destroyed || socket.readyState === 'closed'), 3000);
    for (const socket of sockets) socket.destroy();
    await until('descriptors to return to the baseline', () => openFds() <= baseline.fds, 3000);
    expect(await webhook.connections()).toEqual({ open: 0, handshaking: 0 });
    expect(reachableHeap() - baseline.heap).toBeLessThan(2 * 1024 * 1024);
    // and it still serves
    expect((await request({ port: webhook.port, ca: certs.ca, path: '/healthz' })).status).toBe(200);
  });

  it('closes a connection whose client half-closes before the handshake at once, not at the timeout', async () => {
    const webhook = await start({ server: { handshakeTimeoutMs: 30_000 } });
    const sockets = Array.from({ length: 50 }, () => rawConnection(webhook.port));
    await until('the server to accept them', async () => (await webhook.connections()).open >= 50);
    const started = Date.now();
    for (const socket of sockets) socket.end();
    await until('the server to close them', async () => (await webhook.connections()).open === 0, 2000);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('does not close a connection that completed its handshake and is kept alive', async () => {
    const webhook = await start({ server: { handshakeTimeoutMs: 300 } });
    const socket = tls.connect({ host: '127.0.0.1', port: webhook.port, ca: certs.ca });
    await new Promise<void>((resolve, reject) => socket.once('secureConnect', () => resolve()).once('error', reject));
    await sleep(700);
    expect(socket.destroyed).toBe(false);
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    const answer = await new Promise<string>((resolve) => socket.once('data', (chunk) => resolve(String(chunk))));
    expect(answer).toMatch(/^HTTP\/1.1 200/);
    socket.destroy();
  });
});

/** A request whose headers declare `declared` bytes and whose body stops after `sent`: held open until destroyed. */
function slowBody(port: number, declared: number, sent: number): { socket: tls.TLSSocket; reply: Promise<string> } {
  const socket = tls.connect({ host: '127.0.0.1', port, ca: certs.ca });
  let received = '';
  const reply = new Promise<string>((resolve) => {
    socket.on('data', (chunk) => (received += String(chunk)));
    socket.on('close', () => resolve(received));
    socket.on('error', () => resolve(received));
  });
  socket.once('secureConnect', () => {
    socket.write(`POST /validate?timeout=30s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${declared}\r\n\r\n`);
    if (sent > 0) socket.write(Buffer.alloc(sent, 0x20));
  });
  return { socket, reply };
}

/** A review of a ConfigMap of many keys, about `bytes` bytes: slow to judge, as large real ones are. */
function configMapReview(bytes: number, uid: string): Record<string, any> {
  const data: Record<string, string> = {};
  for (let k = 0; k < bytes / 106; k++) data[`key-${String(k).padStart(6, '0')}`] = 'v'.repeat(90);
  return admissionReview({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${uid}`, namespace: 'shop' }, data }, { uid });
}

/** A review padded with an annotation to about `bytes` bytes. */
function paddedReview(bytes: number, uid: string): Record<string, any> {
  const pod = privilegedPod();
  (pod['metadata'] as Record<string, unknown>)['annotations'] = { padding: 'x'.repeat(bytes) };
  return admissionReview(pod, { uid });
}

describe('the bound on bytes and reviews in flight', () => {
  const MIB = 1024 * 1024;

  it('makes large bodies wait for room and refuses them with 429 when none frees, while small reviews pass', async () => {
    // 4 MiB in flight, 1 MiB kept for small bodies: three 1 MiB bodies fit, the fourth waits
    // the three held bodies send all but their last byte: they hold their bytes whatever their lease
    const webhook = await start({ server: { maxBodyBytes: MIB, maxInflightBytes: 4 * MIB, queueTimeoutMs: 200, requestTimeoutMs: 30_000 } });
    const held = [slowBody(webhook.port, MIB, MIB - 1), slowBody(webhook.port, MIB, MIB - 1), slowBody(webhook.port, MIB, MIB - 1)];
    await until('three bodies held', () => webhook.inflight().bytes >= 3 * MIB - 3, 3000);
    const refused = slowBody(webhook.port, MIB, MIB);
    const answer = await refused.reply;
    expect(answer).toMatch(/^HTTP\/1.1 429/);
    expect(answer).toMatch(/Retry-After: 1/i);
    expect(answer).toContain('too many request bytes in flight');

    const small = await postReview(webhook.port, certs.ca, admissionReview(privilegedPod(), { uid: 'small-1' }));
    expect(small.status).toBe(200);
    expect(webhook.inflight().bytes).toBeLessThanOrEqual(4 * MIB);
    const gauges = (await request({ port: webhook.port, ca: certs.ca, path: '/metrics' })).text;
    expect(Number(/^eksguard_inflight_bytes (\d+)$/m.exec(gauges)?.[1])).toBeGreaterThanOrEqual(3 * MIB - 3);
    expect(gauges).toMatch(/eksguard_admission_requests_total\{kind="other",operation="other",result="throttled"\} 1/);
    for (const { socket } of held) socket.destroy();
    await until('the held bytes to be given back', () => webhook.inflight().bytes === 0, 3000);
    expect(logLines.some((line) => line.msg === 'request body refused' && line.reason === 'busy')).toBe(true);
  });

  it('keeps for a slow body only what it sent once its lease runs out, so slow bodies cannot hold the budget', async () => {
    const webhook = await start({ server: { maxBodyBytes: MIB, maxInflightBytes: 4 * MIB, queueTimeoutMs: 2000, requestTimeoutMs: 30_000 } });
    const slow = Array.from({ length: 10 }, () => slowBody(webhook.port, MIB, 100));
    await sleep(300);
    // after the lease (500 ms) the slow bodies hold their 100 bytes each, and a full-size review gets through
    const review = paddedReview(900 * 1024, 'big-after-slow');
    const reply = await postReview(webhook.port, certs.ca, review);
    expect(reply.status).toBe(200);
    expect(reply.json().response.uid).toBe('big-after-slow');
    await until('the slow bodies to hold only what they sent', () => webhook.inflight().bytes <= 10 * 100, 3000);
    for (const { socket } of slow) socket.destroy();
  });

  it('never holds more than the bound under a burst of large reviews; each is answered or refused with 429', async () => {
    const webhook = await start({ server: { maxBodyBytes: MIB, maxInflightBytes: 3 * MIB, queueTimeoutMs: 300 } });
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, webhook.inflight().bytes)), 1);
    // more bodies than fit, each with a short deadline: a burst where all read part of their body and none completes would end in 408s
    const replies = await Promise.all(Array.from({ length: 30 }, (_, i) => postReview(webhook.port, certs.ca, configMapReview(900 * 1024, `burst-${i}`), '/validate?timeout=3s')));
    clearInterval(sampler);
    expect(replies.map((reply) => reply.status).filter((status) => status !== 200 && status !== 429)).toEqual([]);
    expect(replies.filter((reply) => reply.status === 200).length).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(3 * MIB);
    expect(webhook.inflight()).toEqual({ bytes: 0, reviews: 0, queued: 0 });
  });

  it('bounds reviews being judged: past the bound a request waits, then gets 429', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const webhook = await start({ defaults: { enforce: 'high' }, server: { maxInflightReviews: 1, queueTimeoutMs: 150 } }, async () => {
      await gate;
      return defaultPolicy({ enforce: 'high', warn: 'none', audit: 'none' }, 'lookup-disabled');
    });
    const first = postReview(webhook.port, certs.ca, admissionReview(privilegedPod(), { uid: 'first' }));
    await until('the first review to be judged', () => webhook.inflight().reviews === 1);
    const second = await postReview(webhook.port, certs.ca, admissionReview(privilegedPod(), { uid: 'second' }));
    expect(second.status).toBe(429);
    expect(second.json()).toMatchObject({ kind: 'Status', code: 429, reason: 'TooManyRequests' });
    release();
    expect((await first).json().response).toMatchObject({ uid: 'first', allowed: false });
    expect(webhook.inflight()).toEqual({ bytes: 0, reviews: 0, queued: 0 });
  });
});
