import { defineCheck } from '../../core/check.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { RoleModel } from '../../aws/models.js';
import { EKS_BPG } from '../../aws/verdicts.js';
import { allow, irsaExample } from '../paths/examples.js';
import { CAPABILITY_MESSAGE, judgeCapabilities, workloadRoles } from './workload-roles.js';

/**
 * EKS-IAM-009: fails for a workload IAM role (IRSA or Pod Identity) whose policies, inside its
 * permissions boundary, make it AWS account admin or let it escalate its own IAM privileges.
 */
export const workloadRoleAdminOrEscalation = defineCheck<RoleModel>({
  id: 'EKS-IAM-009',
  title: 'Workload IAM roles must not be AWS admin or able to escalate their privileges',
  area: 'iam',
  severity: 'critical',
  target: workloadRoles,
  needs: [AWS_KEYS.roles, AWS_KEYS.attachedPolicies, AWS_KEYS.inlinePolicies, AWS_KEYS.managedPolicies],
  rationale:
    "A role that pods assume through IRSA or EKS Pod Identity is in the hands of every process of those pods and of anyone who exploits them. If it may do everything (`*` on `*`), or holds a known privilege-escalation combination (iam:PassRole with a service that runs code, iam:CreatePolicyVersion, iam:AttachRolePolicy or PutRolePolicy on itself, iam:UpdateAssumeRolePolicy, iam:CreateAccessKey on other users …), one compromised pod is the whole AWS account. The evaluator reads the role's attached, inline and boundary policies; grants under an IAM condition are reported as conditional.",
  remediation:
    'Give the workload a role with only the actions and resources it uses (IAM Access Analyzer can generate one from CloudTrail), remove iam:* and iam:PassRole on `*`, and add a permissions boundary that denies IAM writes to every workload role.',
  messages: { admin: CAPABILITY_MESSAGE, escalation: CAPABILITY_MESSAGE },
  references: [`${EKS_BPG}/identity-and-access-management.html`, 'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html'],
  examples: () => ({
    pass: [irsaExample({ internal: true, inline: allow('s3:GetObject', 'arn:aws:s3:::payments-reports/*') })],
    fail: [irsaExample({ internal: true, managed: ['arn:aws:iam::aws:policy/AdministratorAccess'] }), irsaExample({ internal: true, inline: allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']) })],
  }),
  standards: [],
  evaluate: (role, ctx) =>
    judgeCapabilities(
      role,
      ctx,
      [
        { kind: 'admin', messageId: 'admin', granted: 'critical', conditional: 'high' },
        { kind: 'escalation', messageId: 'escalation', granted: 'critical', conditional: 'high' },
      ],
      'is neither admin nor able to escalate its privileges',
    ),
});
