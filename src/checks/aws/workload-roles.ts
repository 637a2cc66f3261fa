/**
 * The roles workloads can obtain: those an EKS OIDC provider may assume (IRSA), those the EKS Pod
 * Identity agent may assume, and those a ServiceAccount annotation or a Pod Identity association
 * names. EKS-IAM-009 and EKS-IAM-010 judge what the evaluator says they may do.
 */
import { UnknownValueError, fail, type CheckContext, type Subject, type Target, type Verdict } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { beyondAdmin, capabilitiesOf, describeCapability, type CapabilityKind } from '../../aws/iam-eval/capabilities.js';
import { roleCapabilitiesOf } from '../../aws/iam-eval/role-view.js';
import { irsaStatements } from '../../aws/irsa.js';
import { roleNameOf } from '../../aws/json.js';
import { AWS_TYPES, type RoleModel } from '../../aws/models.js';
import { skipped } from '../../aws/verdicts.js';
import { renderMessage } from '../../core/message.js';
import { awsView, subjectOf } from '../../aws/view.js';
import { record, stringMap } from '../../k8s/fields.js';
import { objectsOf } from '../../k8s/targets.js';

const ROLE_ANNOTATION = 'eks.amazonaws.com/role-arn';

/** Who a workload role is for, for messages: `IRSA for payments/api`, `Pod Identity for kube-system/aws-node`. */
function usersOf(role: RoleModel, ctx: CheckContext): string[] {
  return ctx.memo('aws:workload-role-users', () => {
    const out = new Map<string, string[]>();
    const add = (name: string | undefined, who: string) => {
      if (!name) return;
      out.set(name, [...(out.get(name) ?? []), who]);
    };
    for (const account of objectsOf('ServiceAccount', ctx)) {
      const arn = stringMap(record(record(account.raw['metadata'])['annotations']))[ROLE_ANNOTATION];
      add(roleNameOf(arn), `ServiceAccount ${account.namespace ?? 'default'}/${account.name} (IRSA)`);
    }
    for (const association of awsView(ctx).podIdentity) add(roleNameOf(association.targetRoleArn ?? association.roleArn), `ServiceAccount ${association.namespace}/${association.serviceAccount} (Pod Identity)`);
    return out;
  }).get(role.name) ?? [];
}

function trustsWorkloads(role: RoleModel): boolean {
  try {
    return irsaStatements(role).length > 0 || role.trust.some((statement) => statement.effect === 'Allow' && (statement.principals['Service'] ?? []).includes('pods.eks.amazonaws.com'));
  } catch (error) {
    // a trust policy known only after apply: the role is judged if something names it
    if (error instanceof UnknownValueError) return false;
    throw error;
  }
}

export const workloadRoles: Target<RoleModel> = {
  id: 'aws:workload-roles',
  select(inventory, ctx) {
    return inventory.aws
      .filter((entry) => entry.type === AWS_TYPES.role)
      .filter((entry) => {
        const role = entry.model as RoleModel;
        return trustsWorkloads(role) || usersOf(role, ctx).length > 0;
      })
      .map((entry): Subject<RoleModel> => subjectOf<RoleModel>(entry));
  },
};

/**
 * The message of one capability a workload role holds (EKS-IAM-009/010 declare it under one ID per
 * capability kind). {{usedBy}}, {{others}} and {{caveat}} are empty when they do not apply:
 * ` (used by …)` when a ServiceAccount or association names the role, ` (and N more: …)` for further
 * ways to the same capability, `; <caveat>, and a boundary would narrow this` when whether the role
 * has a permissions boundary was not read.
 */
export const CAPABILITY_MESSAGE = 'workload role {{role}}{{usedBy}} is granted {{capability}}: {{grantedBy}}{{others}}{{caveat}}';

/** One capability kind a check judges, the message ID it reports it under and its severities. */
export interface JudgedCapability {
  kind: CapabilityKind;
  messageId: string;
  granted: 'critical' | 'high';
  conditional: 'high' | 'medium';
}

/** Failed verdicts for the capabilities of the given kinds; skipped when nothing was found and documents were not read. */
export function judgeCapabilities(role: RoleModel, ctx: CheckContext, kinds: readonly JudgedCapability[], none: string): Verdict | Verdict[] {
  const result = roleCapabilitiesOf(ctx, role);
  const users = usersOf(role, ctx);
  const usedBy = users.length > 0 ? ` (used by ${users.slice(0, 3).join(', ')}${users.length > 3 ? ` and ${users.length - 3} more` : ''})` : '';
  const caveat = result.caveat ? `; ${result.caveat}, and a boundary would narrow this` : '';
  const verdicts: Verdict[] = [];
  // full admin holds every other capability: where admin is judged, one verdict says it
  const judgesAdmin = kinds.some((entry) => entry.kind === 'admin');
  for (const { kind, messageId, granted, conditional } of kinds) {
    if (judgesAdmin && !beyondAdmin(result, kind)) continue;
    // one verdict per kind: the strongest grant, the others counted
    const [capability, ...others] = capabilitiesOf(result, kind);
    if (!capability) continue;
    const data = {
      role: role.name,
      usedBy,
      capability: describeCapability(capability),
      grantedBy: capability.grantedBy.join('; '),
      others: others.length > 0 ? ` (and ${others.length} more: ${others.slice(0, 4).map((other) => other.method.id).join(', ')}${others.length > 4 ? ', …' : ''})` : '',
      caveat,
    };
    if (capability.status === 'unknown') verdicts.push(skipped(`${renderMessage(CAPABILITY_MESSAGE, data)}; not certain: ${capability.missing}`));
    else verdicts.push(fail({ messageId, data, path: fieldPath('AttachedPolicies'), severity: capability.status === 'conditional' ? conditional : granted }));
  }
  if (verdicts.length > 0) return verdicts;
  if (result.incomplete.length > 0) return skipped(`what workload role ${role.name} may do cannot be told: ${result.incomplete.slice(0, 3).join('; ')}`);
  return { status: 'pass', message: `workload role ${role.name} ${none}` };
}
