/**
 * What the roles workloads and nodes can obtain are allowed to do: for every node and Fargate
 * role, every role an EKS OIDC provider (IRSA) or EKS Pod Identity can assume, and every role a
 * Pod Identity association names, its attached and inline policies, its permissions boundary
 * (GetRole: ListRoles leaves it out), and the default version of each managed policy involved.
 * Read-only calls only; a denied call is a gap, as everywhere in this source.
 */
import { GetPolicyCommand, GetPolicyVersionCommand, GetRoleCommand, GetRolePolicyCommand, paginateListAttachedRolePolicies, paginateListRolePolicies, type IAMClient } from '@aws-sdk/client-iam';
import { irsaStatements } from '../../aws/irsa.js';
import { record, records, roleNameOf, str, strings } from '../../aws/json.js';
import type { RoleModel } from '../../aws/models.js';
import { roleFrom } from '../../aws/normalize/services.js';
import { SNAPSHOT_PATHS } from '../aws-snapshot/layout.js';
import type { ClusterFacts } from './collect-eks.js';
import { mapLimit } from '../concurrency.js';
import { allPages, plainJson, type CollectionRun } from './run.js';

/** Roles whose policies are read at most: an account with more workload roles is read in part, and says so. */
export const MAX_WORKLOAD_ROLES = 1_000;
/** Managed policies whose documents are read at most. */
export const MAX_POLICIES = 2_000;

function trustsPodIdentity(role: RoleModel): boolean {
  return role.trust.some((statement) => statement.effect === 'Allow' && (statement.principals['Service'] ?? []).includes('pods.eks.amazonaws.com'));
}

/** Role names the run already named elsewhere: node roles, Fargate pod execution roles, Pod Identity associations. */
function namedRoles(run: CollectionRun, clusters: readonly ClusterFacts[]): Set<string> {
  const names = new Set<string>();
  for (const facts of clusters) {
    for (const nodegroup of facts.nodegroups) names.add(roleNameOf(str(nodegroup['nodeRole'])) ?? '');
    for (const profile of facts.fargateProfiles) names.add(roleNameOf(str(profile['podExecutionRoleArn'])) ?? '');
  }
  for (const [path, body] of run.files) {
    if (!path.includes('/pod-identity-associations/')) continue;
    const association = record(body['association']);
    names.add(roleNameOf(str(association['roleArn'])) ?? '');
    names.add(roleNameOf(str(association['targetRoleArn'])) ?? '');
  }
  names.delete('');
  return names;
}

/** The roles whose permissions attack paths need, in a stable order, bounded. */
export function rolesOfInterest(run: CollectionRun, clusters: readonly ClusterFacts[]): { names: string[]; left: number } {
  const listed = run.files.get(SNAPSHOT_PATHS.iam('list-roles'));
  const wanted = namedRoles(run, clusters);
  for (const raw of records(listed?.['Roles'])) {
    const role = roleFrom(raw);
    if (role && (irsaStatements(role).length > 0 || trustsPodIdentity(role))) wanted.add(role.name);
  }
  const names = [...wanted].sort();
  return { names: names.slice(0, MAX_WORKLOAD_ROLES), left: Math.max(0, names.length - MAX_WORKLOAD_ROLES) };
}

async function collectRoleLists(run: CollectionRun, iam: IAMClient, roleName: string): Promise<string[]> {
  let attachedFile = run.files.get(SNAPSHOT_PATHS.role(roleName, 'list-attached-role-policies'));
  if (!attachedFile) {
    attachedFile = await run.call('iam:ListAttachedRolePolicies', roleName, () => allPages(paginateListAttachedRolePolicies({ client: iam }, { RoleName: roleName }), ['AttachedPolicies']));
    if (attachedFile) run.record(SNAPSHOT_PATHS.role(roleName, 'list-attached-role-policies'), attachedFile);
  }
  if (!run.files.has(SNAPSHOT_PATHS.role(roleName, 'list-role-policies'))) {
    const inline = await run.call('iam:ListRolePolicies', roleName, () => allPages(paginateListRolePolicies({ client: iam }, { RoleName: roleName }), ['PolicyNames']));
    if (inline) {
      run.record(SNAPSHOT_PATHS.role(roleName, 'list-role-policies'), inline);
      for (const policyName of strings(inline['PolicyNames'])) {
        const policy = await run.call('iam:GetRolePolicy', `${roleName}/${policyName}`, async () => plainJson(await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }))));
        if (policy) run.record(SNAPSHOT_PATHS.role(roleName, `inline-${policyName}`), policy);
      }
    }
  }
  return records(attachedFile?.['AttachedPolicies']).map((policy) => str(policy['PolicyArn'])).filter((arn): arn is string => !!arn);
}

async function collectPolicy(run: CollectionRun, iam: IAMClient, arn: string): Promise<void> {
  const policy = await run.call('iam:GetPolicy', arn, async () => plainJson(await iam.send(new GetPolicyCommand({ PolicyArn: arn }))));
  if (!policy) return;
  run.record(SNAPSHOT_PATHS.policy(arn, 'get-policy'), policy);
  const versionId = str(record(policy['Policy'])['DefaultVersionId']);
  if (!versionId) return;
  const version = await run.call('iam:GetPolicyVersion', `${arn}@${versionId}`, async () => plainJson(await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }))));
  if (version) run.record(SNAPSHOT_PATHS.policy(arn, 'get-policy-version'), version);
}

/** Reads the policies of the roles of interest (after collectIam has listed the roles). */
export async function collectRolePolicies(run: CollectionRun, iam: IAMClient, clusters: readonly ClusterFacts[]): Promise<void> {
  const { names, left } = rolesOfInterest(run, clusters);
  if (left > 0) {
    run.fail({ action: 'iam:GetRole', scope: 'global', reason: `more than ${MAX_WORKLOAD_ROLES} roles workloads or nodes can use: the policies of ${left} of them were not read`, keys: [] });
  }
  const policyArns = new Set<string>();
  await mapLimit(names, run.concurrency, async (roleName) => {
    for (const arn of await collectRoleLists(run, iam, roleName)) policyArns.add(arn);
    const role = await run.call('iam:GetRole', roleName, async () => plainJson(await iam.send(new GetRoleCommand({ RoleName: roleName }))));
    if (!role) return;
    run.record(SNAPSHOT_PATHS.role(roleName, 'get-role'), role);
    const boundary = str(record(record(role['Role'])['PermissionsBoundary'])['PermissionsBoundaryArn']);
    if (boundary) policyArns.add(boundary);
  });
  const arns = [...policyArns].sort();
  if (arns.length > MAX_POLICIES) {
    run.fail({ action: 'iam:GetPolicyVersion', scope: 'global', reason: `more than ${MAX_POLICIES} managed policies: ${arns.length - MAX_POLICIES} were not read` });
  }
  await mapLimit(arns.slice(0, MAX_POLICIES), run.concurrency, (arn) => collectPolicy(run, iam, arn));
}
