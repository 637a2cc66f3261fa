import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { awsAuthAccounts } from './k8s-iam-003-aws-auth-accounts.js';

const configMap = (data: string) => `apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
${data}`;

describe('K8S-IAM-003 mapAccounts', () => {
  it('fails each account, keeping its digits as written', () => {
    const findings = failures(runCheck(awsAuthAccounts, configMap('  mapAccounts: |\n    - 012345678901\n    - "444455556666"\n')));
    expect(findings.map((finding) => finding.message)).toEqual([
      'aws-auth maps every IAM principal of AWS account 012345678901: each authenticates with its ARN as user name',
      'aws-auth maps every IAM principal of AWS account 444455556666: each authenticates with its ARN as user name',
    ]);
    expect(findings[1]!.location?.line).toBe(7);
  });

  it('passes an empty list', () => {
    expect(statuses(runCheck(awsAuthAccounts, configMap('  mapAccounts: "[]"\n')))).toEqual(['pass']);
  });
});

testCheck(awsAuthAccounts, {
  pass: [
    { input: configMap('  mapAccounts: "[]"\n') },
    { input: configMap('  mapAccounts: ""\n  mapRoles: "[]"\n') },
    // one value instead of a list: EKS reads no account (K8S-IAM-004 reports it)
    { input: configMap('  mapAccounts: "111122223333"\n') },
  ],
  fail: [
    {
      input: configMap('  mapAccounts: |\n    - 012345678901\n    - "444455556666"\n'),
      failures: [
        { path: 'data.mapAccounts[0]', messageId: 'account', data: { account: '012345678901' }, severity: 'high' },
        { path: 'data.mapAccounts[1]', messageId: 'account', data: { account: '444455556666' } },
      ],
    },
    // a non-string item is skipped, the index of the next one kept
    { input: configMap('  mapAccounts: "[{a: 1}, \'111122223333\']"\n'), failures: [{ path: 'data.mapAccounts[1]', messageId: 'account', data: { account: '111122223333' } }] },
  ],
});
