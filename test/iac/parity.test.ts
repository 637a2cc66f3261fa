/**
 * Parity of the four ways to describe the same EKS infrastructure: a moto world read by the live
 * AWS source, a Terraform plan, a CloudFormation template and an eksctl config. For each scenario
 * of ./parity/scenarios.ts, every EKS-* verdict that all four can judge (not skipped, the subject
 * present in each) must be identical in status and severity. See ./parity/README.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsChecks } from '../../src/checks/aws/index.js';
import { AWS_TYPES } from '../../src/aws/models.js';
import { runChecks } from '../../src/core/engine.js';
import type { Inventory } from '../../src/core/inventory.js';
import type { Finding } from '../../src/core/types.js';
import { collectAws } from '../../src/sources/aws/index.js';
import { normaliseCloudFormation } from '../../src/sources/iac/cloudformation/index.js';
import { normaliseEksctlConfig } from '../../src/sources/iac/eksctl/index.js';
import { inventoryFromInfrastructure } from '../../src/sources/iac/inventory.js';
import { normaliseTerraformPlan } from '../../src/sources/iac/terraform/index.js';
import { MotoServer } from '../aws/moto-env.js';
import type { SeededCluster } from '../aws/seed.js';
import { completeMoto } from '../aws/transport.js';
import { starvedChecks } from '../helpers/aws-example.js';
import { DEFAULT_SETTINGS, FIXED_NOW } from '../helpers/run-check.js';
import { cloudFormationTemplate } from './parity/cloudformation.js';
import { eksctlConfig } from './parity/eksctl.js';
import { seedScenario } from './parity/moto.js';
import { ACCOUNT, REGION, SCENARIOS, type Scenario } from './parity/scenarios.js';
import { terraformPlan } from './parity/terraform.js';

type Source = 'moto' | 'terraform' | 'cloudformation' | 'eksctl';
const SOURCES: readonly Source[] = ['moto', 'terraform', 'cloudformation', 'eksctl'];

/** check → subject → its verdicts (`status/severity`, sorted); a check skipped as a whole has no subjects. */
type Verdicts = Map<string, Map<string, string[]>>;

/** The subject of a finding by what it is, not by how a source names it (ARNs differ; names do not). */
function subjectKey(finding: Finding, inventory: Inventory): string | undefined {
  if (!('arn' in finding.resource)) return undefined;
  const record = inventory.aws.find((item) => item.ref.arn === (finding.resource as { arn: string }).arn && item.type === (finding.resource as { type: string }).type);
  const model = record?.model as Record<string, unknown> | undefined;
  if (!model) return undefined;
  switch (record!.type) {
    case AWS_TYPES.cluster:
      return `cluster ${String(model['name'])}`;
    case AWS_TYPES.nodegroup:
    case AWS_TYPES.addon:
    case AWS_TYPES.fargateProfile:
      return `${record!.type} ${String(model['clusterName'])}/${String(model['name'])}`;
    case AWS_TYPES.accessEntry:
      return `entry ${String(model['clusterName'])}/${String(model['principalArn'])}`;
    case AWS_TYPES.role:
      return `role ${String(model['name'])}`;
    default:
      return `${record!.type} ${String(model['name'] ?? model['id'])}`;
  }
}

function verdicts(inventory: Inventory, scenario: Scenario): Verdicts {
  const findings = runChecks({ checks: awsChecks, inventory, settings: DEFAULT_SETTINGS, now: FIXED_NOW });
  const out: Verdicts = new Map();
  for (const finding of findings) {
    const key = subjectKey(finding, inventory);
    if (!key || !key.includes(scenario.name)) continue;
    const bySubject = out.get(finding.checkId) ?? new Map<string, string[]>();
    out.set(finding.checkId, bySubject);
    bySubject.set(key, [...(bySubject.get(key) ?? []), `${finding.status}/${finding.status === 'fail' ? finding.severity : '-'}`].sort());
  }
  return out;
}

/** What all four judge: subjects every source has, with no skipped verdict in any. */
function comparable(all: Record<Source, Verdicts>): { check: string; subject: string; bySource: Record<Source, string[]> }[] {
  const out: { check: string; subject: string; bySource: Record<Source, string[]> }[] = [];
  for (const check of awsChecks.map((item) => item.id)) {
    for (const subject of all.moto.get(check)?.keys() ?? []) {
      const bySource = Object.fromEntries(SOURCES.map((source) => [source, all[source].get(check)?.get(subject)])) as Record<Source, string[] | undefined>;
      const judged = SOURCES.every((source) => bySource[source] && bySource[source]!.every((verdict) => !verdict.startsWith('skipped')));
      if (judged) out.push({ check, subject, bySource: bySource as Record<Source, string[]> });
    }
  }
  return out;
}

let moto: MotoServer;
const seeded: SeededCluster[] = [];
const recorded = new Map<string, Record<string, unknown>>();
let motoInventory: Inventory;

beforeAll(async () => {
  moto = MotoServer.start();
  for (const scenario of SCENARIOS) {
    const world = await seedScenario(moto.endpoint, scenario);
    seeded.push(world.cluster);
    recorded.set(`${scenario.name}.json`, world.recorded);
  }
  motoInventory = await collectAws({
    regions: [REGION],
    clientsFor: (region) => moto.clients(region, (eks) => completeMoto(eks, { region, clusters: seeded, recorded: (file) => recorded.get(file) as never })),
    iamClient: moto.iam(),
    starvedChecks,
    now: FIXED_NOW,
  });
}, 600_000);

afterAll(() => moto?.stop());

function iacInventory(source: Exclude<Source, 'moto'>, scenario: Scenario): Inventory {
  const parameters = new Map([['AWS::Region', REGION], ['AWS::AccountId', ACCOUNT]]);
  const input =
    source === 'terraform'
      ? normaliseTerraformPlan(JSON.parse(JSON.stringify(terraformPlan(scenario))), `${scenario.name}.tfplan.json`)
      : source === 'cloudformation'
        ? normaliseCloudFormation(cloudFormationTemplate(scenario), `${scenario.name}.cfn.yaml`, { parameters })
        : normaliseEksctlConfig(eksctlConfig(scenario), `${scenario.name}.eksctl.yaml`, { account: ACCOUNT });
  expect(input.errors, `${source} ${scenario.name}`).toEqual([]);
  return inventoryFromInfrastructure([input], { starvedChecks });
}

/** Verdicts each scenario must reach in all four (one entry per subject), so a scenario that judged nothing cannot pass. */
const EXPECTED: Record<string, Record<string, string>> = {
  'p1-public': { 'EKS-NET-001': 'fail/critical', 'EKS-NET-002': 'fail/medium', 'EKS-SG-002': 'fail/high,fail/high', 'EKS-NODE-003': 'fail/medium', 'EKS-NODE-001': 'fail/high', 'EKS-NODE-005': 'fail/high', 'EKS-IAM-001': 'fail/medium', 'EKS-NET-008': 'fail/medium', 'EKS-LOG-001': 'fail/high' },
  'p2-private': { 'EKS-NET-001': 'pass/-', 'EKS-NET-003': 'pass/-', 'EKS-NODE-001': 'pass/-', 'EKS-NODE-002': 'pass/-', 'EKS-DATA-001': 'pass/-', 'EKS-LOG-002': 'pass/-', 'EKS-NODE-005': 'pass/-', 'EKS-SG-003': 'pass/-', 'EKS-IAM-001': 'pass/-', 'EKS-NET-006': 'pass/-' },
  'p3-restricted': { 'EKS-NET-001': 'pass/-', 'EKS-NET-002': 'fail/low', 'EKS-SG-002': 'pass/-', 'EKS-NODE-003': 'fail/medium', 'EKS-IAM-001': 'fail/low' },
  'p4-imdsv1': { 'EKS-NODE-001': 'fail/high', 'EKS-NODE-002': 'fail/medium', 'EKS-NODE-003': 'pass/-' },
  'p5-logging': { 'EKS-DATA-001': 'fail/medium', 'EKS-LOG-001': 'pass/-', 'EKS-LOG-002': 'fail/medium', 'EKS-LOG-003': 'fail/low' },
  'p6-access': { 'EKS-IAM-002': 'fail/medium', 'EKS-IAM-003': 'fail/high | fail/medium | pass/-' },
  'p7-irsa': { 'EKS-IAM-005': 'pass/-', 'EKS-IAM-006': 'pass/- | pass/-', 'EKS-IAM-008': 'pass/-' },
  'p8-pod-identity': { 'EKS-IAM-007': 'pass/-', 'EKS-IAM-008': 'pass/-' },
};

describe.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('parity of scenario %s', (name, scenario) => {
  let compared: ReturnType<typeof comparable>;

  beforeAll(() => {
    const all = {
      moto: verdicts(motoInventory, scenario),
      terraform: verdicts(iacInventory('terraform', scenario), scenario),
      cloudformation: verdicts(iacInventory('cloudformation', scenario), scenario),
      eksctl: verdicts(iacInventory('eksctl', scenario), scenario),
    };
    compared = comparable(all);
  });

  it('gives identical verdicts from moto, the Terraform plan, the CloudFormation template and the eksctl config', () => {
    const differences = compared.filter((item) => SOURCES.some((source) => JSON.stringify(item.bySource[source]) !== JSON.stringify(item.bySource.moto)));
    expect(differences.map((item) => `${item.check} ${item.subject}: ${SOURCES.map((source) => `${source}=${item.bySource[source].join(',')}`).join(' ')}`)).toEqual([]);
    if (process.env["PARITY_COUNTS"]) console.log(`${name}: ${compared.length} subjects judged by all four, ${new Set(compared.map((item) => item.check)).size} checks`);
    expect(compared.length, `${name}: verdicts all four judge`).toBeGreaterThanOrEqual(24);
  });

  it('judges the checks the scenario is about', () => {
    const reached = Object.fromEntries(
      Object.keys(EXPECTED[name]!).map((check) => {
        const found = compared.filter((item) => item.check === check);
        return [check, found.length === 0 ? 'not compared' : found.map((item) => item.bySource.moto.join(',')).sort().join(' | ')];
      }),
    );
    expect(reached).toEqual(EXPECTED[name]);
  });
});
