/**
 * Fleet scans end to end against moto: an AWS Organization of 20 active member accounts × 2 regions
 * × 2 clusters and one closed account, every role's trust policy requiring an external ID, one
 * account whose role cannot be assumed, a region that refuses, the built CLI as users run it (one process and
 * four concurrent shards), merge, diff, S3 output and publishing to Security Hub.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DeleteRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asffProblems } from '../../src/reporters/asff-rules.js';
import { closeAccounts, FLEET_REGIONS, MANAGEMENT_ACCOUNT, READER_ROLE, seedFleet, startStsFront, type AssumeRoleSeen } from '../../scripts/bench/fleet-world.mjs';
import { cliPath, repoRoot } from '../e2e/run-cli.js';
import { MotoServer } from './moto-env.js';

let moto: MotoServer;
let front: { endpoint: string; assumed: AssumeRoleSeen[]; throttled(): number; close(): Promise<void> };
let members: string[];
let denied: string;
/** an account closed in the Organization (SUSPENDED), its clusters still there */
let closed: string;
/** what every reader role's trust policy requires */
const EXTERNAL_ID = 'fleet-external-id-7f3a';
let work: string;
const BUCKET = 'eksguard-fleet-reports';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function env(): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_ENDPOINT_URL_STS: front.endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_COLOR: '1',
  };
}

/** The built CLI in a child process of its own, so shards can run at the same time. */
function eksguard(args: readonly string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: repoRoot, env: { ...process.env, ...env(), ...extraEnv } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const json = (file: string) => JSON.parse(readFileSync(path.join(work, file), 'utf8'));
const regionArgs = FLEET_REGIONS.flatMap((region) => ['--region', region]);
const roleArgs = ['--role-name', READER_ROLE, '--external-id', EXTERNAL_ID];
const fleetArgs = ['scan', '--org', ...roleArgs, ...regionArgs, '--fail-on', 'none'];

async function memberCredentials(account: string) {
  const sts = new STSClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const response = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/${READER_ROLE}`, RoleSessionName: 'fleet-test' }));
  sts.destroy();
  const c = response.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

/** Every finding Security Hub holds in one account and region. */
async function hubFindings(account: string, region: string): Promise<Record<string, any>[]> {
  const client = new SecurityHubClient({ endpoint: moto.endpoint, region, credentials: await memberCredentials(account) });
  const out: Record<string, any>[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new GetFindingsCommand({ MaxResults: 100, ...(token ? { NextToken: token } : {}) }));
    out.push(...((page.Findings ?? []) as Record<string, any>[]));
    token = page.NextToken;
  } while (token);
  client.destroy();
  return out;
}

beforeAll(async () => {
  moto = MotoServer.start();
  members = await seedFleet(moto.endpoint, { accounts: 21 });
  closed = members.pop()!;
  await closeAccounts(moto.endpoint, [closed]);
  denied = members[7]!;
  front = await startStsFront(moto.endpoint, new Set([denied]), { externalId: EXTERNAL_ID, refusedRegions: new Set(['ap-east-1']), throttle: { region: 'us-east-1', count: 4 } });
  work = mkdtempSync(path.join(tmpdir(), 'eksguard-fleet-'));
  const s3 = new S3Client({ endpoint: moto.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  s3.destroy();
}, 600_000);

afterAll(async () => {
  await front?.close();
  moto?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('a fleet of 20 accounts × 2 regions × 2 clusters', () => {
  let whole: any;

  beforeAll(async () => {
    const run = await eksguard([...fleetArgs, '-f', 'json', '-o', path.join(work, 'whole.json')]);
    expect(run.code, run.stderr).toBe(0);
    whole = json('whole.json');
  }, 300_000);

  it('scans every cluster of every account whose role can be assumed', () => {
    expect(whole.fleet.targets).toHaveLength(19 * 2 * 2);
    expect(whole.fleet.targets.some((key: string) => key.includes(denied))).toBe(false);
    for (const account of members.filter((id) => id !== denied)) {
      for (const region of FLEET_REGIONS) for (const cluster of ['ops', 'web']) expect(whole.fleet.targets).toContain(`aws:${account}:${region}:${cluster}`);
    }
    // the weak cluster fails the public-endpoint check in every account and region, the private one never
    const open = whole.findings.filter((f: any) => f.checkId === 'EKS-NET-001' && f.status === 'fail');
    expect(open).toHaveLength(19 * 2);
    expect(open.every((f: any) => f.resource.arn.endsWith(':cluster/web'))).toBe(true);
    expect(whole.errors).toEqual([]);
  });

  it('skips a closed (suspended) account of the Organization: neither a target nor a gap', () => {
    expect(whole.fleet.targets.some((key: string) => key.includes(closed))).toBe(false);
    expect(whole.gaps.some((gap: any) => gap.reason.includes(closed))).toBe(false);
    expect(front.assumed.some((call) => call.roleArn.includes(closed))).toBe(false);
  });

  it('assumes each role with the external ID and a session name that names eksguard', () => {
    const calls = front.assumed.filter((call) => call.roleArn.endsWith(`:role/${READER_ROLE}`));
    // ListAccounts names the management account too: it is a member of its Organization
    expect(new Set(calls.map((call) => call.roleArn.split(':')[4]))).toEqual(new Set([MANAGEMENT_ACCOUNT, ...members]));
    for (const call of calls) {
      expect(call.sessionName).toMatch(/^eksguard-[\w+=,.@-]+$/);
      expect(call.externalId).toBe(EXTERNAL_ID);
    }
  });

  it('makes an account whose trust policy wants another external ID a gap, and takes EKSGUARD_EXTERNAL_ID', async () => {
    const account = members[2]!;
    const args = ['scan', '--org', '--role-name', READER_ROLE, '--accounts', account, '--region', 'us-east-1', '--fail-on', 'none', '-f', 'json'];
    const wrong = await eksguard([...args, '--external-id', 'not-the-one']);
    expect(wrong.code).toBe(2);
    expect(JSON.parse(wrong.stdout).gaps.map((gap: any) => gap.reason)).toEqual([
      expect.stringMatching(new RegExp(`^account ${account}: cannot assume arn:aws:iam::${account}:role/${READER_ROLE}: AccessDenied: .*requires an external ID`)),
    ]);
    expect(wrong.stdout + wrong.stderr).not.toContain('not-the-one');
    const fromEnv = await eksguard(args, { EKSGUARD_EXTERNAL_ID: EXTERNAL_ID });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(JSON.parse(fromEnv.stdout).fleet.targets).toEqual([`aws:${account}:us-east-1:ops`, `aws:${account}:us-east-1:web`]);
  }, 120_000);

  it('narrows the Organization with --accounts and leaves out --exclude-accounts without assuming their role', async () => {
    const [a, b, c] = [members[10]!, members[11]!, members[12]!];
    const before = front.assumed.filter((call) => call.roleArn.includes(b)).length;
    const run = await eksguard(['scan', '--org', ...roleArgs, '--accounts', `${a},${b},${c}`, '--exclude-accounts', b, '--region', 'us-west-2', '--fail-on', 'none', '-f', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const expected = [a, c].flatMap((id) => ['ops', 'web'].map((cluster) => `aws:${id}:us-west-2:${cluster}`)).sort();
    expect(JSON.parse(run.stdout).fleet.targets).toEqual(expected);
    expect(front.assumed.filter((call) => call.roleArn.includes(b)).length).toBe(before);
  }, 120_000);

  it('keeps a region that refuses as a gap of that account and region, and rides out throttling in the others', async () => {
    const account = members[4]!;
    const run = await eksguard(['scan', '--org', ...roleArgs, '--accounts', account, '--region', 'us-east-1', '--region', 'ap-east-1', '--fail-on', 'none', '-f', 'json'], { AWS_ENDPOINT_URL_EKS: front.endpoint });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.fleet.targets).toEqual([`aws:${account}:us-east-1:ops`, `aws:${account}:us-east-1:web`]);
    // (moto lacks a few EKS list calls: those are gaps of the clusters in every moto run, so only the region's own gap is counted here)
    expect(report.gaps.filter((gap: any) => gap.reason.includes('ap-east-1')).map((gap: any) => [gap.source, gap.reason])).toEqual([
      ['aws eks:ListClusters', expect.stringMatching(new RegExp(`^account ${account} region ap-east-1: UnrecognizedClientException`))],
    ]);
    expect(report.gaps.filter((gap: any) => /throttl|rate exceeded/i.test(gap.reason))).toEqual([]);
    expect(report.findings.filter((f: any) => f.checkId === 'EKS-NET-001' && f.status === 'fail').map((f: any) => f.resource.arn)).toEqual([`arn:aws:eks:us-east-1:${account}:cluster/web`]);
    // the first EKS calls in us-east-1 were throttled; the SDK's retry absorbed them: no gap, no error
    expect(front.throttled()).toBe(4);
    expect(report.errors).toEqual([]);
  }, 120_000);

  it('keeps an account whose role cannot be assumed as a gap, not an abort', () => {
    const gaps = whole.gaps.filter((gap: any) => gap.source === 'aws sts:AssumeRole');
    expect(gaps).toHaveLength(1);
    expect(gaps[0].reason).toMatch(new RegExp(`^account ${denied}: cannot assume arn:aws:iam::${denied}:role/${READER_ROLE}: AccessDenied: `));
    expect(gaps[0].checks).toContain('EKS-NET-001');
  });

  it('reports an account-wide IAM role once per account, not once per cluster', () => {
    const irsa = whole.findings.filter((f: any) => f.checkId === 'EKS-IAM-006');
    const perAccount = new Map<string, number>();
    for (const finding of irsa) perAccount.set(finding.resource.arn, (perAccount.get(finding.resource.arn) ?? 0) + 1);
    expect(perAccount.size).toBe(19);
    // the check gives two verdicts for this trust policy (no :aud pin, any service account)
    expect([...new Set(perAccount.values())]).toEqual([2]);
  });

  it('gives the same report from 4 concurrent shards merged, one of them written to S3', async () => {
    const shards = await Promise.all(
      [0, 1, 2, 3].map((index) => eksguard([...fleetArgs, '--shard', `${index}/4`, '-f', 'json', '-o', index === 2 ? `s3://${BUCKET}/fleet/shard-2.json` : path.join(work, `shard-${index}.json`)])),
    );
    for (const shard of shards) expect(shard.code, shard.stderr).toBe(0);
    const inputs = [0, 1, 2, 3].map((index) => (index === 2 ? `s3://${BUCKET}/fleet/shard-2.json` : path.join(work, `shard-${index}.json`)));
    const merged = await eksguard(['merge', ...inputs.reverse(), '-o', path.join(work, 'merged.json')]);
    expect(merged.code, merged.stderr).toBe(0);
    const report = json('merged.json');
    expect(report.findings).toEqual(whole.findings);
    expect(report.summary).toEqual(whole.summary);
    expect(report.gaps).toEqual(whole.gaps);
    expect(report.fleet.targets).toEqual(whole.fleet.targets);
    // every shard did a share of the work
    for (const index of [0, 1, 3]) expect(json(`shard-${index}.json`).fleet.targets.length).toBeGreaterThan(5);
  }, 300_000);

  it('refuses to merge shards scanned with different settings', async () => {
    const other = await eksguard([...fleetArgs, '--shard', '0/4', '--pss-level', 'baseline', '-f', 'json', '-o', path.join(work, 'shard-0-baseline.json')]);
    expect(other.code, other.stderr).toBe(0);
    const merged = await eksguard(['merge', path.join(work, 'shard-0-baseline.json'), ...[1, 3].map((index) => path.join(work, `shard-${index}.json`))]);
    expect(merged.code).toBe(2);
    expect(merged.stderr).toMatch(/were scanned with different settings \(pssLevel\): merge shards of one scan/);
  }, 300_000);

  it('publishes every finding once, updates on a re-import, and archives what a rescan no longer finds', async () => {
    const asff = await eksguard([...fleetArgs, '-f', 'asff', '-o', path.join(work, 'fleet.asff.json')]);
    expect(asff.code, asff.stderr).toBe(0);
    const documents = json('fleet.asff.json').Findings as Record<string, any>[];
    expect(documents).toHaveLength(whole.findings.length);
    for (const finding of documents) expect(asffProblems(finding)).toEqual([]);

    const first = await eksguard(['publish', 'securityhub', path.join(work, 'whole.json'), ...roleArgs]);
    expect(first.code, first.stderr).toBe(0);
    const account = members[0]!;
    const before = await hubFindings(account, 'us-east-1');
    const expected = documents.filter((f) => f.AwsAccountId === account && f.Region === 'us-east-1');
    expect(before.map((f) => f.Id).sort()).toEqual(expected.map((f) => f.Id).sort());
    expect(new Set(before.map((f) => f.Id)).size).toBe(before.length);
    expect(before.every((f) => f.AwsAccountId === account && f.Region === 'us-east-1')).toBe(true);
    expect(await hubFindings(denied, 'us-east-1')).toEqual([]);
    // every finding of the report is in Security Hub exactly once, in its own account and region
    const everywhere = (await Promise.all([MANAGEMENT_ACCOUNT, ...members].flatMap((id) => FLEET_REGIONS.map((region) => hubFindings(id, region))))).flat();
    expect(everywhere.map((f) => f.Id).sort()).toEqual(documents.map((f) => f.Id).sort());
    expect(everywhere.every((f) => documents.some((d) => d.Id === f.Id && d.AwsAccountId === f.AwsAccountId && d.Region === f.Region))).toBe(true);

    const again = await eksguard(['publish', 'securityhub', path.join(work, 'whole.json'), ...roleArgs]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`${account} us-east-1: ${expected.length} imported (${expected.length} updated), 0 archived, 0 failed`);
    expect((await hubFindings(account, 'us-east-1')).length).toBe(before.length);

    // the fix: the role with the wide trust policy is gone; only this account is scanned again
    const iam = new IAMClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials: await memberCredentials(account) });
    await iam.send(new DeleteRoleCommand({ RoleName: 'payments-api' }));
    iam.destroy();
    const rescan = await eksguard([...fleetArgs, '--accounts', account, '-f', 'json', '-o', path.join(work, 'rescan.json')]);
    expect(rescan.code, rescan.stderr).toBe(0);
    const published = await eksguard(['publish', 'securityhub', path.join(work, 'rescan.json'), ...roleArgs]);
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout).toContain(`${account} us-east-1: ${expected.length - 2} imported (${expected.length - 2} updated), 2 archived, 0 failed`);
    const after = await hubFindings(account, 'us-east-1');
    expect(after.length).toBe(before.length);
    const archived = after.filter((f) => f.RecordState === 'ARCHIVED');
    expect(archived.map((f) => f.GeneratorId)).toEqual(['eksguard/EKS-IAM-006', 'eksguard/EKS-IAM-006']);
    // the other accounts were not scanned again: nothing of theirs is archived
    expect((await hubFindings(members[1]!, 'us-east-1')).every((f) => f.RecordState === 'ACTIVE')).toBe(true);

    const diff = await eksguard(['diff', path.join(work, 'whole.json'), path.join(work, 'rescan.json'), '--format', 'json', '--fail-on-new', 'low']);
    expect(diff.code, diff.stderr).toBe(0);
    const changes = JSON.parse(diff.stdout);
    expect(changes.summary.new).toBe(0);
    expect(changes.fixed.map((entry: any) => `${entry.checkId} ${entry.resource.arn}`)).toEqual([`EKS-IAM-006 arn:aws:iam::${account}:role/payments-api`, `EKS-IAM-006 arn:aws:iam::${account}:role/payments-api`]);
    expect(changes.summary.unchanged).toBe(whole.findings.filter((f: any) => f.target.includes(account)).length - 2);
    expect(changes.summary.notRescanned).toBe(whole.findings.length - changes.summary.unchanged - 2);
  }, 300_000);

  it('scans every region enabled in the account when no --region is given', async () => {
    const account = members[3]!;
    const run = await eksguard(['scan', '--org', ...roleArgs, '--accounts', account, '--fail-on', 'none', '-f', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.fleet.targets).toEqual(FLEET_REGIONS.flatMap((region) => ['ops', 'web'].map((cluster) => `aws:${account}:${region}:${cluster}`)));
    expect(report.fleet.settings.awsRegions).toBe('enabled');
    expect(report.gaps.filter((gap: any) => gap.source === 'aws eks:ListClusters' || gap.source === 'aws ec2:DescribeRegions')).toEqual([]);
  }, 120_000);

  it('fails the gate when no account of the fleet can be read', async () => {
    const run = await eksguard([...fleetArgs, '--accounts', denied, '-f', 'json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('eksguard: error: no cluster could be listed: 1 account or region of the fleet could not be read (see the gaps)');
    expect(JSON.parse(run.stdout).gaps.map((gap: any) => gap.source)).toEqual(['aws sts:AssumeRole']);
  }, 120_000);
});
