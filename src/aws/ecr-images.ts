import type { CheckContext, Subject, Target } from '../core/check.js';
import { containersOf } from '../k8s/workload.js';
import { workloads } from '../k8s/targets.js';
import { subjectOf } from './view.js';
import { record, records, str } from './json.js';
import { AWS_TYPES, type EcrImageModel } from './models.js';
import { parseEcrImage } from './ecr.js';

const DIGEST = /sha256:[a-f0-9]{64}/;

/** What a container names in ECR: repository and, where the reference says, tag and digest. */
export interface EcrImageReference {
  account: string;
  region: string;
  repository: string;
  tag?: string;
  digest?: string;
}

/** `<account>.dkr.ecr.<region>.amazonaws.com/<repo>[:tag][@sha256:…]` with its tag and digest; no tag and no digest means `latest`. */
export function parseEcrReference(image: string): EcrImageReference | undefined {
  const base = parseEcrImage(image);
  if (!base) return undefined;
  const rest = image.trim().slice(image.trim().indexOf(base.repository) + base.repository.length);
  const digest = DIGEST.exec(rest)?.[0];
  const tag = /^:([^@]+)/.exec(rest)?.[1];
  return { ...base, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}), ...(!tag && !digest ? { tag: 'latest' } : {}) };
}

export interface ImageInUse {
  image: EcrImageModel;
  /** `Kind/namespace/name` of each workload that runs it, sorted */
  users: string[];
}

/**
 * The images workloads run, matched to the ECR images collected: by digest (the reference's own,
 * or for a Pod the `imageID` its status reports, which is what the node actually pulled), else by tag.
 */
function imagesInUseOf(ctx: CheckContext): ImageInUse[] {
  return ctx.memo('aws:ecr:images-in-use', () => {
    const images = ctx.inventory.aws.filter((entry) => entry.type === AWS_TYPES.ecrImage).map((entry) => entry.model as EcrImageModel);
    if (images.length === 0) return [];
    const byDigest = new Map(images.map((image) => [`${image.region}|${image.registryId ?? ''}|${image.repositoryName}|${image.digest}`, image]));
    const byTag = new Map<string, EcrImageModel>();
    for (const image of images) for (const tag of image.tags) byTag.set(`${image.region}|${image.registryId ?? ''}|${image.repositoryName}|${tag}`, image);
    const users = new Map<EcrImageModel, Set<string>>();
    for (const subject of workloads.select(ctx.inventory, ctx)) {
      const workload = subject.value;
      const pulled = new Map<string, string>();
      for (const status of records(record(workload.object.raw['status'])['containerStatuses']).concat(records(record(workload.object.raw['status'])['initContainerStatuses']))) {
        const digest = DIGEST.exec(str(status['imageID']) ?? '')?.[0];
        const name = str(status['name']);
        if (digest && name) pulled.set(name, digest);
      }
      for (const container of containersOf(workload.spec)) {
        const reference = parseEcrReference(str(container.container['image']) ?? '');
        if (!reference) continue;
        const key = `${reference.region}|${reference.account}|${reference.repository}`;
        const digest = reference.digest ?? pulled.get(container.name);
        // an image whose response did not name its registry is matched by region and repository alone
        const unowned = `${reference.region}||${reference.repository}`;
        const image =
          (digest ? (byDigest.get(`${key}|${digest}`) ?? byDigest.get(`${unowned}|${digest}`)) : undefined) ??
          (reference.tag && !reference.digest ? (byTag.get(`${key}|${reference.tag}`) ?? byTag.get(`${unowned}|${reference.tag}`)) : undefined);
        if (!image) continue;
        const user = `${workload.object.kind}/${workload.namespace ? `${workload.namespace}/` : ''}${workload.object.name}`;
        const known = users.get(image);
        if (known) known.add(user);
        else users.set(image, new Set([user]));
      }
    }
    return [...users].map(([image, names]) => ({ image, users: [...names].sort() }));
  });
}

/** ECR images that workloads of the kube inventory run (only those are judged: an unused vulnerable image harms nobody yet). */
export const ecrImagesInUse: Target<ImageInUse> = {
  id: 'aws:ecr-images-in-use',
  select(inventory, ctx) {
    const inUse = new Map(imagesInUseOf(ctx).map((use) => [use.image, use]));
    if (inUse.size === 0) return [];
    const out: Subject<ImageInUse>[] = [];
    for (const entry of inventory.aws) {
      if (entry.type !== AWS_TYPES.ecrImage) continue;
      const use = inUse.get(entry.model as EcrImageModel);
      if (use) out.push({ ...subjectOf(entry), value: use });
    }
    return out;
  },
};
