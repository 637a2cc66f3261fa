import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { awsAuthUsers } from './k8s-iam-002-aws-auth-users.js';

const configMap = (data: string) => `apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
${data}`;

describe('K8S-IAM-002 IAM users in aws-auth', () => {
  it('fails each mapped user at its entry', () => {
    const findings = failures(
      runCheck(awsAuthUsers, configMap('  mapUsers: |\n    - userarn: arn:aws:iam::1:user/alice\n      username: alice\n    - userarn: arn:aws:iam::1:user/bob\n')),
    );
    expect(findings.map((finding) => [finding.path, finding.location?.line])).toEqual([
      ['data.mapUsers[0]', 6],
      ['data.mapUsers[1]', 8],
    ]);
    expect(findings[0]!.message).toBe('aws-auth maps IAM user arn:aws:iam::1:user/alice (username alice): an IAM user authenticates with long-lived access keys; map a role instead');
  });

  it('passes an empty or absent mapUsers', () => {
    expect(statuses(runCheck(awsAuthUsers, configMap('  mapUsers: ""\n')))).toEqual(['pass']);
    expect(statuses(runCheck(awsAuthUsers, configMap('  mapRoles: "[]"\n')))).toEqual(['pass']);
  });
});

testCheck(awsAuthUsers, {
  pass: [
    { input: configMap('  mapUsers: ""\n') },
    { input: configMap('  mapRoles: |\n    - rolearn: arn:aws:iam::1:role/x\n      groups: [readers]\n') },
    // an entry without an ARN matches no one (K8S-IAM-004 reports it)
    { input: configMap('  mapUsers: |\n    - username: ghost\n') },
  ],
  fail: [
    {
      input: configMap('  mapUsers: |\n    - userarn: arn:aws:iam::1:user/alice\n      username: alice\n    - username: ghost\n    - userArn: arn:aws:iam::1:user/bob\n'),
      failures: [
        { path: 'data.mapUsers[0]', messageId: 'user', data: { mapping: 'IAM user arn:aws:iam::1:user/alice (username alice)' }, severity: 'medium' },
        { path: 'data.mapUsers[2]', messageId: 'user', data: { mapping: 'IAM user arn:aws:iam::1:user/bob' } },
      ],
    },
    // the user name is shown as written, without being read as a template
    { input: configMap('  mapUsers: "- userarn: arn:aws:iam::1:user/x\\n  username: \\"{{SessionName}}\\"\\n"\n'), failures: [{ path: 'data.mapUsers[0]', messageId: 'user', data: { mapping: 'IAM user arn:aws:iam::1:user/x (username {{SessionName}})' } }] },
  ],
});
