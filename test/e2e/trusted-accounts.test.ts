import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliJson } from './run-cli.js';
import { makeWorkdir } from './workdir.js';

const policy = JSON.stringify({
  registryId: '111122223333',
  repositoryName: 'payments/api',
  policyText: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: ['ecr:BatchGetImage'] }] }),
});
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('trustedAccounts in .eksguard.yaml (EKS-ECR-001)', () => {
  it('turns a cross-account grant from a failure into a pass', () => {
    const without = makeWorkdir({ 'snap/us-east-1/ecr/repository-policies/payments%2Fapi.json': policy });
    const trusted = makeWorkdir({ 'snap/us-east-1/ecr/repository-policies/payments%2Fapi.json': policy, '.eksguard.yaml': 'trustedAccounts: ["444455556666"]\n' });
    dirs.push(without, trusted);
    const verdict = (cwd: string) =>
      runCliJson(['scan', '--aws-snapshot', path.join(cwd, 'snap'), '--include-passed', '--fail-on', 'none'], { cwd }).json.findings.filter((f: any) => f.checkId === 'EKS-ECR-001').map((f: any) => `${f.status}:${f.severity}`);
    expect(verdict(without)).toEqual(['fail:medium']);
    expect(verdict(trusted)).toEqual(['pass:high']);
  });
});
