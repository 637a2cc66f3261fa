import { describe, expect, it } from 'vitest';
import { ownsFinding, sharedScopeOwners } from './ownership.js';
import { awsFinding } from '../../../test/helpers/fleet-reports.js';

const target = (account: string, region: string, cluster: string) => ({ key: `aws:${account}:${region}:${cluster}`, account, region, cluster });
const fleet = [target('111111111111', 'us-west-2', 'b'), target('111111111111', 'us-east-1', 'z'), target('111111111111', 'us-east-1', 'a'), target('222222222222', 'us-east-1', 'a')];
const owners = sharedScopeOwners(fleet);

describe('ownership of results shared by clusters', () => {
  it('gives an account-wide IAM role to the first target of its account only', () => {
    const role = awsFinding({ arn: 'arn:aws:iam::111111111111:role/irsa', type: 'AWS::IAM::Role', region: 'global', checkId: 'EKS-IAM-006' });
    expect(fleet.filter((t) => ownsFinding(role, t, owners)).map((t) => t.key)).toEqual(['aws:111111111111:us-east-1:a', 'aws:222222222222:us-east-1:a']);
  });

  it('gives a regional repository to the first target of its account and region', () => {
    const repo = awsFinding({ arn: 'arn:aws:ecr:us-west-2:111111111111:repository/app', type: 'AWS::ECR::Repository', region: 'us-west-2', checkId: 'EKS-MON-003' });
    expect(fleet.filter((t) => t.account === '111111111111' && ownsFinding(repo, t, owners)).map((t) => t.key)).toEqual(['aws:111111111111:us-west-2:b']);
  });

  it('keeps every EKS resource with the target that collected it', () => {
    const nodegroup = awsFinding({ arn: 'arn:aws:eks:us-east-1:111111111111:nodegroup/z/ng/1', type: 'AWS::EKS::Nodegroup' });
    expect(ownsFinding(nodegroup, fleet[1]!, owners)).toBe(true);
  });
});
