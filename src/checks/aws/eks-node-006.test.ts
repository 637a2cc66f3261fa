import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { eksNode006 } from './eks-node-006.js';
import { NODE_ROLE_ARN, PATHS, WORKER_POLICIES, attachedPolicies, clusterResponse, ec2Trust, nodegroupResponse, roleJson } from './fixtures.js';

const noTemplate = { launchTemplate: undefined };

describe('EKS-NODE-006 node role', () => {
  const role = (policies: string[], inline: string[] = [], inlineDocs: Record<string, unknown> = {}) => ({
    [PATHS.cluster]: clusterResponse(),
    [PATHS.nodegroup()]: nodegroupResponse(noTemplate),
    [PATHS.roles]: { Roles: [roleJson('eks-node-role', encodeURIComponent(JSON.stringify(ec2Trust)))] },
    [PATHS.attachedPolicies('eks-node-role')]: attachedPolicies(policies),
    [PATHS.rolePolicies('eks-node-role')]: { PolicyNames: inline },
    ...Object.fromEntries(Object.entries(inlineDocs).map(([name, doc]) => [`iam/roles/eks-node-role/inline-${name}.json`, { RoleName: 'eks-node-role', PolicyName: name, PolicyDocument: doc }])),
  });
  it('grades admin, inline wildcard, CNI and customer policies', () => {
    expect(summary(runAws(eksNode006, role([...WORKER_POLICIES, 'arn:aws:iam::aws:policy/PowerUserAccess'])))).toEqual(['fail:high']);
    expect(summary(runAws(eksNode006, role(WORKER_POLICIES, ['all'], { all: { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } } })))).toEqual(['fail:high']);
    expect(summary(runAws(eksNode006, role([...WORKER_POLICIES, 'arn:aws:iam::111122223333:policy/AmazonEKSWorkerNodePolicy'])))).toEqual(['fail:medium']);
  });
  it('skips when the role or its policies were not collected', () => {
    const files = role(WORKER_POLICIES);
    delete (files as Record<string, unknown>)[PATHS.attachedPolicies('eks-node-role')];
    expect(summary(runAws(eksNode006, files))).toEqual(['skipped']);
    expect(summary(runAws(eksNode006, { ...role(WORKER_POLICIES), [PATHS.roles]: { Roles: [] } }))).toEqual(['skipped']);
    expect(NODE_ROLE_ARN).toContain('eks-node-role');
  });
});
