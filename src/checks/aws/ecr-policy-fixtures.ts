/** Responses for the examples and tests of the ECR policy checks (EKS-ECR-001, EKS-ECR-002). */
import { ACCOUNT, REGION } from './fixtures.js';

export const ECR_PATHS = {
  repositories: `${REGION}/ecr/describe-repositories.json`,
  repositoryPolicy: (name: string) => `${REGION}/ecr/repository-policies/${encodeURIComponent(name)}.json`,
  registryPolicy: `${REGION}/ecr/get-registry-policy.json`,
};

export const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];
export const PUSH = ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'];

export function statement(principal: unknown, actions: string | string[], condition?: Record<string, unknown>): Record<string, unknown> {
  return { Effect: 'Allow', Principal: principal, Action: actions, ...(condition ? { Condition: condition } : {}) };
}

/** `aws ecr get-repository-policy` of `payments/api`; `null` statements: the repository has no policy. */
export function repositoryPolicy(statements: Record<string, unknown>[] | null, name = 'payments/api'): unknown {
  return { registryId: ACCOUNT, repositoryName: name, policyText: statements === null ? null : JSON.stringify({ Version: '2012-10-17', Statement: statements }) };
}

export function registryPolicy(statements: Record<string, unknown>[] | null): unknown {
  return { registryId: ACCOUNT, policyText: statements === null ? null : JSON.stringify({ Version: '2012-10-17', Statement: statements }) };
}
