import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsChecks } from '../../src/checks/aws/index.js';
import { runChecks } from '../../src/core/engine.js';
import type { Finding } from '../../src/core/types.js';
import { inventoryFromInfrastructure } from '../../src/sources/iac/inventory.js';
import { normaliseTerraformPlan } from '../../src/sources/iac/terraform/index.js';
import { starvedChecks } from '../helpers/aws-example.js';
import { DEFAULT_SETTINGS, FIXED_NOW } from '../helpers/run-check.js';
import { buildPlan, knownRef, ref } from './parity/plan-builder.js';

const FIXTURE = path.join(import.meta.dirname, 'fixtures/terraform-module/plan.json');
const realPlan = () => JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, any>;

function judge(plan: unknown, file = 'plan.json'): { findings: Finding[]; input: ReturnType<typeof normaliseTerraformPlan> } {
  const input = normaliseTerraformPlan(plan, file);
  const findings = runChecks({ checks: awsChecks, inventory: inventoryFromInfrastructure([input], { starvedChecks }), settings: DEFAULT_SETTINGS, now: FIXED_NOW });
  return { findings, input };
}

const verdict = (findings: Finding[], id: string) =>
  findings
    .filter((finding) => finding.checkId === id)
    .map((finding) => `${finding.status}${finding.status === 'fail' ? `/${finding.severity}` : ''}`)
    .join(',');

describe('a real plan (Terraform 1.11.4, AWS provider 5.100.0, a module with count and for_each)', () => {
  const { findings, input } = judge(realPlan());

  it('reads the module resources by their addresses, with every reference resolved to a resource of the plan', () => {
    expect(input.errors).toEqual([]);
    expect(input.records.map((record) => `${record.type} ${record.id}`)).toEqual(
      expect.arrayContaining([
        'AWS::EKS::Cluster module.eks.aws_eks_cluster.this[0]',
        'AWS::EKS::Nodegroup module.eks.aws_eks_node_group.this',
        'AWS::EC2::LaunchTemplateVersion module.eks.aws_launch_template.node',
        'AWS::EC2::SecurityGroup module.eks.aws_security_group.node',
        'AWS::EC2::SecurityGroup module.eks.aws_eks_cluster.this[0].vpc_config.cluster_security_group_id',
        'AWS::IAM::Role module.eks.aws_iam_role.node',
        'AWS::KMS::Key module.eks.aws_kms_key.secrets',
        'AWS::EKS::AccessEntry module.eks.aws_eks_access_entry.admin',
      ]),
    );
    // the node group's launch template, node role, and the template's groups are all found through the configuration's references
    const nodegroup = input.records.find((record) => record.type === 'AWS::EKS::Nodegroup')!.model as any;
    expect(nodegroup.launchTemplate).toEqual({ id: 'module.eks.aws_launch_template.node', version: '1' });
    expect(nodegroup.nodeRole).toBe('arn:aws:iam:::role/real-plan-node');
    expect(nodegroup.subnets).toEqual(['aws_subnet.private[0]', 'aws_subnet.private[1]']);
  });

  it('judges the cluster, its nodes and its access as the live account would', () => {
    const judged = Object.fromEntries(
      ['EKS-NET-001', 'EKS-NET-003', 'EKS-NET-006', 'EKS-SG-001', 'EKS-SG-002', 'EKS-SG-003', 'EKS-NODE-001', 'EKS-NODE-002', 'EKS-NODE-006', 'EKS-IAM-001', 'EKS-IAM-003', 'EKS-IAM-005', 'EKS-DATA-001', 'EKS-DATA-002', 'EKS-LOG-003', 'EKS-NET-008'].map((id) => [id, verdict(findings, id)]),
    );
    expect(judged).toEqual({
      'EKS-NET-001': 'fail/critical',
      'EKS-NET-003': 'fail/medium',
      'EKS-NET-006': 'pass',
      'EKS-SG-001': 'pass',
      'EKS-SG-002': 'fail/high',
      'EKS-SG-003': 'pass',
      'EKS-NODE-001': 'fail/high',
      'EKS-NODE-002': 'fail/medium',
      'EKS-NODE-006': 'fail/medium',
      'EKS-IAM-001': 'pass',
      'EKS-IAM-003': 'fail/high',
      'EKS-IAM-005': 'pass',
      'EKS-DATA-001': 'pass',
      'EKS-DATA-002': 'pass',
      'EKS-LOG-003': 'fail/low',
      'EKS-NET-008': 'pass',
    });
  });

  it('skips what only a live account knows, saying so, and never passes it', () => {
    for (const id of ['EKS-VER-003', 'EKS-VER-005', 'EKS-MON-001', 'EKS-MON-002', 'EKS-NODE-004']) {
      const found = findings.filter((finding) => finding.checkId === id);
      expect(found.map((finding) => finding.status), id).toEqual(['skipped']);
      expect(found[0]!.message, id).toMatch(/only (to )?a live account|known only to a live account/);
    }
  });

  it('points every finding at the plan file and names the resource by its address', () => {
    const failed = findings.filter((finding) => finding.status === 'fail');
    expect(failed.length).toBeGreaterThan(5);
    for (const finding of failed) {
      expect(finding.location).toEqual({ file: 'plan.json' });
      expect((finding.resource as { arn: string }).arn).toMatch(/^module\.eks\.aws_[a-z_]+\.[a-z_]+(\[0\])?$/);
    }
  });
});

describe('values known only after apply', () => {
  it('skip exactly the checks that read them, with the attribute in the reason', () => {
    const plan = realPlan();
    const cluster = plan['configuration'].root_module.module_calls.eks.module.resources.find((resource: any) => resource.address === 'aws_eks_cluster.this');
    // public_access_cidrs = local.office_cidrs: a local value is not in the plan's configuration
    cluster.expressions.vpc_config[0].public_access_cidrs = { references: ['local.office_cidrs'] };
    const { findings, input } = judge(plan);
    const net001 = findings.filter((finding) => finding.checkId === 'EKS-NET-001');
    expect(net001.map((finding) => finding.status)).toEqual(['skipped']);
    expect(net001[0]!.message).toBe('module.eks.aws_eks_cluster.this[0]: vpc_config[0].public_access_cidrs is known only after apply (it depends on local.office_cidrs)');
    // the other endpoint checks do not read the CIDRs and still judge
    expect(verdict(findings, 'EKS-NET-003')).toBe('fail/medium');
    expect(input.gaps.map((gap) => gap.reason)).toContain('module.eks.aws_eks_cluster.this[0]: vpc_config[0].public_access_cidrs is known only after apply (it depends on local.office_cidrs)');
  });

  it('skip every check whose subjects depend on them (an IRSA trust policy built from the new cluster)', () => {
    const plan = realPlan();
    const role = plan['resource_changes'].find((change: any) => change.address === 'module.eks.aws_iam_role.node');
    delete role.change.after.assume_role_policy;
    role.change.after_unknown.assume_role_policy = true;
    const { findings } = judge(plan);
    const irsa = findings.filter((finding) => finding.checkId === 'EKS-IAM-006');
    expect(irsa.map((finding) => [finding.status, finding.message])).toEqual([['skipped', 'skipped: module.eks.aws_iam_role.node: assume_role_policy is known only after apply']]);
    expect(findings.filter((finding) => finding.checkId === 'EKS-IAM-005').map((finding) => finding.status)).toEqual(['skipped']);
  });

  it('without a configuration section, an unknown value is unknown (no default is assumed)', () => {
    const plan = realPlan();
    delete plan['configuration'];
    const { findings } = judge(plan);
    expect(findings.filter((finding) => finding.checkId === 'EKS-NET-001').map((finding) => finding.status)).toEqual(['skipped']);
  });
});

describe('plans eksguard does not read', () => {
  it('refuses another major format version with an error naming the file, and reads nothing from it', () => {
    const { input } = judge({ ...realPlan(), format_version: '2.0' }, 'future.json');
    expect(input.records).toEqual([]);
    expect(input.errors).toEqual([{ source: 'terraform', message: 'unsupported plan format_version 2.0: eksguard reads format 1.x', location: { file: 'future.json' } }]);
  });

  it('refuses a document that is not a plan', () => {
    expect(judge({ resources: [] }, 'state.json').input.errors[0]!.message).toMatch(/^not a Terraform JSON plan/);
  });

  it('leaves out resources the plan deletes', () => {
    const plan = realPlan();
    const change = plan['resource_changes'].find((item: any) => item.address === 'module.eks.aws_eks_access_entry.admin');
    change.change.actions = ['delete'];
    expect(judge(plan).input.records.some((record) => record.id === 'module.eks.aws_eks_access_entry.admin')).toBe(false);
  });
});

describe('account-wide settings the plan manages', () => {
  const cluster = {
    address: 'aws_eks_cluster.this',
    values: { name: 'gd', version: '1.34', enabled_cluster_log_types: ['audit'], vpc_config: [{ subnet_ids: ['subnet-1'], endpoint_public_access: false, endpoint_private_access: true }], encryption_config: [], access_config: [{ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false }] },
    computed: ['arn', 'id', 'identity'],
  };
  const detector = { address: 'aws_guardduty_detector.this', values: { enable: true }, computed: ['id', 'arn'] };
  const feature = (name: string, extra: unknown[] = []) => ({ address: `aws_guardduty_detector_feature.${name.toLowerCase()}`, values: { detector_id: ref('aws_guardduty_detector.this', 'id'), name, status: 'ENABLED', additional_configuration: extra }, computed: ['id'] });

  it('judges GuardDuty from the detector and its features instead of skipping it', () => {
    const plan = buildPlan({ region: 'eu-west-1', account: '111122223333', resources: [cluster, detector, feature('EKS_AUDIT_LOGS'), feature('RUNTIME_MONITORING', [{ name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }])] });
    const { findings } = judge(plan);
    expect([verdict(findings, 'EKS-MON-001'), verdict(findings, 'EKS-MON-002')]).toEqual(['pass', 'pass']);
    const without = judge(buildPlan({ region: 'eu-west-1', account: '111122223333', resources: [cluster, detector] })).findings;
    expect([verdict(without, 'EKS-MON-001'), verdict(without, 'EKS-MON-002')]).toEqual(['fail/medium', 'fail/low']);
  });

  it('judges EBS encryption by default when the plan sets it', () => {
    const nodegroup = { address: 'aws_eks_node_group.this', values: { cluster_name: knownRef('aws_eks_cluster.this', 'name', 'gd'), node_group_name: 'ng', node_role_arn: 'arn:aws:iam::111122223333:role/nodes', subnet_ids: ['subnet-1'], ami_type: 'AL2023_x86_64_STANDARD' }, computed: ['arn', 'id'] };
    const on = judge(buildPlan({ region: 'eu-west-1', account: '111122223333', resources: [cluster, nodegroup, { address: 'aws_ebs_encryption_by_default.this', values: { enabled: true }, computed: ['id'] }] })).findings;
    expect(verdict(on, 'EKS-NODE-004')).toBe('pass');
    const unmanaged = judge(buildPlan({ region: 'eu-west-1', account: '111122223333', resources: [cluster, nodegroup] })).findings;
    expect(unmanaged.filter((finding) => finding.checkId === 'EKS-NODE-004').map((finding) => finding.status)).toEqual(['skipped']);
  });
});

describe('a broken plan file', () => {
  it('is an error naming the file, line, column and kind of problem, never its text', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { readInfrastructureFile } = await import('../../src/sources/iac/index.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-plan-'));
    try {
      const file = path.join(dir, 'plan.json');
      writeFileSync(file, '{\n  "format_version": "1.2",\n  "variables": {"db_password": {"value": "hunter2-s3cret"}} oops\n}');
      const input = await readInfrastructureFile({ path: file, display: 'plan.json', kind: 'terraform', explicit: true });
      expect(input.errors).toHaveLength(1);
      expect(input.errors[0]!.location).toEqual({ file: 'plan.json', line: 3 });
      expect(input.errors[0]!.message).toMatch(/^not valid JSON: .+ \(column \d+\)$/);
      expect(JSON.stringify(input)).not.toContain('hunter2');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
