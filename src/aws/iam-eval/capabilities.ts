/**
 * What a role can do, in the terms an attacker cares about: full admin, IAM privilege
 * escalation (the known combinations, docs/attack-paths.md lists them with their sources),
 * secrets at large, data at large and control of EKS access. Each is a set of requests the
 * evaluator must allow together; "at large" requests are patterns over the whole account
 * (`arn:aws:secretsmanager:<region>:<account>:secret:*`), judged in each region the inventory
 * has clusters in, and granted when they are allowed in any of them.
 */
import type { RoleModel } from '../models.js';
import { decide, grants, type Decision, type PolicySet } from './evaluate.js';
import { isAwsManagedPolicy } from './role-policies.js';

export const CAPABILITY_KINDS = ['admin', 'escalation', 'secrets', 'data', 'eks-control'] as const;
export type CapabilityKind = (typeof CAPABILITY_KINDS)[number];

/** Where a request points: any resource of a type in the account, the role itself, or the customer managed policies it carries. */
type Scope = 'any' | 'self' | 'own-policies';

interface Need {
  /** any one of them is enough (`ssm:GetParameter` or `ssm:GetParameters`) */
  readonly actions: readonly string[];
  readonly scopes: readonly Scope[];
  /** resource pattern for `any`: `{p}` partition, `{a}` account, `{r}` region */
  readonly any: string;
}

export interface CapabilityMethod {
  readonly id: string;
  readonly kind: CapabilityKind;
  readonly title: string;
  readonly needs: readonly Need[];
  /** where the method is documented */
  readonly source?: string;
}

const RHINO = 'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/';
const BISHOP = 'https://github.com/BishopFox/iam-vulnerable/tree/main/modules/free-resources/privesc-paths';

const anyRole = '{p}:iam::{a}:role/*';
const anyUser = '{p}:iam::{a}:user/*';
const anyPolicy = '{p}:iam::{a}:policy/*';
const need = (action: string | readonly string[], any: string, scopes: readonly Scope[] = ['any']): Need => ({ actions: typeof action === 'string' ? [action] : action, any, scopes });
const passRole = need('iam:PassRole', anyRole);

/** The catalogue: every method is a conjunction of requests. */
export const CAPABILITY_METHODS: readonly CapabilityMethod[] = [
  { id: 'admin', kind: 'admin', title: 'every action on every resource', needs: [need('*', '*')] },
  { id: 'iam-create-policy-version', kind: 'escalation', title: 'iam:CreatePolicyVersion: rewrite a managed policy (its own, or any) with admin rights', needs: [need('iam:CreatePolicyVersion', anyPolicy, ['any', 'own-policies'])], source: `${RHINO} (1)` },
  { id: 'iam-set-default-policy-version', kind: 'escalation', title: 'iam:SetDefaultPolicyVersion: switch a managed policy to a broader old version', needs: [need('iam:SetDefaultPolicyVersion', anyPolicy, ['any', 'own-policies'])], source: `${RHINO} (2)` },
  { id: 'iam-attach-role-policy', kind: 'escalation', title: 'iam:AttachRolePolicy: attach AdministratorAccess to itself or another role', needs: [need('iam:AttachRolePolicy', anyRole, ['any', 'self'])], source: `${RHINO} (9)` },
  { id: 'iam-put-role-policy', kind: 'escalation', title: 'iam:PutRolePolicy: write an admin inline policy on itself or another role', needs: [need('iam:PutRolePolicy', anyRole, ['any', 'self'])], source: `${RHINO} (12)` },
  { id: 'iam-update-assume-role-policy', kind: 'escalation', title: 'iam:UpdateAssumeRolePolicy: let itself assume any role', needs: [need('iam:UpdateAssumeRolePolicy', anyRole)], source: `${RHINO} (14)` },
  { id: 'iam-create-access-key', kind: 'escalation', title: 'iam:CreateAccessKey: mint keys for any IAM user, admins included', needs: [need('iam:CreateAccessKey', anyUser)], source: `${RHINO} (4)` },
  { id: 'iam-create-login-profile', kind: 'escalation', title: 'iam:CreateLoginProfile: set a console password for any IAM user', needs: [need('iam:CreateLoginProfile', anyUser)], source: `${RHINO} (5)` },
  { id: 'iam-update-login-profile', kind: 'escalation', title: 'iam:UpdateLoginProfile: reset the console password of any IAM user', needs: [need('iam:UpdateLoginProfile', anyUser)], source: `${RHINO} (6)` },
  { id: 'passrole-ec2', kind: 'escalation', title: 'iam:PassRole + ec2:RunInstances: start an instance with any role', needs: [passRole, need('ec2:RunInstances', '*')], source: `${RHINO} (3)` },
  { id: 'passrole-lambda-invoke', kind: 'escalation', title: 'iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction: run code as any role', needs: [passRole, need('lambda:CreateFunction', '{p}:lambda:{r}:{a}:function:*'), need('lambda:InvokeFunction', '{p}:lambda:{r}:{a}:function:*')], source: `${RHINO} (15)` },
  { id: 'passrole-lambda-event', kind: 'escalation', title: 'iam:PassRole + lambda:CreateFunction + lambda:CreateEventSourceMapping: run code as any role on an event', needs: [passRole, need('lambda:CreateFunction', '{p}:lambda:{r}:{a}:function:*'), need('lambda:CreateEventSourceMapping', '*')], source: `${RHINO} (16)` },
  { id: 'lambda-update-code', kind: 'escalation', title: 'lambda:UpdateFunctionCode: replace the code of any function and run as its role', needs: [need('lambda:UpdateFunctionCode', '{p}:lambda:{r}:{a}:function:*')], source: `${RHINO} (17)` },
  { id: 'passrole-glue', kind: 'escalation', title: 'iam:PassRole + glue:CreateDevEndpoint: a Glue endpoint with any role', needs: [passRole, need('glue:CreateDevEndpoint', '*')], source: `${RHINO} (18)` },
  { id: 'glue-update-dev-endpoint', kind: 'escalation', title: 'glue:UpdateDevEndpoint: take over an existing Glue endpoint and its role', needs: [need('glue:UpdateDevEndpoint', '*')], source: `${RHINO} (19)` },
  { id: 'passrole-cloudformation', kind: 'escalation', title: 'iam:PassRole + cloudformation:CreateStack: a stack that runs as any role', needs: [passRole, need('cloudformation:CreateStack', '{p}:cloudformation:{r}:{a}:stack/*')], source: `${RHINO} (20)` },
  { id: 'passrole-datapipeline', kind: 'escalation', title: 'iam:PassRole + datapipeline:CreatePipeline + PutPipelineDefinition: a pipeline that runs as any role', needs: [passRole, need('datapipeline:CreatePipeline', '*'), need('datapipeline:PutPipelineDefinition', '*')], source: `${RHINO} (21)` },
  { id: 'passrole-ecs', kind: 'escalation', title: 'iam:PassRole + ecs:RegisterTaskDefinition + ecs:RunTask: a task that runs as any role', needs: [passRole, need('ecs:RegisterTaskDefinition', '*'), need('ecs:RunTask', '*')], source: 'https://pathfinding.cloud (ecs)' },
  { id: 'passrole-codebuild', kind: 'escalation', title: 'iam:PassRole + codebuild:CreateProject + codebuild:StartBuild: a build that runs as any role', needs: [passRole, need('codebuild:CreateProject', '{p}:codebuild:{r}:{a}:project/*'), need('codebuild:StartBuild', '{p}:codebuild:{r}:{a}:project/*')], source: `${BISHOP}/privesc-codeBuildCreateProjectPassRole.tf` },
  { id: 'passrole-sagemaker', kind: 'escalation', title: 'iam:PassRole + sagemaker:CreateNotebookInstance + CreatePresignedNotebookInstanceUrl: a notebook that runs as any role', needs: [passRole, need('sagemaker:CreateNotebookInstance', '{p}:sagemaker:{r}:{a}:notebook-instance/*'), need('sagemaker:CreatePresignedNotebookInstanceUrl', '{p}:sagemaker:{r}:{a}:notebook-instance/*')], source: `${BISHOP}/privesc-sageMakerCreateNotebookPassRole.tf` },
  { id: 'ssm-send-command', kind: 'escalation', title: 'ssm:SendCommand: run commands on every managed instance and use its role', needs: [need('ssm:SendCommand', '{p}:ec2:{r}:{a}:instance/*')], source: `${BISHOP}/privesc-ssmSendCommand.tf` },
  { id: 'sts-assume-any-role', kind: 'escalation', title: 'sts:AssumeRole on every role: becomes any role whose trust policy trusts this account', needs: [need('sts:AssumeRole', anyRole)], source: `${BISHOP}/privesc-AssumeRole.tf` },
  { id: 'secrets-manager', kind: 'secrets', title: 'secretsmanager:GetSecretValue on every secret', needs: [need('secretsmanager:GetSecretValue', '{p}:secretsmanager:{r}:{a}:secret:*')] },
  { id: 'ssm-parameters', kind: 'secrets', title: 'ssm:GetParameter(s) on every SSM parameter (SecureString values too, with the AWS managed aws/ssm key)', needs: [need(['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'], '{p}:ssm:{r}:{a}:parameter/*')] },
  { id: 'kms-decrypt', kind: 'secrets', title: 'kms:Decrypt with every KMS key', needs: [need('kms:Decrypt', '{p}:kms:{r}:{a}:key/*')] },
  { id: 's3-read', kind: 'data', title: 's3:GetObject on every bucket', needs: [need('s3:GetObject', '{p}:s3:::*/*')] },
  { id: 's3-write', kind: 'data', title: 's3:PutObject on every bucket', needs: [need('s3:PutObject', '{p}:s3:::*/*')] },
  { id: 's3-delete', kind: 'data', title: 's3:DeleteObject on every bucket', needs: [need('s3:DeleteObject', '{p}:s3:::*/*')] },
  { id: 'eks-access-entries', kind: 'eks-control', title: 'eks:CreateAccessEntry + eks:AssociateAccessPolicy: make any principal, itself included, cluster admin', needs: [need('eks:CreateAccessEntry', '{p}:eks:{r}:{a}:cluster/*'), need('eks:AssociateAccessPolicy', '{p}:eks:{r}:{a}:access-entry/*')] },
  { id: 'eks-cluster-config', kind: 'eks-control', title: 'eks:UpdateClusterConfig: open the API endpoint, change the authentication mode, turn off audit logs', needs: [need('eks:UpdateClusterConfig', '{p}:eks:{r}:{a}:cluster/*')] },
];

export type CapabilityStatus = 'granted' | 'conditional' | 'unknown';

export interface Capability {
  readonly method: CapabilityMethod;
  readonly status: CapabilityStatus;
  /** `iam:PassRole on arn:aws:iam::1:role/* (inline policy x)` per request */
  readonly grantedBy: readonly string[];
  readonly conditions: readonly string[];
  readonly except: readonly string[];
  /** why a grant is not certain (an unread permissions boundary) */
  readonly missing?: string;
}

export interface RoleCapabilities {
  readonly capabilities: readonly Capability[];
  /** documents not read: a capability not listed may still be granted */
  readonly incomplete: readonly string[];
  /** whether a permissions boundary exists was not read: the grants hold unless one does */
  readonly caveat?: string;
}

export interface ClassifyScope {
  /** regions to judge regional resources in; `*` when none is known */
  readonly regions: readonly string[];
}

interface ArnParts {
  partition: string;
  account: string;
}

function arnParts(arn: string): ArnParts {
  const parts = arn.split(':');
  return { partition: parts[1] || 'aws', account: parts[4] || '*' };
}

function expand(template: string, parts: ArnParts, region: string): string {
  if (template === '*') return '*';
  return `arn:${template.replace('{p}', parts.partition).replace('{a}', parts.account).replace('{r}', region)}`;
}

function resourcesFor(needed: Need, role: RoleModel, ownPolicies: readonly string[], parts: ArnParts, region: string): string[] {
  const out: string[] = [];
  for (const scope of needed.scopes) {
    if (scope === 'any') out.push(expand(needed.any, parts, region));
    else if (scope === 'self') out.push(role.arn);
    else out.push(...ownPolicies);
  }
  return out;
}

const OUTCOME_ORDER = { allowed: 0, conditional: 1, 'implicit-deny': 2, denied: 3 } as const;

interface Found {
  decision: Decision;
  action: string;
  resource: string;
}

/** The best decision over the actions and resources one need may use. */
function bestDecision(set: PolicySet, actions: readonly string[], resources: readonly string[]): Found | undefined {
  let best: Found | undefined;
  for (const action of actions) {
    for (const resource of resources) {
      const decision = decide(set, { action, resource });
      if (!best || OUTCOME_ORDER[decision.outcome] < OUTCOME_ORDER[best.decision.outcome]) best = { decision, action, resource };
      if (decision.outcome === 'allowed') return best;
    }
  }
  return best;
}

function judgeMethod(method: CapabilityMethod, set: PolicySet, role: RoleModel, ownPolicies: readonly string[], parts: ArnParts, regions: readonly string[]): Capability | undefined {
  let best: Capability | undefined;
  for (const region of regions) {
    const grantedBy: string[] = [];
    const conditions: string[] = [];
    const except: string[] = [];
    let conditional = false;
    let ok = true;
    for (const needed of method.needs) {
      const found = bestDecision(set, needed.actions, resourcesFor(needed, role, ownPolicies, parts, region));
      if (!found || !grants(found.decision)) {
        ok = false;
        break;
      }
      if (found.decision.outcome === 'conditional') conditional = true;
      const by = [...new Set(found.decision.allowedBy.map((ref) => ref.policy))].join(', ');
      grantedBy.push(`${found.action} on ${found.resource}${by ? ` (${by})` : ''}`);
      conditions.push(...found.decision.conditions);
      except.push(...found.decision.except);
    }
    // full admin with actions carved out is not full admin: the escalation methods judge what is left
    if (!ok || (method.kind === 'admin' && except.length > 0)) continue;
    const capability: Capability = {
      method,
      status: set.boundaryUnread ? 'unknown' : conditional ? 'conditional' : 'granted',
      grantedBy,
      conditions: [...new Set(conditions)],
      except: [...new Set(except)],
      ...(set.boundaryUnread ? { missing: set.boundaryUnread } : {}),
    };
    if (capability.status === 'granted') return capability;
    best ??= capability;
  }
  return best;
}

/** Every capability the role's policies grant, with conditions and exceptions named, and what could not be read. */
export function classifyRole(role: RoleModel, set: PolicySet, scope: ClassifyScope): RoleCapabilities {
  const parts = arnParts(role.arn);
  const regions = scope.regions.length > 0 ? scope.regions : ['*'];
  const ownPolicies = identityPolicyArns(set).filter((arn) => !isAwsManagedPolicy(arn));
  const capabilities: Capability[] = [];
  for (const method of CAPABILITY_METHODS) {
    const found = judgeMethod(method, set, role, ownPolicies, parts, regions);
    if (found) capabilities.push(found);
  }
  return { capabilities, incomplete: set.missing, ...(set.boundaryUnknown ? { caveat: set.boundaryUnknown } : {}) };
}

function identityPolicyArns(set: PolicySet): string[] {
  return set.identity.map((policy) => policy.name).filter((name) => name.startsWith('arn:'));
}

/** The capabilities of one kind, strongest first (granted before conditional before unknown). */
export function capabilitiesOf(result: RoleCapabilities, kind: CapabilityKind): Capability[] {
  const order = { granted: 0, conditional: 1, unknown: 2 } as const;
  return result.capabilities.filter((capability) => capability.method.kind === kind).sort((a, b) => order[a.status] - order[b.status]);
}

/**
 * Whether a capability of this kind says anything the role's admin capability does not: full
 * admin holds everything; a conditional admin still leaves an unconditional escalation, secrets,
 * data and EKS control worth reporting, but not a conditional escalation.
 */
export function beyondAdmin(result: RoleCapabilities, kind: CapabilityKind): boolean {
  if (kind === 'admin') return true;
  const admin = capabilitiesOf(result, 'admin')[0];
  if (!admin) return true;
  if (admin.status === 'granted') return false;
  if (kind !== 'escalation') return true;
  return capabilitiesOf(result, 'escalation')[0]?.status === 'granted';
}

/** `granted`, `conditional (StringEquals aws:ResourceTag/team)`, with exceptions. */
export function describeCapability(capability: Capability): string {
  const parts = [capability.method.title];
  if (capability.status === 'conditional') parts.push(`only under conditions (${capability.conditions.join('; ')})`);
  if (capability.status === 'unknown' && capability.missing) parts.push(`if ${capability.missing.replace(/ was not read$/, '')} allows it (not read)`);
  if (capability.except.length > 0) parts.push(`except ${capability.except.join(', ')}`);
  return parts.join(', ');
}
