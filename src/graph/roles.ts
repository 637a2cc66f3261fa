/**
 * IAM roles in the graph and what they grant: each role a workload or node can obtain is
 * evaluated once (aws/iam-eval) and linked to the capabilities it holds, conditional ones marked,
 * and to an "unknown" node naming the documents that were not read.
 */
import { beyondAdmin, capabilitiesOf, describeCapability, type CapabilityKind, type RoleCapabilities } from '../aws/iam-eval/capabilities.js';
import { roleCapabilitiesOf } from '../aws/iam-eval/role-view.js';
import { accountOf, roleNameOf } from '../aws/json.js';
import { AWS_TYPES, type RoleModel } from '../aws/models.js';
import { awsView } from '../aws/view.js';
import { SEVERITIES, severityRank, type Severity } from '../core/types.js';
import { clusterAdminNode, ids, type BuildState } from './context.js';
import type { JewelKind } from './model.js';

const JEWEL_KINDS: readonly { kind: Exclude<CapabilityKind, 'eks-control'> & JewelKind; severity: Severity; label: (account: string) => string }[] = [
  { kind: 'admin', severity: 'critical', label: (account) => `admin of AWS account ${account}` },
  { kind: 'escalation', severity: 'critical', label: (account) => `admin of AWS account ${account} through IAM privilege escalation` },
  { kind: 'secrets', severity: 'high', label: (account) => `every secret of AWS account ${account}` },
  { kind: 'data', severity: 'high', label: (account) => `every S3 object of AWS account ${account}` },
];

function roleRecordLocation(state: BuildState, arn: string) {
  const record = state.ctx.inventory.aws.find((item) => item.type === AWS_TYPES.role && (item.ref.arn === arn || (item.model as RoleModel).arn === arn));
  return record?.location;
}

/** Why a role's permissions cannot be judged when the role itself is absent. */
function absentRole(state: BuildState, arn: string): string {
  if (!state.hasAws) return `what IAM role ${roleNameOf(arn) ?? arn} may do is unknown: no AWS data was collected (add --aws, --aws-snapshot or infrastructure code)`;
  return `IAM role ${arn} is not in the collected AWS data (another account, or not collected)`;
}

/** Adds (once) the node of an IAM role and the edges to what it grants. */
export function roleNode(state: BuildState, arn: string): string {
  const role = awsView(state.ctx).role(arn);
  // one node per role, whichever spelling of its ARN (with or without a path) names it
  const id = ids.role(role?.arn ?? arn);
  if (state.graph.nodes.has(id)) return id;
  const name = role?.name ?? roleNameOf(arn) ?? arn;
  const location = roleRecordLocation(state, role?.arn ?? arn);
  state.graph.node({ id, kind: 'iam-role', label: `IAM role ${name}`, resource: { arn: role?.arn ?? arn, type: AWS_TYPES.role, region: 'global' }, ...(location ? { location } : {}) });
  if (!role) {
    const unknown = ids.unknown(`role:${arn}`);
    const missing = absentRole(state, arn);
    state.graph.node({ id: unknown, kind: 'unknown', label: `what IAM role ${name} may do`, jewel: 'admin', missing });
    state.graph.edge({ from: id, to: unknown, kind: 'unknown', label: 'may grant', because: missing, severity: 'info', missing });
    return id;
  }
  addGrants(state, role, id);
  return id;
}

function addGrants(state: BuildState, role: RoleModel, id: string): void {
  const result = roleCapabilitiesOf(state.ctx, role);
  const account = accountOf(role.arn) ?? 'unknown';
  const caveat = result.caveat ? ` (${result.caveat}: a boundary would narrow this)` : '';
  for (const jewel of JEWEL_KINDS) {
    const best = capabilitiesOf(result, jewel.kind)[0];
    // full admin holds every other capability: its one edge says it all
    if (!best || !beyondAdmin(result, jewel.kind)) continue;
    const node = state.graph.node({ id: ids.capability(jewel.kind, account), kind: 'capability', label: jewel.label(account), resource: { arn: `arn:aws:iam::${account}:root`, type: 'AWS::IAM::Account', region: 'global' }, jewel: jewel.kind });
    const others = capabilitiesOf(result, jewel.kind).length - 1;
    state.graph.edge({
      from: id,
      to: node.id,
      kind: 'grants',
      label: best.status === 'conditional' ? 'grants, under conditions,' : 'grants',
      because: `${describeCapability(best)}: ${best.grantedBy.join('; ')}${others > 0 ? ` (and ${others} more way${others > 1 ? 's' : ''})` : ''}${caveat}`,
      severity: best.status === 'conditional' ? lower(jewel.severity) : jewel.severity,
      checkId: jewel.kind === 'secrets' || jewel.kind === 'data' ? 'EKS-IAM-010' : 'EKS-IAM-009',
      resource: { arn: role.arn, type: AWS_TYPES.role, region: 'global' },
      ...(best.status === 'conditional' ? { conditional: best.conditions.join('; ') } : {}),
      ...(best.status === 'unknown' && best.missing ? { missing: best.missing } : {}),
    });
  }
  if (beyondAdmin(result, 'eks-control')) addEksAccess(state, role, id, result, account);
  if (result.incomplete.length > 0) {
    const unknown = ids.unknown(`role-permissions:${role.arn}`);
    const missing = result.incomplete.slice(0, 3).join('; ') + (result.incomplete.length > 3 ? `; and ${result.incomplete.length - 3} more` : '');
    state.graph.node({ id: unknown, kind: 'unknown', label: `what else IAM role ${role.name} may do`, jewel: 'admin', missing });
    state.graph.edge({ from: id, to: unknown, kind: 'unknown', label: 'may grant', because: missing, severity: 'info', missing });
  }
}

/** eks:CreateAccessEntry + AssociateAccessPolicy: cluster-admin of every cluster of the account that reads access entries. */
function addEksAccess(state: BuildState, role: RoleModel, id: string, result: RoleCapabilities, account: string): void {
  const capability = capabilitiesOf(result, 'eks-control').find((item) => item.method.id === 'eks-access-entries');
  if (!capability) return;
  for (const cluster of awsView(state.ctx).clusters) {
    if ((cluster.accountId ?? accountOf(cluster.arn)) !== account) continue;
    if (cluster.accessConfig?.authenticationMode === 'CONFIG_MAP') continue;
    const admin = clusterAdminNode(state, cluster);
    state.graph.edge({
      from: id,
      to: admin,
      kind: 'grants',
      label: capability.status === 'conditional' ? 'makes itself, under conditions,' : 'makes itself',
      because: `${describeCapability(capability)}: ${capability.grantedBy.join('; ')}; the cluster's authentication mode reads access entries`,
      severity: capability.status === 'conditional' ? 'high' : 'critical',
      checkId: 'EKS-IAM-009',
      resource: { arn: role.arn, type: AWS_TYPES.role, region: 'global' },
      ...(capability.status === 'conditional' ? { conditional: capability.conditions.join('; ') } : {}),
      ...(capability.status === 'unknown' && capability.missing ? { missing: capability.missing } : {}),
    });
  }
}

/** One step less severe, never below low (info is not a graded finding). */
export function lower(severity: Severity): Severity {
  return SEVERITIES[Math.min(severityRank(severity) + 1, SEVERITIES.length - 2)]!;
}
