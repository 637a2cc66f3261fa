import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { nodeRolePolicies } from './eks-node-006-node-role-policies.js';
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
    expect(summary(runAws(nodeRolePolicies, role([...WORKER_POLICIES, 'arn:aws:iam::aws:policy/PowerUserAccess'])))).toEqual(['fail:high']);
    expect(summary(runAws(nodeRolePolicies, role(WORKER_POLICIES, ['all'], { all: { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } } })))).toEqual(['fail:high']);
    expect(summary(runAws(nodeRolePolicies, role([...WORKER_POLICIES, 'arn:aws:iam::111122223333:policy/AmazonEKSWorkerNodePolicy'])))).toEqual(['fail:medium']);
  });
  it('judges extra policies with the IAM evaluator: what they grant, inside the boundary, not their names', () => {
    const custom = 'arn:aws:iam::111122223333:policy/node-extras';
    const withPolicy = (document: unknown, boundary?: unknown) => ({
      ...role([...WORKER_POLICIES, custom]),
      [`iam/policies/${encodeURIComponent(custom).replace(/\./g, '%2E')}/get-policy.json`]: { Policy: { Arn: custom, PolicyName: 'node-extras', DefaultVersionId: 'v1' } },
      [`iam/policies/${encodeURIComponent(custom).replace(/\./g, '%2E')}/get-policy-version.json`]: { PolicyVersion: { VersionId: 'v1', IsDefaultVersion: true, Document: document } },
      ...(boundary
        ? {
            'iam/roles/eks-node-role/get-role.json': { Role: { RoleName: 'eks-node-role', Arn: NODE_ROLE_ARN, AssumeRolePolicyDocument: ec2Trust, PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/bound' } } },
            'iam/policies/bound/get-policy.json': { Policy: { Arn: 'arn:aws:iam::111122223333:policy/bound', PolicyName: 'bound', DefaultVersionId: 'v2' } },
            'iam/policies/bound/get-policy-version.json': { PolicyVersion: { VersionId: 'v2', Document: boundary } },
          }
        : {}),
    });
    const readsAll = { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
    const findings = runAws(nodeRolePolicies, withPolicy(readsAll));
    expect(summary(findings)).toEqual(['fail:high']);
    expect(findings[0]!.message).toContain('which grants s3:GetObject on every bucket');
    expect(summary(runAws(nodeRolePolicies, withPolicy({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::node-logs/*' }] })))).toEqual(['fail:medium']);
    // a boundary that denies S3 leaves the policy an extra, nothing worse
    const boundary = { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: '*' }] };
    expect(summary(runAws(nodeRolePolicies, withPolicy(readsAll, boundary)))).toEqual(['fail:medium']);
    const inline = runAws(nodeRolePolicies, role(WORKER_POLICIES, ['secrets'], { secrets: { Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' }] } }));
    expect(summary(inline)).toEqual(['fail:high']);
    expect(inline[0]!.message).toContain('secretsmanager:GetSecretValue on every secret');
  });

  it('skips when the role or its policies were not collected', () => {
    const files = role(WORKER_POLICIES);
    delete (files as Record<string, unknown>)[PATHS.attachedPolicies('eks-node-role')];
    expect(summary(runAws(nodeRolePolicies, files))).toEqual(['skipped']);
    expect(summary(runAws(nodeRolePolicies, { ...role(WORKER_POLICIES), [PATHS.roles]: { Roles: [] } }))).toEqual(['skipped']);
    expect(NODE_ROLE_ARN).toContain('eks-node-role');
  });
});

const NODE_ROLE_FIXTURE = (policies: string[], inline: string[] = [], inlineDocs: Record<string, unknown> = {}) => ({
  [PATHS.cluster]: clusterResponse(),
  [PATHS.nodegroup()]: nodegroupResponse(noTemplate),
  [PATHS.roles]: { Roles: [roleJson('eks-node-role', ec2Trust)] },
  [PATHS.attachedPolicies('eks-node-role')]: attachedPolicies(policies),
  [PATHS.rolePolicies('eks-node-role')]: { PolicyNames: inline },
  ...Object.fromEntries(Object.entries(inlineDocs).map(([name, doc]) => [`iam/roles/eks-node-role/inline-${name}.json`, { RoleName: 'eks-node-role', PolicyName: name, PolicyDocument: doc }])),
});
const ATTACHED = 'AttachedPolicies';

testCheck(nodeRolePolicies, {
  pass: [{ input: { aws: NODE_ROLE_FIXTURE(WORKER_POLICIES) } }],
  fail: [
    { input: { aws: NODE_ROLE_FIXTURE([...WORKER_POLICIES, 'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy']) }, failures: [{ path: ATTACHED, messageId: 'cniPolicy', data: { role: 'eks-node-role' }, severity: 'medium' }] },
    {
      input: { aws: NODE_ROLE_FIXTURE([...WORKER_POLICIES, 'arn:aws:iam::aws:policy/AdministratorAccess']) },
      failures: [{ path: ATTACHED, messageId: 'dangerousPolicy', data: { role: 'eks-node-role', policy: 'AdministratorAccess (arn:aws:iam::aws:policy/AdministratorAccess)', grants: 'every action on every resource' }, severity: 'high' }],
    },
    // AmazonEC2FullAccess grants nothing the evaluator ranks as admin, escalation, secrets or data: named by its name
    { input: { aws: NODE_ROLE_FIXTURE([...WORKER_POLICIES, 'arn:aws:iam::aws:policy/AmazonEC2FullAccess']) }, failures: [{ path: ATTACHED, messageId: 'adminPolicy', data: { role: 'eks-node-role', policy: 'AmazonEC2FullAccess' }, severity: 'high' }] },
    {
      input: { aws: NODE_ROLE_FIXTURE([...WORKER_POLICIES, 'arn:aws:iam::111122223333:policy/AmazonEKSWorkerNodePolicy']) },
      failures: [{ path: ATTACHED, messageId: 'extraPolicy', data: { role: 'eks-node-role', policy: 'arn:aws:iam::111122223333:policy/AmazonEKSWorkerNodePolicy' }, severity: 'medium' }],
    },
    {
      input: { aws: NODE_ROLE_FIXTURE(WORKER_POLICIES, ['all'], { all: { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } } }) },
      failures: [{ path: 'PolicyNames', messageId: 'dangerousInline', data: { role: 'eks-node-role', policy: 'all', grants: 'every action on every resource' }, severity: 'high' }],
    },
    {
      input: { aws: NODE_ROLE_FIXTURE(WORKER_POLICIES, ['logs'], { logs: { Statement: { Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' } } }) },
      failures: [{ path: 'PolicyNames', messageId: 'inlinePolicy', data: { role: 'eks-node-role', policy: 'logs' }, severity: 'medium' }],
    },
  ],
});
