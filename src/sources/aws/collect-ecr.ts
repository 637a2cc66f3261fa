import { DescribeImageScanFindingsCommand, GetRegistryPolicyCommand, GetRepositoryPolicyCommand, paginateDescribeImages } from '@aws-sdk/client-ecr';
import { record, records, str } from '../../aws/json.js';
import { SNAPSHOT_PATHS } from '../aws-snapshot/layout.js';
import { mapLimit } from '../concurrency.js';
import type { RegionClients } from './clients.js';
import { allPages, plainJson, type CollectionRun } from './run.js';

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

/** Images per region whose scan findings are read (one call each): the most recently pushed of those that may have critical or high findings. */
export const MAX_FINDINGS_IMAGES = 100;

/** Keeps what EKS-MON-005 reads of a findings page (IDs, severities, counts): a page may hold 1,000 findings with long descriptions. */
function trimFindings(response: Record<string, unknown>): Record<string, unknown> {
  const scan = record(response['imageScanFindings']);
  const { imageScanFindings: _dropped, ...rest } = response;
  return {
    ...rest,
    imageScanFindings: {
      findingSeverityCounts: scan['findingSeverityCounts'] ?? {},
      ...(Array.isArray(scan['findings']) ? { findings: records(scan['findings']).map((finding) => ({ name: finding['name'], severity: finding['severity'] })) } : {}),
      ...(Array.isArray(scan['enhancedFindings'])
        ? {
            enhancedFindings: records(scan['enhancedFindings']).map((finding) => ({
              severity: finding['severity'],
              packageVulnerabilityDetails: { vulnerabilityId: record(finding['packageVulnerabilityDetails'])['vulnerabilityId'] },
            })),
          }
        : {}),
    },
  };
}

interface ImageRef {
  repository: string;
  registryId: string | undefined;
  digest: string;
  pushedAt: string;
  worth: boolean;
}

/** Every image of every listed repository (DescribeImages, with its scan summary), then the findings of the images that may be vulnerable. */
export async function collectEcrImages(run: CollectionRun, clients: RegionClients, repositories: Record<string, unknown>): Promise<void> {
  const region = clients.region;
  const listed = records(repositories['repositories'])
    .map((repository) => ({ name: str(repository['repositoryName']), registryId: str(repository['registryId']) }))
    .filter((repository): repository is { name: string; registryId: string | undefined } => !!repository.name)
    .slice(0, MAX_REPOSITORY_POLICIES);
  const candidates: ImageRef[] = [];
  await mapLimit(listed, run.concurrency, async (repository) => {
    const images = await run.call('ecr:DescribeImages', `${region}/${repository.name}`, () =>
      allPages(paginateDescribeImages({ client: clients.ecr }, { repositoryName: repository.name, ...(repository.registryId ? { registryId: repository.registryId } : {}) }), ['imageDetails']),
    );
    if (!images) return;
    run.record(SNAPSHOT_PATHS.ecrImages(region, repository.name), images);
    for (const detail of records(images['imageDetails'])) {
      const digest = str(detail['imageDigest']);
      if (!digest) continue;
      const summary = record(record(detail['imageScanFindingsSummary'])['findingSeverityCounts']);
      // without a summary (not scanned yet, or an endpoint that leaves it out) only the findings call can tell
      const worth = Object.keys(summary).length === 0 ? record(detail['imageScanStatus'])['status'] !== 'FAILED' : Number(summary['CRITICAL'] ?? 0) + Number(summary['HIGH'] ?? 0) > 0;
      candidates.push({ repository: repository.name, registryId: repository.registryId, digest, pushedAt: String(detail['imagePushedAt'] ?? ''), worth });
    }
  });
  const chosen = candidates
    .filter((image) => image.worth)
    .sort((a, b) => b.pushedAt.localeCompare(a.pushedAt) || a.repository.localeCompare(b.repository) || a.digest.localeCompare(b.digest));
  if (chosen.length > MAX_FINDINGS_IMAGES) {
    run.fail({ action: 'ecr:DescribeImageScanFindings', scope: region, reason: `${chosen.length} images may have critical or high findings: the CVE IDs of the ${MAX_FINDINGS_IMAGES} most recently pushed were read, the others are judged by their scan summary`, keys: [] });
  }
  await mapLimit(chosen.slice(0, MAX_FINDINGS_IMAGES), run.concurrency, async (image) => {
    const findings = await run.call(
      'ecr:DescribeImageScanFindings',
      `${region}/${image.repository}@${image.digest}`,
      async () =>
        trimFindings(
          plainJson(
            await clients.ecr.send(
              new DescribeImageScanFindingsCommand({ repositoryName: image.repository, imageId: { imageDigest: image.digest }, maxResults: 1000, ...(image.registryId ? { registryId: image.registryId } : {}) }),
            ),
          ),
        ),
      // an image that was never scanned has no findings to read: EKS-MON-003 judges the missing scan
      { expected: (error) => (error as { name?: string }).name === 'ScanNotFoundException' },
    );
    if (findings) run.record(SNAPSHOT_PATHS.ecrImageFindings(region, image.repository, image.digest), findings);
  });
}
