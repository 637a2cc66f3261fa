import { BatchImportFindingsCommand, GetFindingsCommand, type AwsSecurityFinding, type SecurityHubClient } from '@aws-sdk/client-securityhub';

/** BatchImportFindings takes at most 100 findings a call. */
export const MAX_BATCH = 100;
/** Never read more pages of existing findings than this (100,000 findings) from one account and region. */
const MAX_PAGES = 1000;

type Finding = Record<string, unknown>;

export interface HubGroup {
  accountId: string;
  region: string;
  productArn: string;
  /** the current findings of this account and region, in ASFF */
  findings: Finding[];
}

export interface ArchivePolicy {
  /** whether an eksguard finding that is no longer reported may be archived (its cluster was scanned again, its check was not starved) */
  mayArchive(existing: Finding): boolean;
}

export interface PublishOptions {
  client: Pick<SecurityHubClient, 'send'>;
  group: HubGroup;
  archive: ArchivePolicy;
  now: Date;
  /** attempts for findings that a batch rejected with a retryable error (default 4) */
  maxAttempts?: number;
  /** waits between attempts; tests pass one that does not */
  sleep?: (ms: number) => Promise<void>;
}

export interface FailedFinding {
  id: string;
  errorCode: string;
  errorMessage: string;
}

export interface PublishResult {
  accountId: string;
  region: string;
  imported: number;
  /** of those, findings that already existed and were updated in place */
  updated: number;
  archived: number;
  failed: FailedFinding[];
}

/** Errors that will not go away by sending the same finding again. */
function permanent(errorCode: string): boolean {
  return /^(Invalid|AccessDenied|Unauthorized|NotFound|ResourceNotFound)/i.test(errorCode);
}

/** Every active eksguard finding of the product in this account and region; filtered here too, for endpoints that ignore filters. */
export async function activeFindings(client: Pick<SecurityHubClient, 'send'>, productArn: string): Promise<Finding[]> {
  const out: Finding[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const response = await client.send(
      new GetFindingsCommand({
        Filters: {
          ProductArn: [{ Value: productArn, Comparison: 'EQUALS' }],
          RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
          GeneratorId: [{ Value: 'eksguard/', Comparison: 'PREFIX' }],
        },
        MaxResults: 100,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    for (const finding of (response.Findings ?? []) as unknown as Finding[]) {
      if (finding['ProductArn'] === productArn && (finding['RecordState'] ?? 'ACTIVE') === 'ACTIVE' && String(finding['GeneratorId'] ?? '').startsWith('eksguard/')) out.push(finding);
    }
    token = response.NextToken;
    if (!token) break;
  }
  return out;
}

/** Sends findings in batches of at most 100, sending again the ones a batch rejected with a retryable error. */
export async function importFindings(client: Pick<SecurityHubClient, 'send'>, findings: readonly Finding[], options: { maxAttempts?: number; sleep?: (ms: number) => Promise<void> } = {}): Promise<{ imported: number; failed: FailedFinding[] }> {
  const maxAttempts = options.maxAttempts ?? 4;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const byId = new Map(findings.map((finding) => [String(finding['Id']), finding]));
  let pending = [...findings];
  let imported = 0;
  const failed = new Map<string, FailedFinding>();
  for (let attempt = 1; attempt <= maxAttempts && pending.length > 0; attempt += 1) {
    if (attempt > 1) await sleep(Math.min(200 * 2 ** (attempt - 2), 5000));
    const retry: Finding[] = [];
    for (let start = 0; start < pending.length; start += MAX_BATCH) {
      const batch = pending.slice(start, start + MAX_BATCH);
      try {
        const response = await client.send(new BatchImportFindingsCommand({ Findings: batch as unknown as AwsSecurityFinding[] }));
        const rejected = response.FailedFindings ?? [];
        imported += batch.length - rejected.length;
        for (const failure of rejected) {
          const id = failure.Id ?? '';
          const entry = { id, errorCode: failure.ErrorCode ?? 'Unknown', errorMessage: (failure.ErrorMessage ?? '').slice(0, 300) };
          failed.set(id, entry);
          const finding = byId.get(id);
          if (finding && !permanent(entry.errorCode)) retry.push(finding);
        }
        for (const finding of batch) if (!rejected.some((failure) => failure.Id === finding['Id'])) failed.delete(String(finding['Id']));
      } catch (error) {
        // the SDK already retried throttling and 5xx; a call that still fails fails its whole batch
        const err = error as { name?: string; message?: string };
        for (const finding of batch) {
          failed.set(String(finding['Id']), { id: String(finding['Id']), errorCode: err.name ?? 'Error', errorMessage: (err.message ?? '').slice(0, 300) });
          if (!permanent(err.name ?? '')) retry.push(finding);
        }
      }
    }
    pending = retry;
  }
  return { imported, failed: [...failed.values()] };
}

/**
 * Publishes one account and region: the current findings (keeping the creation time of those Security
 * Hub already holds, so a re-import updates them), then every active eksguard finding that is no
 * longer reported and may be archived, sent again with `RecordState: ARCHIVED`.
 */
export async function publishGroup(options: PublishOptions): Promise<PublishResult> {
  const { client, group } = options;
  const existing = new Map((await activeFindings(client, group.productArn)).map((finding) => [String(finding['Id']), finding]));
  const at = options.now.toISOString();
  let updated = 0;
  const current = group.findings.map((finding) => {
    const before = existing.get(String(finding['Id']));
    if (!before) return { ...finding, CreatedAt: at, UpdatedAt: at, FirstObservedAt: at, LastObservedAt: at };
    updated += 1;
    return { ...finding, CreatedAt: before['CreatedAt'] ?? at, FirstObservedAt: before['FirstObservedAt'] ?? before['CreatedAt'] ?? at, UpdatedAt: at, LastObservedAt: at };
  });
  const reported = new Set(group.findings.map((finding) => String(finding['Id'])));
  const stale = [...existing.values()].filter((finding) => !reported.has(String(finding['Id'])) && options.archive.mayArchive(finding));
  const archived: Finding[] = stale.map((finding) => ({ ...finding, RecordState: 'ARCHIVED', UpdatedAt: at }));
  const sendOptions = { ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}), ...(options.sleep ? { sleep: options.sleep } : {}) };
  const sent = await importFindings(client, current, sendOptions);
  const archive = await importFindings(client, archived, sendOptions);
  const failedArchives = new Set(archive.failed.map((failure) => failure.id));
  return {
    accountId: group.accountId,
    region: group.region,
    imported: sent.imported,
    updated,
    archived: archived.filter((finding) => !failedArchives.has(String(finding['Id']))).length,
    failed: [...sent.failed, ...archive.failed],
  };
}
