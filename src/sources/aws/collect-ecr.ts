import { GetRegistryPolicyCommand, GetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import { records, str } from '../../aws/json.js';
import { SNAPSHOT_PATHS } from '../aws-snapshot/layout.js';
import { mapLimit } from '../concurrency.js';
import type { RegionClients } from './clients.js';
import { plainJson, type CollectionRun } from './run.js';

/** Repository policies read per region at most: each is one call, and registries with more are rare. */
export const MAX_REPOSITORY_POLICIES = 1000;

/** ECR answers these when a repository or the registry simply has no policy: that is an answer, not a gap. */
const NO_POLICY = new Set(['RepositoryPolicyNotFoundException', 'RegistryPolicyNotFoundException']);

async function policyOrNone(send: () => Promise<unknown>, none: Record<string, unknown>): Promise<Record<string, unknown>> {
  try {
    return plainJson(await send());
  } catch (error) {
    if (NO_POLICY.has((error as { name?: string }).name ?? '')) return { ...none, policyText: null };
    throw error;
  }
}

/** The resource policy of every listed repository, and the registry's; `policyText: null` records that there is none. */
export async function collectEcrPolicies(run: CollectionRun, clients: RegionClients, repositories: Record<string, unknown>): Promise<void> {
  const region = clients.region;
  const listed = records(repositories['repositories'])
    .map((repository) => ({ name: str(repository['repositoryName']), registryId: str(repository['registryId']) }))
    .filter((repository): repository is { name: string; registryId: string | undefined } => !!repository.name);
  if (listed.length > MAX_REPOSITORY_POLICIES) {
    run.fail({ action: 'ecr:GetRepositoryPolicy', scope: region, reason: `${listed.length} repositories: the policies of the first ${MAX_REPOSITORY_POLICIES} were read`, keys: [] });
  }
  await mapLimit(listed.slice(0, MAX_REPOSITORY_POLICIES), run.concurrency, async (repository) => {
    const policy = await run.call('ecr:GetRepositoryPolicy', `${region}/${repository.name}`, () =>
      policyOrNone(() => clients.ecr.send(new GetRepositoryPolicyCommand({ repositoryName: repository.name, ...(repository.registryId ? { registryId: repository.registryId } : {}) })), {
        ...(repository.registryId ? { registryId: repository.registryId } : {}),
        repositoryName: repository.name,
      }),
    );
    if (policy) run.record(SNAPSHOT_PATHS.ecrRepositoryPolicy(region, repository.name), policy);
  });
  const registryId = listed.find((repository) => repository.registryId)?.registryId;
  const registry = await run.call('ecr:GetRegistryPolicy', region, () => policyOrNone(() => clients.ecr.send(new GetRegistryPolicyCommand({})), { registryId: registryId ?? '' }));
  if (registry) run.record(SNAPSHOT_PATHS.ecr(region, 'get-registry-policy'), registry);
}
