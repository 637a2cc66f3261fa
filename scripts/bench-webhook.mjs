#!/usr/bin/env node
// Latency and memory of `eksguard serve`, calm and under abuse, on loopback only.
//
//   npm run bench:webhook                    # calm: 500, 1000 and 2000 requests/s, 30 s each; then the abuse runs
//   node scripts/bench-webhook.mjs --duration 5 --rates 1000 [--connections auto|N] [--no-abuse]
//
// The abuse runs, each on a fresh webhook started as the shipped Deployment starts it (its
// NODE_OPTIONS), judged against its memory limit:
// - abuse: 300 connections that never finish the TLS handshake and 100 request bodies that
//   trickle a byte a second are held open (each replaced as soon as the webhook closes it)
//   while reviews arrive at 1,000/s on kept-alive connections, for --duration seconds;
// - burst: 100 concurrent 3.9 MB reviews (ConfigMaps with many keys).
// Peak RSS is the process's VmHWM.
//
// Starts the built CLI (`dist/cli/main.js serve`) on 127.0.0.1 with a fresh certificate
// (scripts/webhook-certs.sh), then drives POST /validate with autocannon at fixed request
// rates, alternating two realistic AdmissionReview bodies for a Deployment with two
// containers, as the API server sends them (managedFields, last-applied annotation): one
// compliant, one that trips warnings and audit findings. Namespace label lookups are off
// (the mode comes from the config defaults), so no Kubernetes API is needed; a cached
// lookup is a Map read. Every request goes to 127.0.0.1, and the run is bounded: each rate
// runs for --duration seconds and the whole script gives up after a hard deadline.
//
// Prints p50, p99 and max latency, requests/s achieved and errors per rate, and exits 1
// when a target is missed: p99 < 5 ms with zero errors at 1,000 requests/s, calm and under
// abuse, and peak RSS under the Deployment's memory limit under abuse and in the burst.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir, cpus } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { burst, largeReview, memoryOf, shippedDeployment, spawnAttackers } from './bench/webhook-abuse.mjs';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '30' },
    rates: { type: 'string', default: '500,1000,2000' },
    connections: { type: 'string', default: 'auto' },
    json: { type: 'string' },
    'no-abuse': { type: 'boolean', default: false },
  },
});
const duration = Number(values.duration);
const rates = values.rates.split(',').map(Number);
// autocannon's rate limit lets each connection send its quota for the second back to back
// and then pause until the next second, so the connection count is the concurrency of that
// burst. The API server's concurrency towards a webhook answering in well under a
// millisecond is about one per 1,000 requests/s: `auto` uses that, ceil(rate / 1000).
// A fixed count (for example 16) measures bursts of that many requests in flight.
const connectionsFor = (rate) => (values.connections === 'auto' ? Math.max(1, Math.ceil(rate / 1000)) : Math.min(Number(values.connections), rate));
if (values.connections !== 'auto' && !(Number(values.connections) >= 1)) {
  console.error('bench-webhook: --connections must be auto or a positive number');
  process.exit(2);
}
if (!(duration > 0 && duration <= 120) || rates.some((rate) => !(rate > 0 && rate <= 20_000))) {
  console.error('bench-webhook: --duration must be 1..120 s and --rates 1..20000 per second');
  process.exit(2);
}
const TARGET = { rate: 1000, p99Ms: 5 };
const HOST = '127.0.0.1';

// Hard deadline: every rate, warm-up and start-up, with room to spare. Nothing outlives it.
const deadlineMs = ((rates.length + 2) * (duration + 10) + 180) * 1000;
const servers = new Set();
const attackerKills = new Set();
const deadline = setTimeout(() => {
  console.error(`bench-webhook: gave up after ${deadlineMs / 1000} s`);
  for (const server of servers) server.kill('SIGKILL');
  for (const kill of attackerKills) kill();
  process.exit(3);
}, deadlineMs);
deadline.unref();

function container(name, image, port, hardened) {
  return {
    name,
    image,
    ports: [{ containerPort: port, protocol: 'TCP' }],
    env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    readinessProbe: { httpGet: { path: '/ready', port }, periodSeconds: 5 },
    securityContext: hardened
      ? { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 10001, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } }
      : { allowPrivilegeEscalation: false },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
  };
}

function deployment(name, hardened) {
  const object = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: 'shop',
      labels: { app: name, 'app.kubernetes.io/part-of': 'storefront' },
      annotations: {},
      uid: '2b1a6c3e-7d0f-4b8e-9a51-3f5e0c9d8a11',
      generation: 1,
      creationTimestamp: '2026-11-27T12:00:00Z',
      managedFields: [
        { manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'apps/v1', time: '2026-11-27T12:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} }, 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { 'f:replicas': {}, 'f:selector': {}, 'f:template': { 'f:metadata': { 'f:labels': {} }, 'f:spec': { 'f:containers': { 'k:{"name":"web"}': {}, 'k:{"name":"metrics"}': {} } } } } } },
      ],
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: {
        metadata: { labels: { app: name }, annotations: { 'prometheus.io/scrape': 'true' } },
        spec: {
          automountServiceAccountToken: false,
          serviceAccountName: name,
          securityContext: hardened ? { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } : {},
          containers: [container('web', 'public.ecr.aws/nginx/nginx:1.27.3', 8080, hardened), container('metrics', 'public.ecr.aws/bitnami/nginx-exporter:1.4.0', 9113, hardened)],
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: 'ClusterFirst',
          schedulerName: 'default-scheduler',
        },
      },
    },
    status: {},
  };
  object.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'] = JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'shop' }, spec: object.spec });
  return object;
}

function review(uid, object) {
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid,
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      requestKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      requestResource: { group: 'apps', version: 'v1', resource: 'deployments' },
      name: object.metadata.name,
      namespace: 'shop',
      operation: 'CREATE',
      userInfo: { username: 'system:serviceaccount:ci:deployer', uid: '9f0c', groups: ['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated'] },
      object,
      oldObject: null,
      dryRun: false,
      options: { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1', fieldManager: 'kubectl-client-side-apply' },
    },
  });
}

const bodies = [review('0b7e3d6a-1c1f-4a55-8f7e-5b0d7f0a1e01', deployment('web', true)), review('0b7e3d6a-1c1f-4a55-8f7e-5b0d7f0a1e02', deployment('legacy', false))];

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.listen(0, HOST, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

function post(port, ca, body) {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: HOST, port, method: 'POST', path: '/validate?timeout=10s', ca, servername: 'eksguard-webhook.eksguard-system.svc', headers: { 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function waitReady(port, ca) {
  for (let i = 0; i < 150; i++) {
    const ok = await new Promise((resolve) => {
      https.get({ host: HOST, port, path: '/readyz', ca, servername: 'eksguard-webhook.eksguard-system.svc' }, (res) => resolve(res.statusCode === 200)).on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the webhook did not become ready within 30 s');
}

function load(port, rate, seconds) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `https://${HOST}:${port}/validate?timeout=10s`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        requests: bodies.map((body) => ({ method: 'POST', body })),
        connections: connectionsFor(rate),
        overallRate: rate,
        duration: seconds,
        servername: 'eksguard-webhook.eksguard-system.svc',
        timeout: 10,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

const shipped = shippedDeployment(path.join(root, 'deploy/webhook/deployment.yaml'));

/** Starts the built CLI as the Deployment does (its NODE_OPTIONS); logs go to /dev/null, but pino still formats every line. */
async function startWebhook(dir, ca, config) {
  const port = await freePort();
  const server = spawn(
    process.execPath,
    [...shipped.nodeOptions.split(/\s+/).filter(Boolean), path.join(root, 'dist/cli/main.js'), 'serve', '--tls-cert', path.join(dir, 'tls.crt'), '--tls-key', path.join(dir, 'tls.key'), '--port', String(port), '--host', HOST, '--config', config],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  servers.add(server);
  await waitReady(port, ca);
  return {
    port,
    pid: server.pid,
    stop() {
      server.kill('SIGTERM');
      servers.delete(server);
    },
  };
}

function row(rate, result, extra = {}) {
  return {
    rate,
    connections: connectionsFor(rate),
    achieved: Math.round(result.requests.total / result.duration),
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.timeouts + result.non2xx,
    ...extra,
  };
}

const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-bench-webhook-'));
const report = { duration, cores: cpus().length, node: process.version, memoryLimitMiB: shipped.memoryLimitMiB, nodeOptions: shipped.nodeOptions };
const missed = [];
try {
  execFileSync('bash', [path.join(root, 'scripts/webhook-certs.sh'), '--out', dir, '--ip', HOST, '--days', '1'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const { readFileSync } = await import('node:fs');
  const ca = readFileSync(path.join(dir, 'ca.crt'));
  const config = path.join(dir, 'config.yaml');
  writeFileSync(config, 'defaults: { enforce: high, warn: medium, audit: low }\nnamespaceLabels: { lookup: false }\ningressClasses: { lookup: false }\n');
  let webhook = await startWebhook(dir, ca, config);

  // Correctness before speed: both bodies are answered with a well-formed AdmissionReview.
  const [compliant, legacy] = await Promise.all(bodies.map((body) => post(webhook.port, ca, body)));
  const ok = JSON.parse(compliant.text).response;
  const warned = JSON.parse(legacy.text).response;
  if (compliant.status !== 200 || ok.allowed !== true || warned.allowed !== true || !(warned.warnings?.length > 0)) {
    throw new Error(`unexpected answers: ${compliant.text.slice(0, 300)} / ${legacy.text.slice(0, 300)}`);
  }
  console.error(`bench-webhook: body sizes ${bodies.map((b) => b.length).join(' and ')} bytes; ${cpus().length} cores; node ${process.version}; NODE_OPTIONS of the Deployment: ${shipped.nodeOptions || '(none)'}; warming up`);
  await load(webhook.port, 200, 3);

  const calm = [];
  for (const rate of [...rates].sort((a, b) => a - b)) {
    console.error(`bench-webhook: calm, ${rate} requests/s for ${duration} s`);
    calm.push(row(rate, await load(webhook.port, rate, duration)));
  }
  report.calm = { rows: calm, peakRssMiB: Math.round(memoryOf(webhook.pid).peakMiB) };
  webhook.stop();
  console.log(`\neksguard webhook on ${HOST}, ${duration} s per rate, Deployment with two containers (calm)`);
  console.log('| target req/s | connections | achieved req/s | requests | p50 ms | p99 ms | max ms | errors |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of calm) console.log(`| ${r.rate} | ${r.connections} | ${r.achieved} | ${r.requests} | ${r.p50} | ${r.p99} | ${r.max} | ${r.errors} |`);
  console.log(`peak RSS ${report.calm.peakRssMiB} MiB`);
  const calmAtTarget = calm.find((r) => r.rate === TARGET.rate);
  if (calmAtTarget && !(calmAtTarget.p99 < TARGET.p99Ms && calmAtTarget.errors === 0)) missed.push(`calm at ${TARGET.rate} req/s`);

  if (!values['no-abuse']) {
    webhook = await startWebhook(dir, ca, config);
    await load(webhook.port, 200, 3);
    console.error(`bench-webhook: abuse: 300 half-open TLS connections and 100 slow bodies held open, reviews at ${TARGET.rate}/s for ${duration} s`);
    // the attackers run in a process of their own: their sockets must not delay the load generator's event loop
    const attackers = await spawnAttackers({ port: webhook.port, caFile: path.join(dir, 'ca.crt'), halfOpen: 300, slowBodies: 100 });
    attackerKills.add(attackers.kill);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const result = await load(webhook.port, TARGET.rate, duration);
    const peakRssMiB = Math.round(memoryOf(webhook.pid).peakMiB);
    const counts = await attackers.stop();
    attackerKills.delete(attackers.kill);
    const abuse = row(TARGET.rate, result, { peakRssMiB, ...counts });
    webhook.stop();
    report.abuse = abuse;
    console.log(`\nunder abuse: 300 half-open TLS connections and 100 slow request bodies held open (reopened ${abuse.halfOpenOpened - 300} and ${abuse.slowBodiesOpened - 100} times as the webhook closed them)`);
    console.log('| target req/s | connections | achieved req/s | requests | p50 ms | p99 ms | max ms | errors | peak RSS MiB |');
    console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    console.log(`| ${abuse.rate} | ${abuse.connections} | ${abuse.achieved} | ${abuse.requests} | ${abuse.p50} | ${abuse.p99} | ${abuse.max} | ${abuse.errors} | ${abuse.peakRssMiB} |`);
    if (!(abuse.p99 < TARGET.p99Ms && abuse.errors === 0)) missed.push('latency under abuse');
    if (!(abuse.peakRssMiB < shipped.memoryLimitMiB)) missed.push('memory under abuse');

    webhook = await startWebhook(dir, ca, config);
    const large = largeReview('large', 3_900_000);
    console.error(`bench-webhook: burst: 100 concurrent reviews of ${large.length} bytes`);
    const started = Date.now();
    const statuses = await burst(webhook.port, ca, large, 100);
    const memory = memoryOf(webhook.pid);
    webhook.stop();
    report.burst = { bodyBytes: large.length, statuses, seconds: (Date.now() - started) / 1000, peakRssMiB: Math.round(memory.peakMiB) };
    console.log(`\nburst: 100 concurrent reviews of ${(large.length / 1e6).toFixed(1)} MB: ${Object.entries(statuses).map(([status, n]) => `${n} × ${status}`).join(', ')} in ${report.burst.seconds.toFixed(1)} s; peak RSS ${report.burst.peakRssMiB} MiB`);
    if (!(report.burst.peakRssMiB < shipped.memoryLimitMiB) || Object.keys(statuses).some((status) => status !== '200' && status !== '429')) missed.push('the burst of large reviews');
  }
  console.log(`\nmemory limit of the shipped Deployment: ${shipped.memoryLimitMiB} MiB`);
  console.log(missed.length === 0 ? 'targets met' : `targets MISSED: ${missed.join(', ')}`);
  if (values.json) writeFileSync(values.json, JSON.stringify(report, null, 2));
  process.exitCode = missed.length === 0 ? 0 : 1;
} finally {
  for (const kill of attackerKills) kill();
  for (const server of servers) server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
