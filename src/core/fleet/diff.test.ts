import { describe, expect, it } from 'vitest';
import { diffReports, hasNewAtLeast } from './diff.js';
import { awsFinding, fleetReport, kubeFinding } from '../../../test/helpers/fleet-reports.js';

const A = 'arn:aws:eks:us-east-1:111111111111:cluster/a';
const B = 'arn:aws:eks:us-east-1:222222222222:cluster/b';
const targets = ['aws:111111111111:us-east-1:a', 'aws:222222222222:us-east-1:b', 'kube:dev'];

describe('diffReports', () => {
  it('sorts failures into new, fixed and unchanged by fingerprint', () => {
    const older = fleetReport([awsFinding({ arn: A }), awsFinding({ arn: B, checkId: 'EKS-LOG-001', severity: 'medium' })], { targets });
    const newer = fleetReport([awsFinding({ arn: A, message: 'reworded' }), awsFinding({ arn: B, checkId: 'EKS-NET-007', severity: 'critical' })], { targets });
    const diff = diffReports(older, newer);
    expect(diff.added.map((f) => f.checkId)).toEqual(['EKS-NET-007']);
    expect(diff.fixed.map((f) => f.checkId)).toEqual(['EKS-LOG-001']);
    expect(diff.unchanged.map((f) => f.message)).toEqual(['reworded']);
    expect(diff.unverified).toEqual([]);
    expect(hasNewAtLeast(diff, 'critical')).toBe(true);
    expect(hasNewAtLeast(diffReports(newer, older), 'high')).toBe(false);
  });

  it('tells the same object in two clusters apart, and counts occurrences', () => {
    const older = fleetReport([kubeFinding({ name: 'web', context: 'dev' })], { targets: [...targets, 'kube:prod'] });
    const newer = fleetReport([kubeFinding({ name: 'web', context: 'prod' }), kubeFinding({ name: 'web', context: 'dev' }), kubeFinding({ name: 'web', context: 'dev' })], {
      targets: [...targets, 'kube:prod'],
    });
    const diff = diffReports(older, newer);
    expect(diff.unchanged).toHaveLength(1);
    expect(diff.added.map((f) => ('context' in f.resource ? f.resource.context : ''))).toEqual(['dev', 'prod']);
  });

  it('does not call a failure fixed when NEW did not scan its target again', () => {
    const older = fleetReport([awsFinding({ arn: A }), awsFinding({ arn: `arn:aws:iam::222222222222:role/r`, type: 'AWS::IAM::Role', region: 'global', checkId: 'EKS-IAM-006' })], { targets });
    const newer = fleetReport([], { targets: ['kube:dev'] });
    const diff = diffReports(older, newer);
    expect(diff.fixed).toEqual([]);
    expect(diff.unverified.map((f) => f.checkId).sort()).toEqual(['EKS-IAM-006', 'EKS-NET-001']);
    const rescanned = diffReports(older, fleetReport([], { targets }));
    expect(rescanned.fixed).toHaveLength(2);
  });

  it('ignores results that are not failures', () => {
    const older = fleetReport([awsFinding({ arn: A, status: 'suppressed' })], { targets });
    const newer = fleetReport([awsFinding({ arn: A, status: 'error' })], { targets });
    const diff = diffReports(older, newer);
    expect([diff.added, diff.fixed, diff.unchanged]).toEqual([[], [], []]);
  });
});
