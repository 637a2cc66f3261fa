import { defineCheck, fail, notApplicable, pass, type Verdict } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { NodegroupModel } from '../../aws/models.js';
import { classifyRole, describeCapability, type Capability } from '../../aws/iam-eval/capabilities.js';
import type { PolicySet } from '../../aws/iam-eval/evaluate.js';
import { managedPolicies, policyDocument, rolePolicySet } from '../../aws/iam-eval/role-policies.js';
import type { PolicyStatement, RoleModel } from '../../aws/models.js';
import { ADMIN_POLICY_NAMES, WORKER_POLICY_NAMES, isAwsManaged, policyName } from '../../aws/node-config.js';
import { EKS_BPG, skipped } from '../../aws/verdicts.js';
import { awsView, nodegroups } from '../../aws/view.js';
import { awsExample } from './example.js';
import type { CheckContext } from '../../core/check.js';
import { PATHS, WORKER_POLICIES, attachedPolicies, clusterResponse, ec2Trust, nodegroupResponse, roleJson } from './fixtures.js';

function fixture(policies: readonly string[]): Record<string, unknown> {
  return {
    [PATHS.cluster]: clusterResponse(),
    [PATHS.nodegroup()]: nodegroupResponse({ launchTemplate: undefined }),
    [PATHS.roles]: { Roles: [roleJson('eks-node-role', ec2Trust)] },
    [PATHS.attachedPolicies('eks-node-role')]: attachedPolicies(policies),
    [PATHS.rolePolicies('eks-node-role')]: { PolicyNames: [] },
  };
}

/**
 * What one policy of the node role grants that an attacker wants (admin, escalation, secrets or
 * data at large), judged by the same evaluator as workload roles, inside the role's boundary.
 */
function dangerousGrants(role: RoleModel, name: string, statements: readonly PolicyStatement[], ctx: CheckContext): Capability[] {
  const whole = rolePolicySet(role, managedPolicies(ctx));
  const set: PolicySet = { identity: [{ name, statements }], ...(whole.boundary ? { boundary: whole.boundary } : {}), missing: [] };
  const regions = [...new Set(awsView(ctx).clusters.map((cluster) => cluster.region))];
  const result = classifyRole(role, set, { regions });
  const admin = result.capabilities.filter((capability) => capability.method.kind === 'admin');
  const found = admin.length > 0 ? admin : result.capabilities.filter((capability) => ['escalation', 'secrets', 'data'].includes(capability.method.kind));
  return found.filter((capability) => capability.status !== 'unknown');
}

function grantText(grants: readonly Capability[]): string {
  const first = describeCapability(grants[0]!);
  return grants.length > 1 ? `${first} (and ${grants.length - 1} more)` : first;
}

const ATTACHED = fieldPath('AttachedPolicies');
const INLINE = fieldPath('PolicyNames');

/**
 * EKS-NODE-006: fails for each policy on the node IAM role beyond the worker policies: one that
 * grants admin, escalation or account-wide secrets or data (high), the CNI policy and other extra
 * or inline policies (medium).
 */
export const nodeRolePolicies = defineCheck<NodegroupModel>({
  id: 'EKS-NODE-006',
  title: 'The node IAM role should grant no more than the worker policies',
  area: 'nodes',
  severity: 'high',
  target: nodegroups,
  needs: [AWS_KEYS.nodegroups, AWS_KEYS.roles, AWS_KEYS.attachedPolicies, AWS_KEYS.inlinePolicies],
  rationale:
    'Every process on a node, and every pod that reaches the instance metadata service, can use the node role. Admin-like policies there turn any container escape or SSRF into account compromise; the VPC CNI policy (AmazonEKS_CNI_Policy) lets the holder rewire network interfaces and belongs on an IRSA or Pod Identity role for aws-node.',
  remediation:
    'Keep only AmazonEKSWorkerNodePolicy, AmazonEC2ContainerRegistryReadOnly (or PullOnly) and AmazonSSMManagedInstanceCore on the node role; move AmazonEKS_CNI_Policy to an IRSA/Pod Identity role for kube-system/aws-node and other permissions to per-workload roles.',
  messages: {
    cniPolicy: 'node role {{role}} carries AmazonEKS_CNI_Policy: every pod reaching IMDS can modify ENIs; give aws-node its own role',
    dangerousPolicy: 'node role {{role}} has {{policy}} attached, which grants {{grants}}: every pod reaching IMDS gets it',
    adminPolicy: 'node role {{role}} has {{policy}} attached',
    extraPolicy: 'node role {{role}} has extra policy {{policy}}: every pod reaching IMDS gets it',
    dangerousInline: 'node role {{role}} inline policy {{policy}} grants {{grants}}',
    inlinePolicy: 'node role {{role}} has inline policy {{policy}}: keep node permissions to the worker policies',
  },
  references: [`${EKS_BPG}/identity-and-access-management.html`, 'https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html'],
  standards: [],
  examples: () => ({
    pass: [awsExample(fixture(WORKER_POLICIES))],
    fail: [
      awsExample(fixture([...WORKER_POLICIES, 'arn:aws:iam::aws:policy/AdministratorAccess'])),
      awsExample(fixture([...WORKER_POLICIES, 'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy'])),
    ],
  }),
  evaluate(nodegroup, ctx) {
    if (!nodegroup.nodeRole) return notApplicable('the node group names no node role');
    const role = awsView(ctx).role(nodegroup.nodeRole);
    if (!role) return skipped(`role ${nodegroup.nodeRole} was not found in the collected data`);
    if (!role.attachedPolicyArns || !role.inlinePolicyNames) return skipped(`the policies of role ${role.name} were not collected`);
    const verdicts: Verdict[] = [];
    const collected = managedPolicies(ctx);
    for (const arn of role.attachedPolicyArns) {
      const name = policyName(arn);
      if (WORKER_POLICY_NAMES.has(name) && isAwsManaged(arn)) continue;
      if (name === 'AmazonEKS_CNI_Policy' && isAwsManaged(arn)) {
        verdicts.push(fail({ messageId: 'cniPolicy', data: { role: role.name }, path: ATTACHED, severity: 'medium' }));
        continue;
      }
      const document = policyDocument(arn, collected);
      const grants = document?.readable ? dangerousGrants(role, arn, document.statements, ctx) : [];
      if (grants.length > 0) verdicts.push(fail({ messageId: 'dangerousPolicy', data: { role: role.name, policy: name === arn ? arn : `${name} (${arn})`, grants: grantText(grants) }, path: ATTACHED, severity: 'high' }));
      else if (ADMIN_POLICY_NAMES.has(name) && isAwsManaged(arn)) verdicts.push(fail({ messageId: 'adminPolicy', data: { role: role.name, policy: name }, path: ATTACHED, severity: 'high' }));
      else verdicts.push(fail({ messageId: 'extraPolicy', data: { role: role.name, policy: arn }, path: ATTACHED, severity: 'medium' }));
    }
    for (const name of role.inlinePolicyNames) {
      const statements = role.inlinePolicies[name];
      const grants = statements ? dangerousGrants(role, `inline policy ${name}`, statements, ctx) : [];
      if (grants.length > 0) verdicts.push(fail({ messageId: 'dangerousInline', data: { role: role.name, policy: name, grants: grantText(grants) }, path: INLINE, severity: 'high' }));
      else verdicts.push(fail({ messageId: 'inlinePolicy', data: { role: role.name, policy: name }, path: INLINE, severity: 'medium' }));
    }
    return verdicts.length > 0 ? verdicts : pass(`node role ${role.name} carries only the worker policies`);
  },
});
