import { describe, expect, it } from 'vitest';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { awsAuthMasters } from './k8s-iam-001-aws-auth-masters.js';

function awsAuth(data: string, metadata = 'name: aws-auth\n  namespace: kube-system'): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  ${metadata}
data:
${data}`;
}

describe('K8S-IAM-001 system:masters in aws-auth', () => {
  it('fails a mapped role, at the line of the group inside the block string', () => {
    const yaml = awsAuth(`  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/eks-node-role
      username: system:node:{{EC2PrivateDNSName}}
      groups:
        - system:bootstrappers
        - system:nodes
    - rolearn: arn:aws:iam::111122223333:role/developers
      username: developer
      groups:
        - developers
        - system:masters
`);
    const [finding] = failures(runCheck(awsAuthMasters, yaml));
    expect(finding!.message).toBe(
      'aws-auth maps IAM role arn:aws:iam::111122223333:role/developers (username developer) to system:masters: whoever holds it is cluster admin, and no RBAC binding shows it',
    );
    expect(finding!.path).toBe('data.mapRoles[1].groups[1]');
    expect(finding!.location).toEqual({ file: 'test.yaml', line: 17 });
  });

  it('fails mapped users and a node role that also holds system:masters', () => {
    const yaml = awsAuth(`  mapRoles: |
    - rolearn: arn:aws:iam::1:role/node
      username: system:node:{{EC2PrivateDNSName}}
      groups: [system:nodes, system:masters]
  mapUsers: |
    - userarn: arn:aws:iam::1:user/alice
      groups: [system:masters]
`);
    const messages = failures(runCheck(awsAuthMasters, yaml)).map((finding) => finding.message);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/IAM role arn:aws:iam::1:role\/node .*a node role in system:masters makes every node/);
    expect(messages[1]).toMatch(/^aws-auth maps IAM user arn:aws:iam::1:user\/alice to system:masters/);
  });

  it('reads keys case-insensitively like EKS, and ignores entries EKS cannot match', () => {
    expect(statuses(runCheck(awsAuthMasters, awsAuth('  mapRoles: "- roleARN: arn:aws:iam::1:role/x\\n  Groups: [system:masters]\\n"\n')))).toEqual(['fail']);
    expect(statuses(runCheck(awsAuthMasters, awsAuth('  mapRoles: "- groups: [system:masters]\\n"\n')))).toEqual(['pass']);
  });

  it('locates a quoted value on its key line when the next key shows it is not a block', () => {
    const quoted = '  mapRoles: "- rolearn: arn:aws:iam::1:role/x\\n  groups: [system:masters]\\n"\n  mapUsers: ""\n';
    const [finding] = failures(runCheck(awsAuthMasters, awsAuth(quoted)));
    expect(finding!.location?.line).toBe(7);
  });

  it('reads only kube-system/aws-auth (or a manifest without namespace)', () => {
    const data = '  mapRoles: |\n    - rolearn: arn:aws:iam::1:role/x\n      groups: [system:masters]\n';
    expect(statuses(runCheck(awsAuthMasters, awsAuth(data, 'name: aws-auth\n  namespace: default')))).toEqual([]);
    expect(statuses(runCheck(awsAuthMasters, awsAuth(data, 'name: aws-auth-backup\n  namespace: kube-system')))).toEqual([]);
    expect(statuses(runCheck(awsAuthMasters, awsAuth(data, 'name: aws-auth')))).toEqual(['fail']);
  });

  it('passes when only node roles and scoped groups are mapped', () => {
    expect(statuses(runCheck(awsAuthMasters, awsAuth('  mapRoles: |\n    - rolearn: arn:aws:iam::1:role/x\n      groups: [readers]\n')))).toEqual(['pass']);
  });
});
