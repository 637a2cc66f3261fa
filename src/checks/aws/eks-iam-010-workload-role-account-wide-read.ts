import { defineCheck } from '../../core/check.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { RoleModel } from '../../aws/models.js';
import { EKS_BPG } from '../../aws/verdicts.js';
import { allow, irsaExample } from '../paths/examples.js';
import { CAPABILITY_MESSAGE, judgeCapabilities, workloadRoles } from './workload-roles.js';

/**
 * EKS-IAM-010: fails for a workload IAM role (IRSA or Pod Identity) whose policies, inside its
 * permissions boundary, read secrets or data across the account.
 */
export const workloadRoleAccountWideRead = defineCheck<RoleModel>({
  id: 'EKS-IAM-010',
  title: 'Workload IAM roles should not read secrets or data account-wide',
  area: 'iam',
  severity: 'high',
  target: workloadRoles,
  needs: [AWS_KEYS.roles, AWS_KEYS.attachedPolicies, AWS_KEYS.inlinePolicies, AWS_KEYS.managedPolicies],
  rationale:
    'A pod role that reads every secret (secretsmanager:GetSecretValue, ssm:GetParameter or kms:Decrypt on every resource) or reads or writes every S3 bucket of the account turns one compromised pod into a breach of everything else the account stores. Applications need their own secrets and buckets, named in the policy.',
  remediation:
    'Name the resources in the policy: `arn:aws:secretsmanager:<region>:<account>:secret:<app>/*`, `arn:aws:ssm:<region>:<account>:parameter/<app>/*`, the key ARNs for kms:Decrypt, `arn:aws:s3:::<bucket>/*` for S3.',
  messages: { secretsRead: CAPABILITY_MESSAGE, dataRead: CAPABILITY_MESSAGE },
  references: [`${EKS_BPG}/identity-and-access-management.html`, `${EKS_BPG}/data-encryption-and-secrets-management.html`],
  examples: () => ({
    pass: [irsaExample({ internal: true, inline: allow('secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:payments/*') })],
    fail: [irsaExample({ internal: true, inline: allow('secretsmanager:GetSecretValue') }), irsaExample({ internal: true, inline: allow('s3:*') })],
  }),
  standards: [],
  evaluate: (role, ctx) =>
    judgeCapabilities(
      role,
      ctx,
      [
        { kind: 'secrets', messageId: 'secretsRead', granted: 'high', conditional: 'medium' },
        { kind: 'data', messageId: 'dataRead', granted: 'high', conditional: 'medium' },
      ],
      'reads no secrets or data account-wide',
    ),
});
