/** A counting semaphore: at most `limit` holders at once, the others wait in order. */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  readonly limit: number;

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`a limiter needs a positive whole limit, not ${limit}`);
    this.limit = limit;
  }

  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }
}

/** Takes every limiter in a fixed order (so two holders never wait on each other), runs `fn`, releases them. */
export async function withLimits<T>(limiters: readonly Limiter[], fn: () => Promise<T>): Promise<T> {
  for (const limiter of limiters) await limiter.acquire();
  try {
    return await fn();
  } finally {
    for (const limiter of [...limiters].reverse()) limiter.release();
  }
}
