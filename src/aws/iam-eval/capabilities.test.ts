import { describe, expect, it } from 'vitest';
import type { ManagedPolicyModel, RoleModel } from '../models.js';
import { policyStatements } from '../policy.js';
import { capabilitiesOf, classifyRole, CAPABILITY_METHODS } from './capabilities.js';
import { knownAwsPolicy, rolePolicySet } from './role-policies.js';

const ACCOUNT = '111122223333';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/app`;
const managedArn = (name: string) => `arn:aws:iam::aws:policy/${name}`;

function role(options: { inline?: Record<string, unknown>; attached?: string[]; boundary?: string | null } = {}): RoleModel {
  const inline = options.inline ?? {};
  return {
    name: 'app',
    arn: ROLE_ARN,
    trust: [],
    trustReadable: true,
    attachedPolicyArns: options.attached ?? [],
    inlinePolicyNames: Object.keys(inline),
    inlinePolicies: Object.fromEntries(Object.entries(inline).map(([name, document]) => [name, policyStatements(document)])),
    ...(options.boundary === undefined ? {} : { permissionsBoundary: options.boundary === null ? {} : { arn: options.boundary } }),
  };
}

const doc = (...statements: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement: statements });
const allow = (action: unknown, resource: unknown = '*', extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action: action, Resource: resource, ...extra });

function classify(model: RoleModel, collected: ManagedPolicyModel[] = [], regions = ['us-east-1']) {
  return classifyRole(model, rolePolicySet(model, new Map(collected.map((policy) => [policy.arn, policy]))), { regions });
}

const ids = (result: ReturnType<typeof classify>) => result.capabilities.map((capability) => `${capability.method.id}:${capability.status}`).sort();

describe('role capabilities', () => {
  it('AdministratorAccess is full admin and every escalation, secrets and data capability', () => {
    const result = classify(role({ attached: [managedArn('AdministratorAccess')], boundary: null }));
    expect(capabilitiesOf(result, 'admin').map((c) => c.status)).toEqual(['granted']);
    expect(result.capabilities).toHaveLength(CAPABILITY_METHODS.length);
    expect(result.incomplete).toEqual([]);
  });

  it('PowerUserAccess reads every secret and bucket but is not admin and cannot pass roles', () => {
    const result = classify(role({ attached: [managedArn('PowerUserAccess')], boundary: null }));
    expect(capabilitiesOf(result, 'admin')).toEqual([]);
    expect(capabilitiesOf(result, 'escalation').map((c) => c.method.id)).toEqual(['lambda-update-code', 'glue-update-dev-endpoint', 'ssm-send-command', 'sts-assume-any-role']);
    expect(capabilitiesOf(result, 'secrets').map((c) => c.method.id)).toEqual(['secrets-manager', 'ssm-parameters', 'kms-decrypt']);
    expect(capabilitiesOf(result, 'data').map((c) => c.method.id)).toEqual(['s3-read', 's3-write', 's3-delete']);
  });

  it('the worker node policies read every SSM parameter and nothing else of note', () => {
    const result = classify(role({ attached: ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly', 'AmazonSSMManagedInstanceCore'].map(managedArn), boundary: null }));
    expect(ids(result)).toEqual(['ssm-parameters:granted']);
  });

  it('finds a PassRole combination only when both halves are granted on every resource', () => {
    expect(ids(classify(role({ inline: { p: doc(allow(['iam:PassRole', 'ec2:RunInstances'])) }, boundary: null })))).toEqual(['passrole-ec2:granted']);
    expect(ids(classify(role({ inline: { p: doc(allow('iam:PassRole')) }, boundary: null })))).toEqual([]);
    expect(ids(classify(role({ inline: { p: doc(allow('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/batch-*`), allow('ec2:RunInstances')) }, boundary: null })))).toEqual([]);
  });

  it('AttachRolePolicy on itself is escalation, on another named role is not', () => {
    expect(ids(classify(role({ inline: { p: doc(allow('iam:AttachRolePolicy', ROLE_ARN)) }, boundary: null })))).toEqual(['iam-attach-role-policy:granted']);
    expect(ids(classify(role({ inline: { p: doc(allow('iam:AttachRolePolicy', `arn:aws:iam::${ACCOUNT}:role/other`)) }, boundary: null })))).toEqual([]);
  });

  it('CreatePolicyVersion on a customer managed policy the role carries is escalation', () => {
    const own = `arn:aws:iam::${ACCOUNT}:policy/app-policy`;
    const policy: ManagedPolicyModel = { arn: own, name: 'app-policy', statements: policyStatements(doc(allow('iam:CreatePolicyVersion', own))), readable: true };
    expect(ids(classify(role({ attached: [own], boundary: null }), [policy]))).toEqual(['iam-create-policy-version:granted']);
  });

  it('a grant under a condition is conditional, never granted', () => {
    const result = classify(role({ inline: { p: doc(allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:ResourceTag/team': 'a' } } })) }, boundary: null }));
    expect(ids(result)).toEqual(['s3-read:conditional']);
    expect(result.capabilities[0]!.conditions).toEqual(['StringEquals aws:resourcetag/team']);
  });

  it('a deny in the permissions boundary removes the capability', () => {
    const boundaryArn = `arn:aws:iam::${ACCOUNT}:policy/boundary`;
    const boundary: ManagedPolicyModel = { arn: boundaryArn, name: 'boundary', statements: policyStatements(doc(allow('*'), { Effect: 'Deny', Action: ['secretsmanager:*', 'iam:*'], Resource: '*' })), readable: true };
    const result = classify(role({ attached: [managedArn('AdministratorAccess')], boundary: boundaryArn }), [boundary]);
    expect(capabilitiesOf(result, 'admin')).toEqual([]);
    expect(result.capabilities.map((c) => c.method.id)).not.toContain('secrets-manager');
    expect(result.capabilities.map((c) => c.method.id)).not.toContain('iam-attach-role-policy');
    expect(result.capabilities.map((c) => c.method.id)).toContain('s3-read');
  });

  it('names what was not read instead of assuming it empty', () => {
    const unknownArn = `arn:aws:iam::${ACCOUNT}:policy/not-collected`;
    const result = classify(role({ attached: [unknownArn], boundary: null }));
    expect(result.capabilities).toEqual([]);
    expect(result.incomplete).toEqual([`the document of managed policy ${unknownArn} (iam:GetPolicyVersion) was not collected`]);
    const notListed: RoleModel = { ...role(), attachedPolicyArns: undefined };
    expect(classify(notListed).incomplete[0]).toMatch(/were not collected/);
  });

  it('a boundary that exists but was not read leaves every grant unknown', () => {
    const result = classify(role({ attached: [managedArn('AdministratorAccess')], boundary: `arn:aws:iam::${ACCOUNT}:policy/unread` }));
    expect(new Set(result.capabilities.map((c) => c.status))).toEqual(new Set(['unknown']));
  });

  it('whether a boundary exists not being read is a caveat only', () => {
    const result = classify(role({ attached: [managedArn('AdministratorAccess')] }));
    expect(capabilitiesOf(result, 'admin')[0]!.status).toBe('granted');
    expect(result.caveat).toMatch(/iam:GetRole/);
  });

  it('judges regional resources in the regions of the clusters', () => {
    const regional = role({ inline: { p: doc(allow('secretsmanager:GetSecretValue', `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:*`)) }, boundary: null });
    expect(ids(classify(regional, [], ['us-east-1']))).toEqual([]);
    expect(ids(classify(regional, [], ['us-east-1', 'eu-west-1']))).toEqual(['secrets-manager:granted']);
  });

  it('ships the documents of the common AWS managed policies, in every partition', () => {
    expect(knownAwsPolicy('arn:aws-cn:iam::aws:policy/AdministratorAccess')?.statements[0]?.actions).toEqual(['*']);
    expect(knownAwsPolicy('arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy')?.versionId).toMatch(/^v\d+$/);
    expect(knownAwsPolicy('arn:aws:iam::aws:policy/NotAPolicy')).toBeUndefined();
  });
});
