import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { awsAuthMappings } from './eks-iam-004-aws-auth-mappings.js';
import { ACCOUNT, NODE_ROLE_ARN, PATHS, clusterResponse, nodegroupResponse } from './fixtures.js';


const mixed = { [PATHS.cluster]: clusterResponse({ accessConfig: { authenticationMode: 'CONFIG_MAP' } }), [PATHS.nodegroup()]: nodegroupResponse({ launchTemplate: undefined }) };
const awsAuth = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n${data}`;
const nodeMapping = `    - rolearn: ${NODE_ROLE_ARN}\n      groups: [system:bootstrappers, system:nodes]\n`;
const DEV = `arn:aws:iam::${ACCOUNT}:role/dev`;
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;

testCheck(awsAuthMappings, {
  pass: [{ input: { aws: mixed, kubeYaml: awsAuth(`  mapRoles: |\n${nodeMapping}`) } }],
  fail: [
    {
      input: { aws: mixed, kubeYaml: awsAuth(`  mapRoles: |\n    - rolearn: ${NODE_ROLE_ARN}\n      groups: [system:nodes, admins]\n  mapUsers: |\n    - userarn: ${ALICE}\n      groups: [viewers]\n`) },
      failures: [
        { path: 'data.mapRoles[0]', messageId: 'nodeRoleGroups', data: { arn: NODE_ROLE_ARN, groups: 'admins' }, severity: 'high' },
        { path: 'data.mapUsers[0]', messageId: 'iamUser', data: { arn: ALICE }, severity: 'medium' },
      ],
    },
    {
      input: { aws: mixed, kubeYaml: awsAuth(`  mapRoles: |\n${nodeMapping}    - rolearn: ${DEV}\n      groups: [system:masters]\n`) },
      failures: [{ path: 'data.mapRoles[1]', messageId: 'masters', data: { arn: DEV }, severity: 'high' }],
    },
    {
      input: { aws: mixed, kubeYaml: awsAuth(`  mapRoles: |\n    - rolearn: ${NODE_ROLE_ARN}\n      groups: [system:nodes, system:masters]\n`) },
      failures: [{ path: 'data.mapRoles[0]', messageId: 'nodeRoleMasters', data: { arn: NODE_ROLE_ARN }, severity: 'high' }],
    },
    {
      input: { aws: mixed, kubeYaml: awsAuth(`  mapRoles: |\n${nodeMapping}  mapAccounts: |\n    - "444455556666"\n    - "777788889999"\n`) },
      failures: [{ path: 'data.mapAccounts', messageId: 'accounts', data: { accounts: '444455556666, 777788889999' }, severity: 'high' }],
    },
  ],
});

describe('EKS-IAM-004 aws-auth (cross check with the cluster)', () => {
  it('is not applicable in API mode and skipped without the ConfigMap', () => {
    expect(summary(runAws(awsAuthMappings, { ...mixed, [PATHS.cluster]: clusterResponse() }))).toEqual(['not-applicable']);
    expect(summary(runAws(awsAuthMappings, mixed))).toEqual(['skipped']);
  });
  it('survives an aws-auth whose mapRoles is not YAML', () => {
    expect(summary(runAws(awsAuthMappings, mixed, awsAuth('  mapRoles: "- rolearn: [unclosed"\n')))).toEqual(['pass']);
  });
});
