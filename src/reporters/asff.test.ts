import { describe, expect, it } from 'vitest';
import { buildReport } from '../core/report.js';
import type { Finding } from '../core/types.js';
import { HOSTILE_TEXT } from '../../test/helpers/report-fixtures.js';
import { awsFinding, kubeFinding } from '../../test/helpers/fleet-reports.js';
import { asffProblems } from './asff-rules.js';
import { AsffContextError, toAsffFindings } from './asff.js';

const report = (findings: Finding[]) => buildReport({ version: '1.2.3', findings, errors: [], gaps: [], includePassed: true });
const defaults = { accountId: '999988887777', region: 'eu-central-1' };

describe('ASFF reporter', () => {
  it('writes findings that pass every ASFF field rule, in the account and region of their cluster', () => {
    const findings = toAsffFindings(
      report([
        awsFinding({ arn: 'arn:aws:eks:us-west-2:111122223333:cluster/web' }),
        awsFinding({ arn: 'arn:aws:eks:us-west-2:111122223333:nodegroup/web/general/abc', type: 'AWS::EKS::Nodegroup', status: 'pass' }),
        awsFinding({ arn: 'arn:aws:iam::111122223333:role/irsa', type: 'AWS::IAM::Role', region: 'global', status: 'suppressed' }),
        kubeFinding({ name: 'db', context: 'arn:aws:eks:eu-west-1:444455556666:cluster/prod' }),
        kubeFinding({ name: 'db', context: 'minikube' }),
      ]),
      { defaults, generatedAt: new Date('2026-01-02T03:04:05Z') },
    );
    for (const finding of findings) expect(asffProblems(finding)).toEqual([]);
    expect(findings.map((f) => [f['AwsAccountId'], f['Region'], (f['Resources'] as any)[0].Type])).toEqual([
      ['111122223333', 'us-west-2', 'AwsEksCluster'],
      ['111122223333', 'us-west-2', 'Other'],
      ['111122223333', 'eu-central-1', 'AwsIamRole'],
      ['444455556666', 'eu-west-1', 'Other'],
      ['999988887777', 'eu-central-1', 'Other'],
    ]);
    expect(findings[0]!['ProductArn']).toBe('arn:aws:securityhub:us-west-2:111122223333:product/111122223333/default');
    expect(findings.map((f) => (f['Compliance'] as any).Status)).toEqual(['FAILED', 'PASSED', 'FAILED', 'FAILED', 'FAILED']);
    expect((findings[2]!['Workflow'] as any).Status).toBe('SUPPRESSED');
    expect(findings[0]!['Severity']).toEqual({ Label: 'HIGH', Original: 'high' });
  });

  it('gives stable IDs: the same on every run, different per cluster and per occurrence', () => {
    const twice = [kubeFinding({ name: 'db', context: 'a' }), kubeFinding({ name: 'db', context: 'a' }), kubeFinding({ name: 'db', context: 'b' })];
    const first = toAsffFindings(report(twice), { defaults }).map((f) => f['Id']);
    const again = toAsffFindings(report(twice), { defaults, generatedAt: new Date() }).map((f) => f['Id']);
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(3);
    for (const id of first) expect(String(id)).toMatch(/^eksguard\/PSS-privileged\/[0-9a-f]{40}$/);
  });

  it('escapes hostile names and clips every field to its limit', () => {
    const hostile: Finding = { ...kubeFinding({ name: HOSTILE_TEXT.repeat(20), context: 'x' }), message: HOSTILE_TEXT.repeat(50), title: HOSTILE_TEXT, remediation: HOSTILE_TEXT.repeat(10) };
    const [finding] = toAsffFindings(report([hostile]), { defaults });
    expect(asffProblems(finding)).toEqual([]);
    const text = JSON.stringify(finding);
    expect(text).not.toMatch(/[\u0000-\u0008\u001b\u202e]/);
    // escapes stay visible: a reviewer in the console sees that the name held an escape sequence
    expect(String(finding!['Description'])).toContain('\\u001b[31mRED');
    expect(String(finding!['Description'])).not.toContain('\u001b');
  });

  it('refuses to guess the account of a finding that names none', () => {
    expect(() => toAsffFindings(report([kubeFinding({ name: 'db' })]), {})).toThrow(AsffContextError);
    expect(() => toAsffFindings(report([kubeFinding({ name: 'db' })]), { defaults: { accountId: '999988887777' } })).toThrow(/AWS region/);
  });
});

describe('ASFF field rules', () => {
  const valid = () => toAsffFindings(report([awsFinding({ arn: 'arn:aws:eks:us-west-2:111122223333:cluster/web' })]), { defaults })[0]!;

  it('names each broken rule', () => {
    const broken = { ...valid(), Title: 'x'.repeat(257), AwsAccountId: '12', Severity: { Label: 'SEVERE' }, Types: ['Nonsense/Category'], Resources: [], ProductArn: 'arn:aws:securityhub:us-west-2::product/aws/guardduty', CreatedAt: 'yesterday', RecordState: 'GONE' };
    delete (broken as Record<string, unknown>)['GeneratorId'];
    expect(asffProblems(broken)).toEqual(
      expect.arrayContaining([
        'GeneratorId: required',
        'Title: longer than 256 characters',
        'AwsAccountId: must be a 12-digit account ID',
        'Severity.Label: must be one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL',
        'Resources: must hold 1 to 32 resources',
        'CreatedAt: must be an RFC 3339 timestamp',
        'RecordState: must be one of ACTIVE, ARCHIVED',
      ]),
    );
    expect(asffProblems(broken).some((problem) => problem.startsWith('Types[0]'))).toBe(true);
    expect(asffProblems(broken).some((problem) => problem.startsWith('ProductArn'))).toBe(true);
  });

  it('refuses a product of another account, a region other than the product, and oversized findings', () => {
    expect(asffProblems({ ...valid(), ProductArn: 'arn:aws:securityhub:us-west-2:111122223333:product/222233334444/default' })).toContain('ProductArn: the account of the product path must be the account of the ARN');
    expect(asffProblems({ ...valid(), Region: 'eu-west-1' })).toContain('Region: must be the region of the ProductArn');
    expect(asffProblems({ ...valid(), ProductFields: { big: 'x'.repeat(2049) } })).toContain('ProductFields.big: longer than 2048 characters');
    expect(asffProblems({ ...valid(), Note: 'x'.repeat(250 * 1024) })).toContain('the finding is larger than 245760 bytes');
  });
});
