import { defineCheck, fail, pass, type Verdict } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import type { MessageData } from '../../core/message.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import { ecrExposures, exposureSeverity, listExposureActions, REPOSITORY_ACTIONS, type EcrActionSets } from '../../aws/ecr-policy.js';
import { AWS_TYPES, type EcrPolicyModel } from '../../aws/models.js';
import { skipped } from '../../aws/verdicts.js';
import { awsRecordsOf } from '../../aws/view.js';
import type { CheckContext } from '../../core/check.js';
import { awsExample } from './example.js';
import { ECR_PATHS, PULL, PUSH, repositoryPolicy, statement } from './ecr-policy-fixtures.js';
import { ACCOUNT } from './fixtures.js';

const EXPOSURE_MESSAGES = {
  publicWrite: 'statement {{statement}} lets anyone (Principal "*" without a condition that pins the caller) write ({{actions}})',
  publicRead: 'statement {{statement}} lets anyone (Principal "*" without a condition that pins the caller) read ({{actions}})',
  foreignWrite: 'statement {{statement}} lets account {{account}}, which is not in trustedAccounts write ({{actions}})',
  foreignRead: 'statement {{statement}} lets account {{account}}, which is not in trustedAccounts read ({{actions}})',
} as const;

/** The messages of an ECR policy check: one per kind of exposure, each after `owner`, which names the policy with the check's own placeholders. */
export function ecrPolicyMessages(owner: string): Record<keyof typeof EXPOSURE_MESSAGES, string> {
  const prefixed = (text: string) => `${owner}: ${text}`;
  return {
    publicWrite: prefixed(EXPOSURE_MESSAGES.publicWrite),
    publicRead: prefixed(EXPOSURE_MESSAGES.publicRead),
    foreignWrite: prefixed(EXPOSURE_MESSAGES.foreignWrite),
    foreignRead: prefixed(EXPOSURE_MESSAGES.foreignRead),
  };
}

/**
 * The verdicts of one ECR resource policy: a failure per public or foreign grant, graded by who
 * and what. `owner` is the data of the placeholders the check's `ecrPolicyMessages(owner)` prefix takes.
 */
export function judgeEcrPolicy(policy: EcrPolicyModel, ctx: CheckContext, options: { what: string; owner: MessageData; actions: EcrActionSets }): Verdict | Verdict[] {
  if (!policy.present) return pass(`${options.what} has no resource policy: only IAM principals of account ${policy.registryId ?? '(unknown)'} have access`);
  if (!policy.readable) return skipped(`the policy text of ${options.what} could not be decoded`);
  const exposures = ecrExposures(policy.statements, { owner: policy.registryId, trusted: ctx.settings.trustedAccounts ?? [], actions: options.actions });
  if (exposures.length === 0) return pass(`${options.what}: its policy grants access only to account ${policy.registryId ?? '(unknown)'}, trusted accounts or pinned callers`);
  return exposures.map((exposure) => {
    const access = exposure.access === 'write' ? 'Write' : 'Read';
    const shared = { ...options.owner, statement: exposure.statement + 1, actions: listExposureActions(exposure) };
    return fail({
      ...(exposure.who === 'public' ? { messageId: `public${access}`, data: shared } : { messageId: `foreign${access}`, data: { ...shared, account: exposure.who } }),
      path: fieldPath('policyText', 'Statement', exposure.statement),
      severity: exposureSeverity(exposure),
    });
  });
}

/**
 * EKS-ECR-001: fails for each statement of an ECR repository policy that lets anyone (Principal
 * `*` without a pinning condition) or an account outside the owner and `trustedAccounts` push or
 * pull; graded critical (public write) to medium (foreign read).
 */
export const ecrRepositoryPolicyOpen = defineCheck<EcrPolicyModel>({
  id: 'EKS-ECR-001',
  title: 'ECR repository policies must not grant access to everyone or to untrusted accounts',
  area: 'iam',
  severity: 'high',
  target: awsRecordsOf<EcrPolicyModel>(AWS_TYPES.ecrRepositoryPolicy),
  needs: [AWS_KEYS.ecrRepositories, AWS_KEYS.ecrRepositoryPolicies],
  rationale:
    'A repository policy is evaluated on top of IAM: a statement for Principal "*" lets any AWS account pull the images (with the code, and often the secrets, baked into them), and a push grant lets an outsider replace what the cluster runs on its next pull. Cross-account grants are common for CI or shared-services accounts; outside those, each one is an account whose compromise reaches the cluster\'s images.',
  remediation:
    'Remove the statement or narrow its Principal to the accounts or roles that need it, or pin a public principal with a condition (`aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:SourceVpce`). List accounts that may legitimately pull (CI, shared services) in `trustedAccounts` of `.eksguard.yaml`.',
  messages: ecrPolicyMessages('repository {{repository}}'),
  references: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html', 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/security_iam_service-with-iam.html'],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [ECR_PATHS.repositoryPolicy('payments/api')]: repositoryPolicy([statement({ AWS: `arn:aws:iam::${ACCOUNT}:role/ci` }, PUSH)]) })],
    fail: [awsExample({ [ECR_PATHS.repositoryPolicy('payments/api')]: repositoryPolicy([statement('*', PULL)]) })],
  }),
  evaluate(policy, ctx) {
    const repository = policy.repositoryName ?? '(unnamed)';
    return judgeEcrPolicy(policy, ctx, { what: `repository ${repository}`, owner: { repository }, actions: REPOSITORY_ACTIONS });
  },
});
