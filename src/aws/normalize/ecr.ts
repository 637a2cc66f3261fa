import { str } from '../json.js';
import type { EcrPolicyModel } from '../models.js';
import { decodePolicyDocument, policyStatements } from '../policy.js';

/**
 * `aws ecr get-repository-policy` or `get-registry-policy` → the policy. The collector writes
 * `policyText: null` for a repository or registry without a policy (the API answers with a
 * *PolicyNotFoundException*), so "none" and "not collected" stay distinct in a snapshot.
 */
export function ecrPolicyFrom(response: Record<string, unknown>, region: string): EcrPolicyModel {
  const registryId = str(response['registryId']);
  const repositoryName = str(response['repositoryName']);
  const text = response['policyText'];
  const present = text !== null && text !== undefined;
  return {
    region,
    ...(registryId ? { registryId } : {}),
    ...(repositoryName ? { repositoryName } : {}),
    present,
    statements: present ? policyStatements(text) : [],
    readable: !present || decodePolicyDocument(text) !== undefined,
  };
}
