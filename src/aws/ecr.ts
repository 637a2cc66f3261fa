import type { CheckContext, Subject, Target } from '../core/check.js';
import { globMatches } from '../core/glob.js';
import { containersOf } from '../k8s/workload.js';
import { workloads } from '../k8s/targets.js';
import { subjectOf } from './view.js';
import { str } from './json.js';
import { AWS_TYPES, type EcrRepositoryModel, type EcrScanningModel } from './models.js';

export interface EcrImage {
  account: string;
  region: string;
  repository: string;
}

const ECR_IMAGE = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)/;

/** `<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag][@digest]` → its parts; undefined for other registries. */
export function parseEcrImage(image: string): EcrImage | undefined {
  const match = ECR_IMAGE.exec(image.trim());
  return match ? { account: match[1]!, region: match[2]!, repository: match[3]! } : undefined;
}

/** ECR repositories that workloads of the kube inventory pull from, with the workloads that use each. */
export function referencedRepositories(ctx: CheckContext): Map<string, string[]> {
  return ctx.memo('aws:ecr:referenced', () => {
    const users = new Map<string, Set<string>>();
    for (const subject of workloads.select(ctx.inventory, ctx)) {
      for (const container of containersOf(subject.value.spec)) {
        const image = parseEcrImage(str(container.container['image']) ?? '');
        if (!image) continue;
        const key = `${image.account}|${image.region}|${image.repository}`;
        const user = `${subject.value.object.kind}/${subject.value.namespace ? `${subject.value.namespace}/` : ''}${subject.value.object.name}`;
        const known = users.get(key);
        if (known) known.add(user);
        else users.set(key, new Set([user]));
      }
    }
    return new Map([...users].map(([key, names]) => [key, [...names]]));
  });
}

export interface RepositoryUse {
  repository: EcrRepositoryModel;
  users: string[];
}

/** Only repositories that workloads pull from are judged (spec: detection). */
export const referencedEcrRepositories: Target<RepositoryUse> = {
  id: 'aws:ecr-referenced',
  select(inventory, ctx) {
    if (!inventory.aws.some((entry) => entry.type === AWS_TYPES.ecrRepository)) return [];
    const used = referencedRepositories(ctx);
    const out: Subject<RepositoryUse>[] = [];
    for (const entry of inventory.aws) {
      if (entry.type !== AWS_TYPES.ecrRepository) continue;
      const repository = entry.model as EcrRepositoryModel;
      const account = repository.registryId ?? repository.arn.split(':')[4] ?? '';
      const users = used.get(`${account}|${repository.region}|${repository.name}`);
      if (users) out.push({ ...subjectOf(entry), value: { repository, users } });
    }
    return out;
  },
};

/** How a repository is scanned: a registry rule (basic or enhanced) whose filter (`*` wildcards) matches it, or its own scan-on-push under basic scanning. */
export function scanningOf(repository: EcrRepositoryModel, registry: EcrScanningModel | undefined): string | undefined {
  const rule = registry?.rules.find((candidate) => candidate.filters.some((filter) => globMatches(filter, repository.name)));
  // with enhanced scanning the repository's own scan-on-push setting no longer applies
  if (registry?.scanType === 'ENHANCED') return rule ? `enhanced scanning (${rule.frequency ?? 'rule'})` : undefined;
  if (rule) return `basic scanning (${rule.frequency ?? 'rule'})`;
  if (repository.scanOnPush) return 'scan on push';
  return undefined;
}
