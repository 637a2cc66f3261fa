import { describe, expect, it } from 'vitest';
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
