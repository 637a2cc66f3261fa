/**
 * The global bound on what requests hold at once: body bytes (received, or being judged) and
 * reviews being judged. Without it 100 concurrent 3.9 MB reviews, each under the per-request
 * limit, took the webhook past its memory limit, and an OOM-killed webhook under
 * `failurePolicy: Fail` blocks every write in the cluster.
 *
 * Bytes are reserved in two ways. A request declares its size (Content-Length) and reserves it
 * before its body is read, so a burst of large bodies is read a few at a time, each in full,
 * instead of all of them half-way. A reservation is a lease: a body still arriving after
 * `leaseMs` keeps only the bytes it has actually sent, and every further chunk must find room,
 * so slow bodies (a trickle held open on purpose) hold what they sent, not what they promised.
 * A part of the budget is kept for small requests (the API server's reviews are a few KB), so
 * large ones waiting or arriving never starve them.
 *
 * Whoever does not find room waits in a bounded queue for at most `queueTimeoutMs`; a body that
 * got no reservation is then read chunk by chunk as room allows, and a chunk or a review that
 * finds none in time is refused (HTTP 429, which the API server treats under the webhook's
 * failurePolicy).
 */

export interface InflightLimits {
  maxBytes: number;
  /** the largest body a request may have: the budget always leaves room for one */
  maxBodyBytes: number;
  maxReviews: number;
  queueTimeoutMs: number;
  maxQueued: number;
  /** a body up to this size is small: it may use the part of the budget kept for small bodies */
  smallBodyBytes?: number;
  /** how long a declared size stays reserved for a body still arriving */
  leaseMs?: number;
}

export type Acquired = { ok: true } | { ok: false; reason: 'busy' | 'queue-full' | 'aborted' };

interface Waiter {
  kind: 'bytes' | 'review';
  amount: number;
  large: boolean;
  resolve: (result: Acquired) => void;
  timer: NodeJS.Timeout;
}

export interface InflightBudget {
  readonly bytes: number;
  readonly reviews: number;
  readonly queued: number;
  /** waits (bounded) until `amount` bytes fit; `large` bodies may not use the small-body reserve */
  acquireBytes(amount: number, options: { large: boolean; signal?: AbortSignal; timeoutMs?: number }): Promise<Acquired>;
  /** takes `amount` bytes now if they fit, without waiting */
  tryBytes(amount: number, large: boolean): boolean;
  releaseBytes(amount: number): void;
  acquireReview(options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<Acquired>;
  releaseReview(): void;
  setLimits(limits: InflightLimits): void;
  readonly limits: Readonly<Required<InflightLimits>>;
}

const DEFAULT_SMALL_BODY = 256 * 1024;
const DEFAULT_LEASE_MS = 500;

function withDefaults(limits: InflightLimits): Required<InflightLimits> {
  return { smallBodyBytes: DEFAULT_SMALL_BODY, leaseMs: DEFAULT_LEASE_MS, ...limits };
}

export function createInflightBudget(initial: InflightLimits): InflightBudget {
  let limits = withDefaults(initial);
  let bytes = 0;
  let reviews = 0;
  const queue: Waiter[] = [];

  /** an eighth of the budget (at least 1 MiB) is only for small bodies, as far as the largest body still fits beside it */
  const reserveForSmall = (): number => Math.max(0, Math.min(Math.max(1024 * 1024, limits.maxBytes / 8), limits.maxBytes - limits.maxBodyBytes));
  const bytesFit = (amount: number, large: boolean): boolean => bytes + amount <= limits.maxBytes - (large ? reserveForSmall() : 0);

  function grant(): void {
    // first fit in arrival order: a small request is never stuck behind a large one that does not fit yet
    for (let i = 0; i < queue.length; ) {
      const waiter = queue[i]!;
      const fits = waiter.kind === 'bytes' ? bytesFit(waiter.amount, waiter.large) : reviews < limits.maxReviews;
      if (!fits) {
        i++;
        continue;
      }
      queue.splice(i, 1);
      clearTimeout(waiter.timer);
      if (waiter.kind === 'bytes') bytes += waiter.amount;
      else reviews += 1;
      waiter.resolve({ ok: true });
    }
  }

  function wait(kind: Waiter['kind'], amount: number, large: boolean, options: { signal?: AbortSignal; timeoutMs?: number }): Promise<Acquired> {
    if (queue.length >= limits.maxQueued) return Promise.resolve({ ok: false, reason: 'queue-full' });
    const timeoutMs = Math.max(0, Math.min(options.timeoutMs ?? limits.queueTimeoutMs, limits.queueTimeoutMs));
    if (timeoutMs === 0) return Promise.resolve({ ok: false, reason: 'busy' });
    return new Promise((resolve) => {
      const leave = (result: Acquired): void => {
        const index = queue.indexOf(waiter);
        if (index === -1) return;
        queue.splice(index, 1);
        clearTimeout(waiter.timer);
        options.signal?.removeEventListener('abort', onAbort);
        resolve(result);
      };
      const onAbort = (): void => leave({ ok: false, reason: 'aborted' });
      const waiter: Waiter = {
        kind,
        amount,
        large,
        resolve: (result) => {
          options.signal?.removeEventListener('abort', onAbort);
          resolve(result);
        },
        timer: setTimeout(() => leave({ ok: false, reason: 'busy' }), timeoutMs),
      };
      queue.push(waiter);
      options.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  return {
    get bytes() {
      return bytes;
    },
    get reviews() {
      return reviews;
    },
    get queued() {
      return queue.length;
    },
    get limits() {
      return limits;
    },
    acquireBytes(amount, options) {
      if (options.signal?.aborted) return Promise.resolve({ ok: false, reason: 'aborted' });
      if (amount <= 0) return Promise.resolve({ ok: true });
      if (bytesFit(amount, options.large)) {
        bytes += amount;
        return Promise.resolve({ ok: true });
      }
      return wait('bytes', amount, options.large, options);
    },
    tryBytes(amount, large) {
      if (amount <= 0) return true;
      if (!bytesFit(amount, large)) return false;
      bytes += amount;
      return true;
    },
    releaseBytes(amount) {
      if (amount <= 0) return;
      bytes = Math.max(0, bytes - amount);
      grant();
    },
    acquireReview(options = {}) {
      if (options.signal?.aborted) return Promise.resolve({ ok: false, reason: 'aborted' });
      if (reviews < limits.maxReviews) {
        reviews += 1;
        return Promise.resolve({ ok: true });
      }
      return wait('review', 1, false, options);
    },
    releaseReview() {
      reviews = Math.max(0, reviews - 1);
      grant();
    },
    setLimits(next) {
      limits = withDefaults(next);
      grant();
    },
  };
}
