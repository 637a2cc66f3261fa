import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { eksIam004 } from './eks-iam-004.js';
import { ACCOUNT, NODE_ROLE_ARN, PATHS, clusterResponse, nodegroupResponse } from './fixtures.js';

const mode = (authenticationMode: unknown) => ({ [PATHS.cluster]: clusterResponse({ accessConfig: { authenticationMode } }) });

describe('EKS-IAM-004 aws-auth (cross check with the cluster)', () => {
  const mixed = { [PATHS.cluster]: clusterResponse({ accessConfig: { authenticationMode: 'CONFIG_MAP' } }), [PATHS.nodegroup()]: nodegroupResponse({ launchTemplate: undefined }) };
  const awsAuth = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n${data}`;
  it('flags a node role with extra groups, IAM users, and reports the path inside the ConfigMap', () => {
    const findings = runAws(
      eksIam004,
      mixed,
      awsAuth(`  mapRoles: |\n    - rolearn: ${NODE_ROLE_ARN}\n      groups: [system:nodes, admins]\n  mapUsers: |\n    - userarn: arn:aws:iam::${ACCOUNT}:user/alice\n      groups: [viewers]\n`),
    );
    expect(summary(findings)).toEqual(['fail:high', 'fail:medium']);
    expect(findings[0]?.path).toBe('data.mapRoles[0]');
  });
  it('is not applicable in API mode and skipped without the ConfigMap', () => {
    expect(summary(runAws(eksIam004, { ...mixed, [PATHS.cluster]: clusterResponse() }))).toEqual(['not-applicable']);
    expect(summary(runAws(eksIam004, mixed))).toEqual(['skipped']);
  });
  it('survives an aws-auth whose mapRoles is not YAML', () => {
    expect(summary(runAws(eksIam004, mixed, awsAuth('  mapRoles: "- rolearn: [unclosed"\n')))).toEqual(['pass']);
  });
});
