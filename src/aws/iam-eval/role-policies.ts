/**
 * The policies of one IAM role, gathered for the evaluator: inline policies, attached managed
 * policies (their default version, as collected, or the shipped copy of a well-known AWS managed
 * policy), and the permissions boundary. What was not collected is named, never assumed empty.
 */
import { UnknownValueError, type CheckContext } from '../../core/check.js';
import type { Inventory } from '../../core/inventory.js';
import { AWS_TYPES, type ManagedPolicyModel, type RoleModel } from '../models.js';
import { policyStatements } from '../policy.js';
import type { NamedPolicy, PolicySet } from './evaluate.js';
import { KNOWN_AWS_POLICIES } from './known-policies.js';

type Memo = Pick<CheckContext, 'memo'> & { inventory: Pick<Inventory, 'aws'> };

/** Managed policy documents of the inventory, by ARN; built once per run. */
export function managedPolicies(ctx: Memo): ReadonlyMap<string, ManagedPolicyModel> {
  return ctx.memo('aws:managed-policies', () => {
    const out = new Map<string, ManagedPolicyModel>();
    for (const record of ctx.inventory.aws) {
      if (record.type !== AWS_TYPES.managedPolicy) continue;
      const model = record.model as ManagedPolicyModel;
      if (!out.has(model.arn)) out.set(model.arn, model);
    }
    return out;
  });
}

const AWS_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\/(.+)$/;
const shipped = new Map<string, ManagedPolicyModel>();

/** The shipped document of a well-known AWS managed policy (any partition), if eksguard carries it. */
export function knownAwsPolicy(arn: string): ManagedPolicyModel | undefined {
  const key = AWS_MANAGED.exec(arn)?.[1];
  const entry = key ? KNOWN_AWS_POLICIES[key] : undefined;
  if (!key || !entry) return undefined;
  let model = shipped.get(arn);
  if (!model) {
    model = { arn, name: key.split('/').pop()!, versionId: entry[0], statements: policyStatements(entry[1]), readable: true };
    shipped.set(arn, model);
  }
  return model;
}

export function isAwsManagedPolicy(arn: string): boolean {
  return AWS_MANAGED.test(arn);
}

/** The document a policy ARN stands for: collected first, then the shipped copy. */
export function policyDocument(arn: string, collected: ReadonlyMap<string, ManagedPolicyModel>): ManagedPolicyModel | undefined {
  return collected.get(arn) ?? knownAwsPolicy(arn);
}

/** Reads a field of a model that infrastructure code may leave unknown until apply. */
function known<T>(read: () => T): { value: T } | { unknown: string } {
  try {
    return { value: read() };
  } catch (error) {
    if (error instanceof UnknownValueError) return { unknown: error.message };
    throw error;
  }
}

function managed(arn: string, collected: ReadonlyMap<string, ManagedPolicyModel>, missing: string[]): NamedPolicy | undefined {
  const document = policyDocument(arn, collected);
  if (!document) {
    missing.push(`the document of managed policy ${arn} (iam:GetPolicyVersion) was not collected`);
    return undefined;
  }
  // a policy from infrastructure code may hold a document known only after apply
  const read = known(() => ({ readable: document.readable, statements: document.statements }));
  if ('unknown' in read) {
    missing.push(`the document of managed policy ${arn}: ${read.unknown}`);
    return undefined;
  }
  if (!read.value.readable) {
    missing.push(`the document of managed policy ${arn} could not be decoded`);
    return undefined;
  }
  return { name: arn, statements: read.value.statements };
}

/** Everything the evaluator needs about one role, with what is missing named. */
export function rolePolicySet(role: RoleModel, collected: ReadonlyMap<string, ManagedPolicyModel>): PolicySet {
  const missing: string[] = [];
  const identity: NamedPolicy[] = [];
  const names = known(() => role.inlinePolicyNames);
  const inline = known(() => role.inlinePolicies);
  if ('unknown' in names) missing.push(`the inline policies of role ${role.name}: ${names.unknown}`);
  else if (names.value === undefined) missing.push(`the inline policies of role ${role.name} (iam:ListRolePolicies) were not collected`);
  else if ('unknown' in inline) missing.push(`the inline policies of role ${role.name}: ${inline.unknown}`);
  else {
    for (const name of names.value) {
      const statements = inline.value[name];
      if (statements) identity.push({ name: `inline policy ${name}`, statements });
      else missing.push(`inline policy ${name} of role ${role.name} (iam:GetRolePolicy) was not collected`);
    }
  }
  const attached = known(() => role.attachedPolicyArns);
  if ('unknown' in attached) missing.push(`the managed policies of role ${role.name}: ${attached.unknown}`);
  else if (attached.value === undefined) missing.push(`the managed policies of role ${role.name} (iam:ListAttachedRolePolicies) were not collected`);
  else {
    for (const arn of attached.value) {
      const policy = managed(arn, collected, missing);
      if (policy) identity.push(policy);
    }
  }
  const boundaryField = known(() => role.permissionsBoundary);
  let boundary: NamedPolicy | undefined;
  let boundaryUnknown: string | undefined;
  let boundaryUnread: string | undefined;
  if ('unknown' in boundaryField) boundaryUnknown = `the permissions boundary of role ${role.name}: ${boundaryField.unknown}`;
  else if (boundaryField.value === undefined) boundaryUnknown = `whether role ${role.name} has a permissions boundary (iam:GetRole) was not read`;
  else if (boundaryField.value.arn) {
    const unread: string[] = [];
    const document = managed(boundaryField.value.arn, collected, unread);
    // a boundary that could not be read may deny anything: no grant is certain
    if (document) boundary = { name: `permissions boundary ${boundaryField.value.arn}`, statements: document.statements };
    else boundaryUnread = unread[0]!;
  }
  return { identity, ...(boundary ? { boundary } : {}), missing, ...(boundaryUnknown ? { boundaryUnknown } : {}), ...(boundaryUnread ? { boundaryUnread } : {}) };
}
