import type { IncomingMessage } from 'node:http';
import type { InflightBudget } from './inflight.js';

export type BodyResult =
  | { ok: true; body: Buffer; /** bytes still held in the budget: give them back with `release` once answered */ held: number }
  | { ok: false; reason: 'too-large' | 'timeout' | 'aborted' | 'busy' };

/**
 * Reads a request body up to `limit` bytes and within `timeoutMs`. A Content-Length above the
 * limit is refused before any byte is read; a body that grows past it is cut off. With a
 * budget, the declared size is reserved before reading (waiting in the budget's queue) and
 * held as a lease: after `leaseMs`, or when no reservation was had in time, a body still
 * arriving holds only what it sent, and each further chunk must find room or the request
 * waits (no bytes are read meanwhile: TCP holds them back) and is refused as `busy` when none
 * frees up. Never rejects: the caller answers every outcome.
 */
export async function readBody(request: IncomingMessage, options: { limit: number; timeoutMs: number; budget?: InflightBudget }): Promise<BodyResult> {
  const declared = Number(request.headers['content-length']);
  const hasLength = request.headers['content-length'] !== undefined && Number.isFinite(declared) && declared >= 0;
  if (hasLength && declared > options.limit) return { ok: false, reason: 'too-large' };
  const budget = options.budget;
  const large = budget !== undefined && (!hasLength || declared > budget.limits.smallBodyBytes);
  const started = Date.now();
  const remaining = (): number => options.timeoutMs - (Date.now() - started);
  let reserved = 0;
  if (budget && hasLength && declared > 0) {
    const abort = new AbortController();
    const onClose = (): void => abort.abort();
    request.once('close', onClose);
    const acquired = await budget.acquireBytes(declared, { large, signal: abort.signal, timeoutMs: remaining() });
    request.off('close', onClose);
    if (!acquired.ok && acquired.reason === 'aborted') return { ok: false, reason: 'aborted' };
    // No room for what it declared: read it anyway, each chunk finding room as it comes, up to a
    // small body's size; past that the rest must be reserved, or it is refused. A body that
    // trickles then holds only what it sent (refusing it at once would only bring it back on a
    // new connection, a TLS handshake each time), and large bodies arriving together cannot all
    // hold part of the budget while none of them completes.
    if (acquired.ok) reserved = declared;
  }
  const unreservedCap = budget && hasLength && reserved === 0 && declared > budget.limits.smallBodyBytes ? budget.limits.smallBodyBytes : Infinity;

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    let waiting: AbortController | undefined;
    const lease = budget && reserved > 0 ? setTimeout(shrinkToReceived, budget.limits.leaseMs) : undefined;
    const timer = setTimeout(() => finish({ ok: false, reason: 'timeout' }), Math.max(1, remaining()));

    function shrinkToReceived(): void {
      if (settled || !budget || reserved <= size) return;
      budget.releaseBytes(reserved - size);
      reserved = size;
    }
    function finish(result: { ok: true } | { ok: false; reason: 'too-large' | 'timeout' | 'aborted' | 'busy' }): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(lease);
      waiting?.abort();
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('aborted', onAborted);
      if (!result.ok) {
        request.pause();
        budget?.releaseBytes(reserved);
        return resolve(result);
      }
      // a declared size larger than what came (the parser prevents it, but never hold more than received)
      if (budget && reserved > size) budget.releaseBytes(reserved - size);
      resolve({ ok: true, body: Buffer.concat(chunks, size), held: budget ? Math.min(reserved, size) : 0 });
    }
    function onData(chunk: Buffer): void {
      size += chunk.length;
      if (size > options.limit) return finish({ ok: false, reason: 'too-large' });
      chunks.push(chunk);
      if (!budget || size <= reserved) return;
      // past what an unreserved body may hold: reserve all that is still to come
      const needed = size > unreservedCap ? declared - reserved : size - reserved;
      if (budget.tryBytes(needed, large)) {
        reserved += needed;
        return;
      }
      // no room for what arrived: stop reading until there is, or give up when none frees in time
      request.pause();
      waiting = new AbortController();
      void budget.acquireBytes(needed, { large, signal: waiting.signal, timeoutMs: remaining() }).then((acquired) => {
        if (settled) {
          if (acquired.ok) budget.releaseBytes(needed);
          return;
        }
        if (!acquired.ok) return finish({ ok: false, reason: acquired.reason === 'aborted' ? 'aborted' : 'busy' });
        reserved += needed;
        request.resume();
      });
    }
    const onEnd = (): void => finish({ ok: true });
    const onError = (): void => finish({ ok: false, reason: 'aborted' });
    const onAborted = (): void => finish({ ok: false, reason: 'aborted' });
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('aborted', onAborted);
  });
}

/** Deepest nesting of arrays and objects in JSON text, stopping early past `limit`; strings are skipped. */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 92) i++; // backslash: skip the escaped character
      else if (code === 34) inString = false;
      continue;
    }
    if (code === 34) inString = true;
    else if (code === 123 || code === 91) {
      if (++depth > limit) return true;
    } else if (code === 125 || code === 93) depth--;
  }
  return false;
}
