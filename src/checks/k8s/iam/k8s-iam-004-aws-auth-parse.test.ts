import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { awsAuthParse } from './k8s-iam-004-aws-auth-parse.js';

const configMap = (data: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
${data}`;

describe('K8S-IAM-004 aws-auth EKS cannot read', () => {
  it('fails broken YAML at the line of the error inside the ConfigMap', () => {
    const yaml = configMap(`  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/eks-node-role
      username: system:node:{{EC2PrivateDNSName}}
     groups:
        - system:nodes
`);
    const [finding] = failures(runCheck(awsAuthParse, yaml));
    expect(finding!.message).toMatch(/^mapRoles invalid YAML: .*: EKS reads no mapRoles entries$/);
    expect(finding!.path).toBe('data.mapRoles');
    expect(finding!.location).toEqual({ file: 'test.yaml', line: 10 });
  });

  it('fails values of the wrong type at their line', () => {
    const yaml = configMap(`  mapRoles: |
    - rolearn: arn:aws:iam::1:role/admins
      groups: system:masters
`);
    const [finding] = failures(runCheck(awsAuthParse, yaml));
    expect(finding!.message).toBe('mapRoles[0].groups is a string, not a list: EKS maps no groups for this entry');
    expect(finding!.location?.line).toBe(9);
  });

  it('fails a data value written as YAML instead of a string', () => {
    const yaml = configMap(`  mapRoles:
    - rolearn: arn:aws:iam::1:role/admins
`);
    expect(failures(runCheck(awsAuthParse, yaml))[0]!.message).toMatch(/^data\.mapRoles is a list, not a string: the API server rejects this ConfigMap/);
  });

  it('fails mapAccounts written as one value', () => {
    expect(failures(runCheck(awsAuthParse, configMap('  mapAccounts: "111122223333"\n')))[0]!.message).toBe('mapAccounts is a single value, not a list: EKS reads no accounts');
  });

  it('passes a well-formed map, and empty values EKS skips', () => {
    expect(statuses(runCheck(awsAuthParse, configMap('  mapRoles: |\n    - rolearn: arn:aws:iam::1:role/x\n      groups: [a]\n  mapUsers: ""\n  mapAccounts: "``"\n')))).toEqual(['pass']);
  });

  it('never leaks a secret-looking value beyond what the input names', () => {
    const [finding] = failures(runCheck(awsAuthParse, configMap('  mapRoles: |\n    - rolearn: 42\n')));
    expect(finding!.message).toBe('mapRoles[0].rolearn is a number, not a string: EKS ignores the value');
  });
});

testCheck(awsAuthParse, {
  pass: [
    { input: configMap('  mapRoles: |\n    - rolearn: arn:aws:iam::1:role/x\n      groups: [a]\n  mapUsers: ""\n  mapAccounts: "``"\n') },
    { input: configMap('  mapAccounts: |\n    - "111122223333"\n') },
  ],
  fail: [
    {
      input: configMap('  mapRoles: |\n    - rolearn: arn:aws:iam::1:role/admins\n      groups: system:masters\n'),
      failures: [{ path: 'data.mapRoles[0].groups', messageId: 'unreadable', data: { problem: 'mapRoles[0].groups is a string, not a list: EKS maps no groups for this entry' }, severity: 'high' }],
    },
    {
      input: configMap('  mapRoles:\n    - rolearn: arn:aws:iam::1:role/admins\n'),
      failures: [{ path: 'data.mapRoles', messageId: 'unreadable', data: { problem: 'data.mapRoles is a list, not a string: the API server rejects this ConfigMap (write the YAML as a block string, `mapRoles: |`)' } }],
    },
    { input: configMap('  mapAccounts: "111122223333"\n'), failures: [{ path: 'data.mapAccounts', messageId: 'unreadable', data: { problem: 'mapAccounts is a single value, not a list: EKS reads no accounts' } }] },
    {
      // each entry EKS drops is named; the rest of the key is still read
      input: configMap('  mapUsers: |\n    - userarn: 42\n    - groups: [ok, 7]\n    - plain\n'),
      failures: [
        { path: 'data.mapUsers[0].userarn', messageId: 'unreadable', data: { problem: 'mapUsers[0].userarn is a number, not a string: EKS ignores the value' } },
        { path: 'data.mapUsers[0]', messageId: 'unreadable', data: { problem: 'mapUsers[0] has no userarn: EKS matches no IAM principal to it' } },
        { path: 'data.mapUsers[1].groups[1]', messageId: 'unreadable', data: { problem: 'mapUsers[1].groups[1] is a number, not a string: EKS ignores it' } },
        { path: 'data.mapUsers[1]', messageId: 'unreadable', data: { problem: 'mapUsers[1] has no userarn: EKS matches no IAM principal to it' } },
        { path: 'data.mapUsers[2]', messageId: 'unreadable', data: { problem: 'mapUsers[2] is a string, not a mapping: EKS skips it' } },
      ],
    },
    { input: configMap('  mapRoles: |\n    - rolearn: arn:aws:iam::1:role/x\n      sso: yes\n'), failures: [{ path: 'data.mapRoles[0].sso', messageId: 'unreadable', data: { problem: 'mapRoles[0].sso is a boolean, not a mapping: EKS ignores it' } }] },
  ],
});
