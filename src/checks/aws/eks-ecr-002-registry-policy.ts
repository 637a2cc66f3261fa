import { defineCheck } from '../../core/check.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import { REGISTRY_ACTIONS } from '../../aws/ecr-policy.js';
import { AWS_TYPES, type EcrPolicyModel } from '../../aws/models.js';
import { awsRecordsOf } from '../../aws/view.js';
import { awsExample } from './example.js';
import { ECR_PATHS, registryPolicy, statement } from './ecr-policy-fixtures.js';
import { ecrPolicyMessages, judgeEcrPolicy } from './eks-ecr-001-repository-policy.js';

/**
 * EKS-ECR-002: fails for each statement of the ECR registry policy that lets anyone or an
 * account outside the owner and `trustedAccounts` replicate into the registry, create
 * repositories or import through pull-through cache rules.
 */
export const ecrRegistryPolicyOpen = defineCheck<EcrPolicyModel>({
  id: 'EKS-ECR-002',
  title: 'The ECR registry policy must not let everyone or untrusted accounts replicate or create repositories',
  area: 'iam',
  severity: 'high',
  target: awsRecordsOf<EcrPolicyModel>(AWS_TYPES.ecrRegistryPolicy),
  needs: [AWS_KEYS.ecrRegistryPolicy],
  rationale:
    'The registry policy decides who may replicate images into this registry (ecr:ReplicateImage), create repositories in it (ecr:CreateRepository) and fill pull-through caches. An account granted these can place images under names the cluster pulls from, or create the repository a deployment expects before its owner does.',
  remediation:
    'Grant replication only to the source registries you replicate from, by account ID, and list them in `trustedAccounts` of `.eksguard.yaml`; remove statements for Principal "*" or pin them with `aws:PrincipalOrgID`.',
  messages: ecrPolicyMessages('the registry of account {{registry}} in {{region}}'),
  references: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry-permissions.html', 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry-permissions-create-replication.html'],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [ECR_PATHS.registryPolicy]: registryPolicy(null) })],
    fail: [awsExample({ [ECR_PATHS.registryPolicy]: registryPolicy([statement({ AWS: 'arn:aws:iam::444455556666:root' }, ['ecr:ReplicateImage', 'ecr:CreateRepository'])]) })],
  }),
  evaluate(policy, ctx) {
    const registry = policy.registryId ?? '(unknown)';
    return judgeEcrPolicy(policy, ctx, { what: `the registry of account ${registry} in ${policy.region}`, owner: { registry, region: policy.region }, actions: REGISTRY_ACTIONS });
  },
});
