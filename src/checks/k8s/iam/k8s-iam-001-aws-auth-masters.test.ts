import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
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

const roles = (entries: string) => awsAuth(`  mapRoles: |\n${entries}`);
const ADMIN = 'whoever holds it is cluster admin, and no RBAC binding shows it';

testCheck(awsAuthMasters, {
  pass: [
    { input: roles('    - rolearn: arn:aws:iam::1:role/node\n      username: system:node:{{EC2PrivateDNSName}}\n      groups: [system:bootstrappers, system:nodes]\n') },
    // a group that only looks like system:masters is another group
    { input: roles('    - rolearn: arn:aws:iam::1:role/x\n      groups: [System:Masters, "system:masters ", system:masters-readonly]\n') },
    // an entry without an ARN matches no principal (K8S-IAM-004 reports it)
    { input: roles('    - username: nobody\n      groups: [system:masters]\n') },
    { input: awsAuth('  mapRoles: ""\n  mapUsers: "[]"\n') },
  ],
  fail: [
    {
      input: roles('    - rolearn: arn:aws:iam::1:role/dev\n      username: developer\n      groups: [developers, system:masters]\n'),
      failures: [{ path: 'data.mapRoles[0].groups[1]', messageId: 'masters', data: { mapping: 'IAM role arn:aws:iam::1:role/dev (username developer)', consequence: ADMIN }, severity: 'critical' }],
    },
    {
      // a node role, found by its group or by its user name template
      input: roles('    - rolearn: arn:aws:iam::1:role/node\n      groups: [system:nodes, system:masters]\n    - rolearn: arn:aws:iam::1:role/node2\n      username: system:node:{{EC2PrivateDNSName}}\n      groups: [system:masters]\n'),
      failures: [
        { path: 'data.mapRoles[0].groups[1]', messageId: 'masters', data: { mapping: 'IAM role arn:aws:iam::1:role/node', consequence: 'a node role in system:masters makes every node, and every pod that reaches its instance metadata, cluster admin' } },
        { path: 'data.mapRoles[1].groups[0]', messageId: 'masters', data: { mapping: 'IAM role arn:aws:iam::1:role/node2 (username system:node:{{EC2PrivateDNSName}})', consequence: 'a node role in system:masters makes every node, and every pod that reaches its instance metadata, cluster admin' } },
      ],
    },
    {
      // roles and users each fail; keys are read case-insensitively and the path keeps them as written
      input: awsAuth('  mapRoles: "- roleARN: arn:aws:iam::1:role/x\\n  Groups: [system:masters]\\n"\n  mapUsers: |\n    - userarn: arn:aws:iam::1:user/alice\n      groups: [system:masters]\n'),
      failures: [
        { path: 'data.mapRoles[0].Groups[0]', messageId: 'masters', data: { mapping: 'IAM role arn:aws:iam::1:role/x', consequence: ADMIN } },
        { path: 'data.mapUsers[0].groups[0]', messageId: 'masters', data: { mapping: 'IAM user arn:aws:iam::1:user/alice', consequence: ADMIN } },
      ],
    },
    {
      // an IAM Identity Center permission set has no ARN but matches principals
      input: roles('    - sso: { permissionSetName: Admins, accountID: "111122223333" }\n      groups: [system:masters]\n'),
      failures: [{ path: 'data.mapRoles[0].groups[0]', messageId: 'masters', data: { mapping: 'IAM role (SSO permission set)', consequence: ADMIN } }],
    },
    {
      // a non-string group before it does not shift the path
      input: roles('    - rolearn: arn:aws:iam::1:role/x\n      groups: [7, system:masters]\n'),
      failures: [{ path: 'data.mapRoles[0].groups[1]', messageId: 'masters', data: { mapping: 'IAM role arn:aws:iam::1:role/x', consequence: ADMIN } }],
    },
  ],
});
