import { dataKeyOf } from '../../aws/data-keys.js';
import type { SnapshotFile, SnapshotMeta } from '../aws-snapshot/parse.js';
import { withLimits, type Limiter } from './limiter.js';
import { failureCause, type FailedCall } from './nothing-collected.js';

/** Never more pages than this per list call: protects against an endpoint that keeps returning tokens. */
export const MAX_PAGES = 1000;

type Json = Record<string, unknown>;

/** JSON as the AWS CLI prints it: no SDK `$metadata`, dates as ISO strings, no pagination tokens. */
export function plainJson(value: unknown): Json {
  return JSON.parse(
    JSON.stringify(value, (key, item) => (key === '$metadata' || key === 'NextToken' || key === 'nextToken' || key === 'Marker' || key === 'IsTruncated' ? undefined : item)),
  ) as Json;
}

/** Reads every page of an SDK paginator and concatenates the list members, like the CLI's auto-pagination. */
export async function allPages(paginator: AsyncIterable<object>, listKeys: readonly string[]): Promise<Json> {
  return (await pagesUpTo(paginator, listKeys, MAX_PAGES)).body;
}

/** Like allPages, with a lower bound of pages; `truncated` when the last page read still pointed to another. */
export async function pagesUpTo(paginator: AsyncIterable<object>, listKeys: readonly string[], maxPages: number): Promise<{ body: Json; truncated: boolean }> {
  let merged: Json | undefined;
  let count = 0;
  let truncated = false;
  for await (const page of paginator) {
    const plain = plainJson(page);
    if (!merged) merged = plain;
    else for (const key of listKeys) merged[key] = [...((merged[key] as unknown[]) ?? []), ...((plain[key] as unknown[]) ?? [])];
    if (++count >= maxPages) {
      const next = page as { NextToken?: unknown; nextToken?: unknown };
      truncated = !!(next.NextToken ?? next.nextToken);
      break;
    }
  }
  return { body: merged ?? {}, truncated };
}

/** The error name AWS gave (AccessDenied …), or the HTTP status for endpoints that answer without an AWS error shape. */
export function describeFailure(error: unknown): string {
  const err = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; Code?: string };
  const status = err?.$metadata?.httpStatusCode;
  const name = err?.Code ?? err?.name ?? 'Error';
  if (status === 404 && (!err?.name || err.name === 'Error' || /^UnknownError|^Unknown$/.test(err.name) || /not found|deserializ/i.test(err.message ?? ''))) {
    return `not implemented by the endpoint (HTTP 404)`;
  }
  // messages name the caller ARN at most, never credentials; keep them short for the report
  const message = (err?.message ?? '').replace(/\s+/g, ' ').slice(0, 240);
  return message ? `${name}: ${message}` : name;
}

/** What one collection run accumulates: the responses (snapshot files) and the calls that failed. */
export class CollectionRun {
  readonly files = new Map<string, Json>();
  readonly failures: FailedCall[] = [];
  readonly concurrency: number;
  readonly ssmPrefix: string;
  /** limits shared with other runs (a fleet's per-account and overall bounds), taken around every call */
  private readonly shared: readonly Limiter[];

  constructor(options: { concurrency: number; ssmPrefix: string; limiters?: readonly Limiter[] }) {
    this.concurrency = options.concurrency;
    this.ssmPrefix = options.ssmPrefix;
    this.shared = options.limiters ?? [];
  }

  /** How many responses were stored: 0 means the account never answered. */
  get answered(): number {
    return this.files.size;
  }

  /** Stores a response; a second response for the same path has its lists appended (several VPCs, several clusters). */
  record(path: string, body: Json, listKeys: readonly string[] = []): void {
    const existing = this.files.get(path);
    if (!existing) {
      this.files.set(path, body);
      return;
    }
    for (const key of listKeys) existing[key] = [...((existing[key] as unknown[]) ?? []), ...((body[key] as unknown[]) ?? [])];
  }

  private active = 0;
  private readonly waiting: (() => void)[] = [];

  /** Every AWS call of the run takes a slot: at most `concurrency` are in flight, however the collectors fan out. */
  private async acquire(): Promise<void> {
    if (this.active < this.concurrency) {
      this.active += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }

  /** Runs one AWS call (or one paginated listing); a failure becomes a recorded gap and `undefined`, never an exception. */
  async call<T>(action: string, scope: string, fn: () => Promise<T>, options: { expected?: (error: unknown) => boolean } = {}): Promise<T | undefined> {
    await this.acquire();
    try {
      return await withLimits(this.shared, fn);
    } catch (error) {
      if (!options.expected?.(error)) this.failures.push({ action, scope, reason: describeFailure(error), cause: failureCause(error) });
      return undefined;
    } finally {
      this.release();
    }
  }

  /** Records a failure found by reasoning over several calls (a named cluster that no region has). */
  fail(failure: FailedCall): void {
    this.failures.push(failure);
  }

  snapshotFiles(): SnapshotFile[] {
    return [...this.files.entries()].map(([path, body]) => ({ path, body }));
  }

  /** Failed calls grouped by action and reason, each naming where it failed and the data key it starves. */
  meta(base: Omit<SnapshotMeta, 'gaps'>): SnapshotMeta {
    const groups = new Map<string, { action: string; reason: string; scopes: string[]; keys?: string[] }>();
    for (const failure of this.failures) {
      const key = `${failure.action}|${failure.reason}`;
      const group = groups.get(key) ?? { action: failure.action, reason: failure.reason, scopes: [], ...(failure.keys ? { keys: failure.keys } : {}) };
      group.scopes.push(failure.scope);
      groups.set(key, group);
    }
    const gaps = [...groups.values()].map((group) => {
      const scopes = [...new Set(group.scopes)];
      const where = scopes.length > 3 ? `${scopes.slice(0, 3).join(', ')} and ${scopes.length - 3} more` : scopes.join(', ');
      const key = dataKeyOf(group.action);
      return { source: `aws ${group.action}`, reason: `${group.reason} (${where})`, keys: group.keys ?? (key ? [key] : []) };
    });
    return { ...base, gaps };
  }
}
