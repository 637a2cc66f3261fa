import { BatchImportFindingsCommand, GetFindingsCommand } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import { importFindings, MAX_BATCH, publishGroup } from './securityhub.js';

type Finding = Record<string, unknown>;

/** A Security Hub stand-in for the retry and batching logic: records each call, fails as told. */
function fakeHub(options: { existing?: Finding[]; failOnce?: Record<string, string>; throwFirst?: boolean } = {}) {
  const batches: Finding[][] = [];
  const failed = new Set<string>();
  let thrown = false;
  return {
    batches,
    async send(command: unknown) {
      if (command instanceof GetFindingsCommand) return { Findings: options.existing ?? [] };
      if (command instanceof BatchImportFindingsCommand) {
        const findings = command.input.Findings as unknown as Finding[];
        if (options.throwFirst && !thrown) {
          thrown = true;
          throw Object.assign(new Error('service unavailable'), { name: 'InternalException' });
        }
        batches.push(findings);
        const rejected = findings
          .filter((finding) => options.failOnce?.[String(finding['Id'])] !== undefined && !failed.has(String(finding['Id'])))
          .map((finding) => {
            failed.add(String(finding['Id']));
            return { Id: String(finding['Id']), ErrorCode: options.failOnce![String(finding['Id'])]!, ErrorMessage: 'no' };
          });
        return { SuccessCount: findings.length - rejected.length, FailedCount: rejected.length, FailedFindings: rejected };
      }
      throw new Error('unexpected command');
    },
  };
}

const findings = (count: number) => Array.from({ length: count }, (_, index) => ({ Id: `eksguard/X/${index}`, GeneratorId: 'eksguard/X' }));
const noWait = async () => {};

describe('importFindings', () => {
  it('sends at most 100 findings a call', async () => {
    const hub = fakeHub();
    const result = await importFindings(hub, findings(250), { sleep: noWait });
    expect(hub.batches.map((batch) => batch.length)).toEqual([MAX_BATCH, MAX_BATCH, 50]);
    expect(result).toEqual({ imported: 250, failed: [] });
  });

  it('sends again only the findings a batch rejected with a retryable error', async () => {
    const hub = fakeHub({ failOnce: { 'eksguard/X/3': 'LimitExceededException', 'eksguard/X/7': 'InvalidInput' } });
    const result = await importFindings(hub, findings(10), { sleep: noWait });
    expect(hub.batches.map((batch) => batch.map((finding) => finding['Id']))).toEqual([findings(10).map((finding) => finding.Id), ['eksguard/X/3']]);
    expect(result.imported).toBe(9);
    expect(result.failed).toEqual([{ id: 'eksguard/X/7', errorCode: 'InvalidInput', errorMessage: 'no' }]);
  });

  it('sends a whole batch again when the call itself failed, and gives up after the attempts', async () => {
    const hub = fakeHub({ throwFirst: true });
    const result = await importFindings(hub, findings(3), { sleep: noWait });
    expect(result).toEqual({ imported: 3, failed: [] });
    const stubborn = fakeHub({ failOnce: {} });
    stubborn.send = async () => {
      throw Object.assign(new Error('down'), { name: 'InternalException' });
    };
    const waits: number[] = [];
    const gaveUp = await importFindings(stubborn, findings(2), { maxAttempts: 3, sleep: async (ms) => void waits.push(ms) });
    expect(gaveUp.failed.map((failure) => failure.errorCode)).toEqual(['InternalException', 'InternalException']);
    expect(waits).toEqual([200, 400]);
  });
});

describe('publishGroup', () => {
  const productArn = 'arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default';
  const existing = (id: string, scope: string) => ({ Id: id, ProductArn: productArn, GeneratorId: 'eksguard/X', RecordState: 'ACTIVE', CreatedAt: '2020-01-01T00:00:00.000Z', ProductFields: { 'eksguard/Scope': scope } });

  it('keeps the creation time of findings it updates and archives only what the policy allows', async () => {
    const hub = fakeHub({ existing: [existing('a', 'kube:x'), existing('gone', 'kube:x'), existing('elsewhere', 'kube:y'), { ...existing('other-tool', 'kube:x'), GeneratorId: 'prowler/1' }] });
    const result = await publishGroup({
      client: hub,
      group: { accountId: '111122223333', region: 'us-east-1', productArn, findings: [{ Id: 'a' }, { Id: 'new' }] },
      archive: { mayArchive: (finding) => (finding['ProductFields'] as Record<string, string>)['eksguard/Scope'] === 'kube:x' },
      now: new Date('2026-05-05T00:00:00Z'),
      sleep: noWait,
    });
    expect(result).toMatchObject({ imported: 2, updated: 1, archived: 1, failed: [] });
    const [current, archived] = hub.batches;
    expect(current!.find((finding) => finding['Id'] === 'a')!['CreatedAt']).toBe('2020-01-01T00:00:00.000Z');
    expect(current!.find((finding) => finding['Id'] === 'new')!['CreatedAt']).toBe('2026-05-05T00:00:00.000Z');
    expect(archived!.map((finding) => [finding['Id'], finding['RecordState']])).toEqual([['gone', 'ARCHIVED']]);
  });
});
