import { defineCheck, fail, pass } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import { referencedEcrRepositories, type RepositoryUse } from '../../aws/ecr.js';
import { skipped } from '../../aws/verdicts.js';
import { awsExample } from './example.js';
import { PATHS } from './fixtures.js';
import { deployment, repositories } from './eks-mon-003-ecr-image-scanning.js';

/**
 * EKS-MON-004: fails for an ECR repository that workload images come from and whose tags are
 * MUTABLE.
 */
export const ecrImmutableTags = defineCheck<RepositoryUse>({
  id: 'EKS-MON-004',
  title: 'ECR repositories the cluster uses should not allow tags to be overwritten',
  area: 'detection',
  severity: 'low',
  target: referencedEcrRepositories,
  needs: [AWS_KEYS.ecrRepositories],
  rationale:
    'With mutable tags, whoever can push to the repository can replace `api:1.4.2` with different content: nodes pull the new image on the next start without any change to the manifests, defeating review, scanning results and rollbacks.',
  remediation: 'Make tags immutable: `aws ecr put-image-tag-mutability --repository-name <name> --image-tag-mutability IMMUTABLE` (or pin images by digest).',
  messages: { mutableTags: 'repository {{repository}}, used by {{users}}, allows tags to be overwritten ({{mutability}})' },
  references: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html'],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.ecrRepositories]: repositories({}) }, deployment)],
    fail: [awsExample({ [PATHS.ecrRepositories]: repositories({ imageTagMutability: 'MUTABLE' }) }, deployment)],
  }),
  evaluate(use) {
    const mutability = use.repository.tagMutability;
    if (!mutability) return skipped(`the tag mutability of ${use.repository.name} is not known`);
    if (mutability.startsWith('IMMUTABLE')) return pass(`${use.repository.name} has immutable tags (${mutability})`);
    return fail({ messageId: 'mutableTags', data: { repository: use.repository.name, users: use.users.join(', '), mutability }, path: fieldPath('imageTagMutability') });
  },
});
