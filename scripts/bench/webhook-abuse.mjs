// Attackers for `npm run bench:webhook`, on loopback only: connections that never finish the
// TLS handshake, request bodies that trickle, and a burst of large reviews. Each keeps its
// count of connections open for as long as it runs (a connection the webhook closes is
// replaced), so the pressure holds for the whole measurement.
import { readFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';

const HOST = '127.0.0.1';
const SERVERNAME = 'eksguard-webhook.eksguard-system.svc';

/** The memory limit and NODE_OPTIONS of the shipped Deployment: the bench measures what ships. */
export function shippedDeployment(file) {
  const text = readFileSync(file, 'utf8');
  const limit = /limits:\s*\n(?:\s+\w+:.*\n)*?\s+memory:\s*"?(\d+)Mi"?/.exec(text);
  const nodeOptions = /- name: NODE_OPTIONS\s*\n\s+value:\s*"?([^"\n]+)"?/.exec(text);
  if (!limit) throw new Error(`no memory limit in ${file}`);
  return { memoryLimitMiB: Number(limit[1]), nodeOptions: nodeOptions?.[1]?.trim() ?? '' };
}

/** Resident memory of a process now and at its peak (VmHWM), in MiB. */
export function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

/** Keeps `count` TCP connections open that never complete a TLS handshake (half of them send half a ClientHello). */
export function holdHalfOpen(port, count) {
  const sockets = new Set();
  let opened = 0;
  let stopped = false;
  const open = () => {
    if (stopped) return;
    const socket = net.connect(port, HOST);
    opened++;
    socket.on('error', () => undefined);
    socket.once('connect', () => {
      if (opened % 2 === 0) socket.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01]));
    });
    socket.once('close', () => {
      sockets.delete(socket);
      setTimeout(open, 10);
    });
    sockets.add(socket);
  };
  for (let i = 0; i < count; i++) open();
  return {
    get opened() {
      return opened;
    },
    stop() {
      stopped = true;
      for (const socket of sockets) socket.destroy();
    },
  };
}

/** Keeps `count` requests open whose headers declare a 3.9 MB body that then trickles, a byte a second. */
export function holdSlowBodies(port, ca, count) {
  const sockets = new Set();
  let opened = 0;
  let stopped = false;
  const open = () => {
    if (stopped) return;
    opened++;
    const socket = tls.connect({ host: HOST, port, ca, servername: SERVERNAME });
    let trickle;
    socket.on('error', () => undefined);
    socket.once('secureConnect', () => {
      socket.write(`POST /validate?timeout=30s HTTP/1.1\r\nHost: ${SERVERNAME}\r\nContent-Type: application/json\r\nContent-Length: 3900000\r\n\r\n{"apiVersion":`);
      trickle = setInterval(() => socket.write(' '), 1000);
    });
    socket.once('close', () => {
      clearInterval(trickle);
      sockets.delete(socket);
      setTimeout(open, 10);
    });
    sockets.add(socket);
  };
  for (let i = 0; i < count; i++) open();
  return {
    get opened() {
      return opened;
    },
    stop() {
      stopped = true;
      for (const socket of sockets) socket.destroy();
    },
  };
}

/** A review of a ConfigMap of about `bytes` bytes (many keys, as a large real ConfigMap has). */
export function largeReview(uid, bytes) {
  const data = {};
  const value = 'v'.repeat(90);
  // each entry is `"key-000000":"v…",`: 106 bytes of JSON
  for (let k = 0; k < Math.floor((bytes - 600) / 106); k++) data[`key-${String(k).padStart(6, '0')}`] = value;
  const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `large-${uid}`, namespace: 'shop' }, data };
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid,
      kind: { group: '', version: 'v1', kind: 'ConfigMap' },
      resource: { group: '', version: 'v1', resource: 'configmaps' },
      name: object.metadata.name,
      namespace: 'shop',
      operation: 'CREATE',
      userInfo: { username: 'system:serviceaccount:ci:deployer', groups: ['system:authenticated'] },
      object,
      oldObject: null,
    },
  });
}

/** Sends `count` large reviews at once, each on its own connection; counts the answers by status. */
export async function burst(port, ca, body, count) {
  const statuses = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise((resolve) => {
          const request = https.request(
            { host: HOST, port, method: 'POST', path: '/validate?timeout=10s', ca, servername: SERVERNAME, agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
            (response) => {
              response.resume();
              response.on('end', () => resolve(String(response.statusCode)));
            },
          );
          request.setTimeout(30_000, () => request.destroy(new Error('timeout')));
          request.on('error', (error) => resolve(`error ${error.code ?? error.message}`));
          request.end(body);
        }),
    ),
  );
  const counts = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/**
 * Runs the two holders in a child process of their own, so their sockets and timers do not
 * share an event loop with the load generator whose latencies are measured. Resolves once
 * they are started; `stop()` resolves with how many connections each opened.
 */
export async function spawnAttackers(options) {
  const { fork } = await import('node:child_process');
  const child = fork(import.meta.filename, ['attack', String(options.port), options.caFile, String(options.halfOpen), String(options.slowBodies)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`attackers exited with ${code}`)));
  });
  return {
    stop: () =>
      new Promise((resolve) => {
        child.once('message', (counts) => {
          child.kill();
          resolve(counts);
        });
        child.send('stop');
      }),
    kill: () => child.kill('SIGKILL'),
  };
}

if (process.argv[2] === 'attack' && process.send) {
  const [, , , port, caFile, halfOpenCount, slowCount] = process.argv;
  const halfOpen = holdHalfOpen(Number(port), Number(halfOpenCount));
  const slow = holdSlowBodies(Number(port), readFileSync(caFile), Number(slowCount));
  process.send('started');
  process.on('message', () => {
    const counts = { halfOpenOpened: halfOpen.opened, slowBodiesOpened: slow.opened };
    halfOpen.stop();
    slow.stop();
    process.send(counts, () => process.exit(0));
  });
}
