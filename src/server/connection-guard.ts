import type { Socket } from 'node:net';
import type { Server as TlsServer, TLSSocket } from 'node:tls';

export interface ConnectionGuard {
  /** connections whose TLS handshake has not completed */
  readonly pending: number;
  /** connections closed for not completing it in time (or for giving up before it) */
  readonly expired: number;
  setHandshakeTimeout(ms: number): void;
  close(): void;
}

function keyOf(socket: Socket | TLSSocket): string | undefined {
  return socket.remoteAddress === undefined ? undefined : `${socket.remoteAddress}|${socket.remotePort}`;
}

/**
 * Closes TCP connections that do not complete the TLS handshake in time. Node's own
 * `handshakeTimeout` only reports a `clientError`, and a socket that never sent a byte, or
 * that the client half-closed, was then left open for good (a pod opening 2,000 of them held
 * ~87 MiB and as many file descriptors). Here every raw connection gets a timer, cleared when
 * its handshake completes; when it fires, or when the client closes its side first, the socket
 * is destroyed. Raw and TLS sockets are paired by their remote address and port, which are
 * unique among open connections.
 */
export function guardHandshakes(server: TlsServer, options: { handshakeTimeoutMs: number; onExpired?: (reason: 'timeout' | 'client-closed') => void }): ConnectionGuard {
  let timeoutMs = options.handshakeTimeoutMs;
  let expired = 0;
  const pending = new Map<string, { socket: Socket; timer: NodeJS.Timeout }>();

  const forget = (key: string, socket: Socket): void => {
    const entry = pending.get(key);
    if (entry?.socket !== socket) return;
    clearTimeout(entry.timer);
    pending.delete(key);
  };
  const drop = (key: string, socket: Socket, reason: 'timeout' | 'client-closed'): void => {
    if (pending.get(key)?.socket !== socket) return;
    forget(key, socket);
    expired += 1;
    options.onExpired?.(reason);
    socket.destroy();
  };

  const onConnection = (socket: Socket): void => {
    const key = keyOf(socket);
    if (key === undefined) {
      socket.destroy();
      return;
    }
    // spread over a quarter of the timeout, so connections opened together are not all dropped (and reopened) in one tick
    const timer = setTimeout(() => drop(key, socket, 'timeout'), timeoutMs * (1 + Math.random() / 4));
    timer.unref();
    pending.set(key, { socket, timer });
    // A client that half-closes before the handshake will never complete it: without this the
    // socket would sit in CLOSE-WAIT until the timer.
    socket.once('end', () => drop(key, socket, 'client-closed'));
    socket.once('close', () => forget(key, socket));
  };
  const onSecure = (tlsSocket: TLSSocket): void => {
    const key = keyOf(tlsSocket);
    const entry = key === undefined ? undefined : pending.get(key);
    if (key !== undefined && entry) forget(key, entry.socket);
  };
  server.on('connection', onConnection);
  server.on('secureConnection', onSecure);

  return {
    get pending() {
      return pending.size;
    },
    get expired() {
      return expired;
    },
    setHandshakeTimeout(ms) {
      timeoutMs = ms;
    },
    close() {
      server.off('connection', onConnection);
      server.off('secureConnection', onSecure);
      for (const { timer } of pending.values()) clearTimeout(timer);
      pending.clear();
    },
  };
}
