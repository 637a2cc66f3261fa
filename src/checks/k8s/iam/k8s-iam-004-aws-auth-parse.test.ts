import { describe, expect, it } from 'vitest';
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
