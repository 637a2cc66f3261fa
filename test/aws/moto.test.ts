/**
 * The AWS source end to end against moto's AWS emulator: seeded clusters, the real
 * SDK collector, the snapshot parser and every EKS-* check.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsChecks } from '../../src/checks/aws/index.js';
import { runChecks } from '../../src/core/engine.js';
import { mergeInventories } from '../../src/core/inventory.js';
import { vulnerableImagesInUse } from '../../src/checks/aws/eks-mon-005-vulnerable-images.js';
import { inventoryFromYaml } from '../helpers/run-check.js';
import type { Inventory } from '../../src/core/inventory.js';
import type { Finding } from '../../src/core/types.js';
import { collectAws, type AwsInventory, type AwsProgress, type RegionClients } from '../../src/sources/aws/index.js';
import { PATTERNS } from '../../src/checks/aws/alarm-fixtures.js';
import type { MetricFilterModel } from '../../src/aws/audit-alarms.js';
import { starvedChecks } from '../helpers/aws-example.js';
import { DEFAULT_SETTINGS, FIXED_NOW } from '../helpers/run-check.js';
import { cliPath, runCli, runCliJson } from '../e2e/run-cli.js';
import { spawnSync } from 'node:child_process';
import { MotoServer } from './moto-env.js';
import { FOREIGN_ACCOUNT, GOOD_REGION, SSM_PREFIX, USERDATA, USERDATA_SECRET, WEAK_REGION, seedAccount, type SeededCluster } from './seed.js';
import { completeMoto } from './transport.js';

let moto: MotoServer;
let seeded: { hardened: SeededCluster; weak: SeededCluster };

beforeAll(async () => {
  moto = MotoServer.start();
  seeded = await seedAccount(moto.endpoint);
}, 600_000);

afterAll(() => moto?.stop());

async function collect(deny: string[] = [], names: string[] = [], progress?: AwsProgress, customise: (clients: RegionClients) => void = () => {}): Promise<AwsInventory> {
  const clusters = [seeded.hardened, seeded.weak];
  return collectAws({
    regions: [GOOD_REGION, WEAK_REGION],
    clusters: names,
    clientsFor: (region) => {
      const clients = moto.clients(region, (eks) => completeMoto(eks, { region, clusters, deny }));
      customise(clients);
      return clients;
    },
    iamClient: moto.iam(),
    ssmParameterPrefix: SSM_PREFIX,
    starvedChecks,
    now: FIXED_NOW,
    ...(progress ? { progress } : {}),
  });
}

function evaluate(inventory: Inventory): Finding[] {
  return runChecks({ checks: awsChecks, inventory, settings: DEFAULT_SETTINGS, now: FIXED_NOW });
}

const failing = (findings: readonly Finding[], region: string) =>
  [...new Set(findings.filter((f) => f.status === 'fail' && 'region' in f.resource && f.resource.region === region).map((f) => f.checkId))].sort();

const WEAK_FAILURES = [
  'EKS-DATA-001', 'EKS-DATA-003', 'EKS-DATA-004', 'EKS-ECR-001', 'EKS-ECR-002', 'EKS-IAM-001', 'EKS-IAM-002', 'EKS-IAM-003', 'EKS-IAM-008', 'EKS-LOG-001', 'EKS-LOG-002', 'EKS-LOG-004',
  'EKS-MON-001', 'EKS-MON-002', 'EKS-NET-001', 'EKS-NET-002', 'EKS-NET-003', 'EKS-NET-005', 'EKS-NET-007', 'EKS-NET-008',
  'EKS-NODE-001', 'EKS-NODE-002', 'EKS-NODE-003', 'EKS-NODE-004', 'EKS-NODE-005', 'EKS-NODE-006',
  'EKS-SG-001', 'EKS-SG-002', 'EKS-VER-001', 'EKS-VER-002', 'EKS-VER-004', 'EKS-VER-005', 'EKS-VER-006',
];

describe('AWS source against moto (missing calls answered from test/aws/recorded)', () => {
  let inventory: Inventory;
  let findings: Finding[];

  beforeAll(async () => {
    inventory = await collect();
    findings = evaluate(inventory);
  }, 120_000);

  it('collects both regions without gaps', () => {
    expect(inventory.gaps).toEqual([]);
    expect(inventory.errors).toEqual([]);
    expect(inventory.aws.filter((record) => record.type === 'AWS::EKS::Cluster').map((record) => record.ref.region).sort()).toEqual([GOOD_REGION, WEAK_REGION]);
  });

  it('finds nothing wrong with the hardened cluster, and every check ran', () => {
    const hardened = findings.filter((f) => 'region' in f.resource && f.resource.region === GOOD_REGION);
    expect(hardened.filter((f) => f.status === 'fail' || f.status === 'error').map((f) => `${f.checkId}: ${f.message}`)).toEqual([]);
    expect(hardened.filter((f) => f.status === 'skipped').map((f) => `${f.checkId}: ${f.message}`)).toEqual([]);
    const passed = new Set(hardened.filter((f) => f.status === 'pass').map((f) => f.checkId));
    // every cluster, node group and add-on check passed on real data (MON-003/004 need workloads, IAM-006/009/010 IRSA roles:
    // test/aws/paths-moto.test.ts seeds those, NODE-007 Fargate)
    const needWorkloads = ['EKS-MON-003', 'EKS-MON-004', 'EKS-MON-005', 'EKS-IAM-006', 'EKS-IAM-009', 'EKS-IAM-010', 'EKS-NODE-007', 'EKS-IAM-004', 'EKS-LOG-003'];
    const applicable = awsChecks.map((check) => check.id).filter((id) => !needWorkloads.includes(id));
    expect(applicable.filter((id) => !passed.has(id))).toEqual([]);
    expect(passed.has('EKS-LOG-003')).toBe(true);
  });

  it('finds the expected weaknesses of the weak cluster', () => {
    expect(failing(findings, WEAK_REGION)).toEqual(WEAK_FAILURES);
    const severity = (id: string) => findings.find((f) => f.checkId === id && f.status === 'fail' && 'region' in f.resource && f.resource.region === WEAK_REGION)?.severity;
    expect(severity('EKS-NET-001')).toBe('critical');
    expect(severity('EKS-NET-005')).toBe('critical');
    expect(severity('EKS-SG-001')).toBe('critical');
    expect(severity('EKS-VER-001')).toBe('high');
    expect(severity('EKS-ECR-001')).toBe('high');
    expect(severity('EKS-ECR-002')).toBe('high');
  });

  it('reads repository and registry policies, and records a repository without one as an answer (EKS-ECR-001, EKS-ECR-002)', () => {
    const verdicts = findings.filter((f) => f.checkId.startsWith('EKS-ECR-')).map((f) => `${f.checkId} ${f.status} ${'arn' in f.resource ? f.resource.arn : ''}`).sort();
    expect(verdicts).toEqual([
      'EKS-ECR-001 fail arn:aws:ecr:us-west-2:123456789012:repository/weak/api',
      'EKS-ECR-001 pass arn:aws:ecr:us-east-1:123456789012:repository/hardened/api',
      'EKS-ECR-001 pass arn:aws:ecr:us-east-1:123456789012:repository/hardened/no-policy',
      'EKS-ECR-002 fail arn:aws:ecr:us-west-2:123456789012:registry',
      'EKS-ECR-002 pass arn:aws:ecr:us-east-1:123456789012:registry',
    ]);
    const weakRegistry = findings.find((f) => f.checkId === 'EKS-ECR-002' && f.status === 'fail');
    expect(weakRegistry?.message).toContain(`account ${FOREIGN_ACCOUNT}, which is not in trustedAccounts write (ecr:ReplicateImage, ecr:CreateRepository)`);
  });

  it('scans launch-template user data in memory and keeps only what it found (EKS-DATA-003)', () => {
    const userData = findings.filter((f) => f.checkId === 'EKS-DATA-003' && f.status === 'fail');
    expect(userData.map((f) => [f.path, f.message])).toEqual([['LaunchTemplateData.UserData', 'user data, line 2: a literal value under a secret-like name given to "JOIN_TOKEN"']]);
    expect(JSON.stringify(inventory.aws)).not.toContain(USERDATA_SECRET);
    expect(JSON.stringify(inventory.aws)).not.toContain(USERDATA);
  });

  it('joins the images a workload runs with their scan findings (EKS-MON-005)', () => {
    const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api, namespace: weak }\nspec:\n  template:\n    spec:\n      containers: [{ name: api, image: "123456789012.dkr.ecr.${WEAK_REGION}.amazonaws.com/weak/api:1.0" }, { name: other, image: "123456789012.dkr.ecr.${GOOD_REGION}.amazonaws.com/hardened/api:9.9" }]\n`;
    const merged = mergeInventories([inventoryFromYaml(deployment), inventory]);
    const result = runChecks({ checks: [vulnerableImagesInUse], inventory: merged, settings: DEFAULT_SETTINGS, now: FIXED_NOW });
    expect(result.map((f) => `${f.status}:${f.severity}`)).toEqual(['fail:high']);
    expect(result[0]?.message).toMatch(/^weak\/api@sha256:[0-9a-f]{12}… \(1\.0\), run by Deployment\/weak\/api, has 1 high ECR scan findings \(CVE-9999-9999\)$/);
    // the never-scanned image of the other region is listed, and its findings call found no scan: no gap
    expect(inventory.aws.filter((record) => record.type === 'AWS::ECR::Image').map((record) => record.ref.region).sort()).toEqual([GOOD_REGION, WEAK_REGION]);
  });

  it('reads the metric filters of the audit log group and only the alarms on their metrics (EKS-LOG-005)', () => {
    const models = (type: string) => inventory.aws.filter((record) => record.type === type).map((record) => record.model);
    expect(models('AWS::CloudWatch::Alarm').map((alarm) => (alarm as { name: string }).name).sort()).toEqual(Object.keys(PATTERNS).map((name) => `eks-${name}`).sort());
    expect([...new Set(models('AWS::Logs::MetricFilter').map((filter) => (filter as MetricFilterModel).logGroupName))]).toEqual(['/aws/eks/hardened/cluster']);
    const verdict = (region: string) => findings.filter((f) => f.checkId === 'EKS-LOG-005' && 'region' in f.resource && f.resource.region === region).map((f) => f.status);
    expect(verdict(GOOD_REGION)).toEqual(['pass']);
    // the weak cluster writes no audit log: nothing to alarm on (EKS-LOG-001 fails it)
    expect(verdict(WEAK_REGION)).toEqual(['not-applicable']);
  });

  it('retries a throttled DescribeAlarms like every call, and turns a denied one into a gap that skips EKS-LOG-005', async () => {
    let throttled = 0;
    const throttleOnce = (clients: RegionClients) =>
      clients.cloudwatch.middlewareStack.add(
        (next) => async (args) => {
          if (throttled++ === 0) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
          return next(args);
        },
        { step: 'deserialize', name: 'throttleOnce' },
      );
    const retried = await collect([], ['hardened'], undefined, throttleOnce);
    expect(throttled).toBeGreaterThan(1);
    expect(retried.gaps).toEqual([]);
    expect(evaluate(retried).find((f) => f.checkId === 'EKS-LOG-005')?.status).toBe('pass');
    const deny = (clients: RegionClients) =>
      clients.cloudwatch.middlewareStack.add(
        () => async () => {
          throw Object.assign(new Error('User: arn:aws:sts::123456789012:assumed-role/auditor/x is not authorized to perform: cloudwatch:DescribeAlarms'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
        },
        { step: 'initialize', name: 'deny' },
      );
    const denied = await collect([], ['hardened'], undefined, deny);
    const gap = denied.gaps.find((g) => g.source === 'aws cloudwatch:DescribeAlarms');
    expect(gap?.checks).toEqual(['EKS-LOG-005']);
    const verdict = evaluate(denied).find((f) => f.checkId === 'EKS-LOG-005');
    expect(verdict?.status).toBe('skipped');
  });

  it('keeps an AccessDenied as a gap that names the call and skips the checks it starves', async () => {
    const denied = await collect(['ListAccessEntriesCommand']);
    const gap = denied.gaps.find((g) => g.source === 'aws eks:ListAccessEntries');
    expect(gap?.reason).toMatch(/^AccessDeniedException: .*not authorized.*\(us-east-1\/hardened, us-west-2\/weak\)$/);
    expect(gap?.checks).toEqual(expect.arrayContaining(['EKS-IAM-002', 'EKS-IAM-003']));
    const result = evaluate(denied).filter((f) => f.checkId === 'EKS-IAM-003');
    expect(result.map((f) => f.status)).toEqual(['skipped']);
    expect(evaluate(denied).filter((f) => f.checkId === 'EKS-NET-001' && f.status === 'fail')).toHaveLength(1);
  });
});

describe('an AWS source that yields nothing', () => {
  it('is "no reachable account" when every call is denied, and never allowable', async () => {
    const inventory = await collect(['ListClustersCommand']);
    expect(inventory.aws).toEqual([]);
    expect(inventory.nothing).toEqual({ reason: expect.stringMatching(/^no reachable AWS account: every call was denied \(AccessDeniedException: .*not authorized/), allowable: false });
  });

  it('is allowable for regions that answer without clusters', async () => {
    const inventory = await collectAws({ regions: ['eu-central-1'], clientsFor: (region) => moto.clients(region), iamClient: moto.iam(), starvedChecks, now: FIXED_NOW });
    expect(inventory.nothing).toEqual({ reason: 'no EKS cluster in eu-central-1: there is nothing to audit', allowable: true });
  });
});

describe('progress of a live AWS collection', () => {
  it('tells each region, the clusters described of each, then IAM, and ends once', async () => {
    const lines: string[] = [];
    let done = 0;
    await collect([], [], { update: (line) => lines.push(line), done: () => (done += 1) });
    expect(lines[0]).toBe(`AWS region 1/2 ${GOOD_REGION}: listing clusters`);
    expect(lines).toContain(`AWS region 1/2 ${GOOD_REGION}: 1/1 clusters described`);
    expect(lines).toContain(`AWS region 2/2 ${WEAK_REGION}: 1/1 clusters described`);
    expect(lines.at(-1)).toBe('AWS 2/2 regions done; reading IAM roles and policies');
    expect(done).toBe(1);
  }, 120_000);
});

describe('named clusters (--cluster) across regions', () => {
  it('looks for each in every region, and reports a name found nowhere without starving the others', async () => {
    const inventory = await collect([], ['weak', 'ghost']);
    expect(inventory.aws.filter((record) => record.type === 'AWS::EKS::Cluster').map((record) => record.ref.arn)).toEqual(['arn:aws:eks:us-west-2:123456789012:cluster/weak']);
    expect(inventory.gaps).toEqual([{ source: 'aws eks:DescribeCluster', reason: 'ResourceNotFoundException: no cluster named ghost in us-east-1, us-west-2 (ghost)', checks: [] }]);
    expect(inventory.missing.size).toBe(0);
    expect(failing(evaluate(inventory), WEAK_REGION)).toEqual(WEAK_FAILURES);
  }, 120_000);
});

describe('eksguard CLI against plain moto', () => {
  const secret = 'eksguardFAKEsecretKEY0000000000000000000';
  const env = () => ({ AWS_ENDPOINT_URL: moto.endpoint, AWS_ACCESS_KEY_ID: 'AKIAEKSGUARDTEST0000', AWS_SECRET_ACCESS_KEY: secret, AWS_REGION: GOOD_REGION, AWS_EC2_METADATA_DISABLED: 'true' });
  const args = ['--region', GOOD_REGION, '--region', WEAK_REGION, '--ami-parameter-prefix', SSM_PREFIX];
  const key = (f: any) => `${f.checkId} ${f.status} ${f.resource.arn ?? f.resource.name}`;

  it('scan --aws finds the weaknesses, reports the calls moto lacks as gaps, and never prints credentials', () => {
    const { json, result } = runCliJson(['scan', '--aws', ...args, '--fail-on', 'none', '--include-passed'], { env: env() });
    expect(result.code).toBe(0);
    const fails = new Set(json.findings.filter((f: any) => f.status === 'fail' && f.resource.region === WEAK_REGION).map((f: any) => f.checkId));
    for (const id of ['EKS-NET-001', 'EKS-NET-007', 'EKS-SG-001', 'EKS-SG-002', 'EKS-NODE-001', 'EKS-NODE-006', 'EKS-LOG-001', 'EKS-DATA-001']) expect(fails, id).toContain(id);
    const gap = json.gaps.find((g: any) => g.source === 'aws eks:ListAccessEntries');
    expect(gap.reason).toContain('HTTP 404');
    expect(gap.checks).toContain('EKS-IAM-003');
    expect(json.findings.find((f: any) => f.checkId === 'EKS-IAM-003').status).toBe('skipped');
    expect(result.stdout + result.stderr).not.toContain(secret);
    expect(result.stdout + result.stderr).not.toContain('AKIAEKSGUARDTEST0000');
    // stderr is not a terminal here: no progress line
    expect(result.stderr).not.toContain('AWS region');
  }, 180_000);

  it('shows a progress line on a terminal, and none with -q', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-tty-'));
    try {
      // script(1) gives the CLI a terminal for its output, as a user's shell would
      const inTerminal = (extra: string[]) => {
        const command = [process.execPath, cliPath, 'scan', '--aws', ...args, '--fail-on', 'none', '-o', path.join(dir, 'r.json'), ...extra].map((word) => `'${word}'`).join(' ');
        const result = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, ...env() }, timeout: 180_000 });
        expect(result.status, result.stderr).toBe(0);
        return result.stdout;
      };
      const shown = inTerminal([]);
      expect(shown).toContain(`\r\u001b[KAWS region 1/2 ${GOOD_REGION}`);
      expect(shown).toMatch(/\d+ failed/);
      expect(inTerminal(['-q'])).not.toContain('AWS region');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('collect aws writes a snapshot that scans to the same findings offline', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'eksguard-snapshot-'));
    try {
      const collected = runCli(['collect', 'aws', '--out', out, ...args], { env: env() });
      expect(collected.code, collected.stderr).toBe(0);
      expect(readdirSync(out).sort()).toEqual(['iam', 'snapshot.json', GOOD_REGION, WEAK_REGION].sort());
      const written = (readdirSync(out, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
        .filter((entry) => entry.isFile())
        .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
        .join('\n');
      expect(written).toContain('weak-nodes');
      expect(written).not.toContain(USERDATA);
      expect(written).not.toContain(USERDATA_SECRET);
      const offline = runCliJson(['scan', '--aws-snapshot', out, '--fail-on', 'none', '--include-passed'], { env: { AWS_EC2_METADATA_DISABLED: 'true' } });
      const live = runCliJson(['scan', '--aws', ...args, '--fail-on', 'none', '--include-passed'], { env: env() });
      expect(offline.json.findings.map(key).sort()).toEqual(live.json.findings.map(key).sort());
      expect(offline.json.gaps.map((g: any) => g.source).sort()).toEqual(live.json.gaps.map((g: any) => g.source).sort());
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);

  it('exits 2 for a region without clusters or a cluster that does not exist, and 0 for the first with --allow-empty', () => {
    const empty = runCliJson(['scan', '--aws', '--region', 'eu-central-1'], { env: env() });
    expect(empty.result.code).toBe(2);
    expect(empty.json.errors).toEqual([{ source: 'aws', message: 'no EKS cluster in eu-central-1: there is nothing to audit' }]);
    expect(empty.result.stderr).toContain('eksguard: error: no EKS cluster in eu-central-1');
    expect(runCli(['scan', '--aws', '--region', 'eu-central-1', '--allow-empty'], { env: env() }).code).toBe(0);
    const ghost = runCliJson(['scan', '--aws', '--region', GOOD_REGION, '--cluster', 'ghost', '--allow-empty'], { env: env() });
    expect(ghost.result.code).toBe(2);
    expect(ghost.json.errors).toEqual([{ source: 'aws', message: `no EKS cluster named ghost in ${GOOD_REGION}` }]);
  }, 120_000);

  it('refuses AWS-only flags without --aws', () => {
    const result = runCli(['scan', '--region', GOOD_REGION]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('need --aws');
  });
});
