import { defineCheck } from '../../../core/check.js';
import { childPath } from '../../../core/field-path.js';
import { str } from '../../../k8s/fields.js';
import { approvingEntry, normalizedRepository } from '../../../k8s/registries.js';
import { workloads } from '../../../k8s/targets.js';
import { containersOf, type Workload } from '../../../k8s/workload.js';
import { BPG, containerLabel, offencesVerdict, type Offence } from './offences.js';

/**
 * K8S-WL-012: every container, init container and ephemeral container image comes from a registry
 * (or repository prefix) in config `registries:`, matched as src/k8s/registries.ts documents. With
 * no list configured the check is `skipped`, not `not-applicable`: the control applies to every
 * cluster, and only the list it needs is missing.
 */
export const approvedRegistries = defineCheck<Workload>({
  id: 'K8S-WL-012',
  title: 'Container images must come from an approved registry',
  area: 'containers',
  severity: 'high',
  target: workloads,
  needs: ['kube:workloads'],
  admission: { judges: 'the container images of the object, against config registries:' },
  scope: 'object',
  rationale:
    'An image from an unvetted registry runs whatever its publisher (or whoever took over the account or typo-squatted the name) pushed: malware, crypto miners, images without scanning or provenance. Allowing only the registries the organisation controls and scans keeps what runs on the nodes inside the supply chain it audits.',
  remediation:
    'Mirror the image into an approved registry (an ECR pull-through cache for public images) and reference it there, or, if the source is trusted, add its registry or repository prefix to `registries:` in the eksguard config.',
  messages: {
    unknownRegistry: '{{container}} uses image {{image}}, whose registry cannot be told',
    unapproved: '{{container}} uses image {{image}} ({{repository}}), from no approved registry',
  },
  references: [BPG.imageSecurity, 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html'],
  standards: [],
  examples: {
    settings: { approvedRegistries: ['111122223333.dkr.ecr.eu-west-1.amazonaws.com', 'docker.io/library'] },
    pass: [
      `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      initContainers:
        - name: migrate
          image: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/migrate:2.0
      containers:
        - name: web
          image: nginx:1.27
`,
    ],
    fail: [
      `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers:
    - name: web
      image: ghcr.io/someone/web:1.0
`,
    ],
  },
  evaluate(workload, ctx) {
    const approved = ctx.settings.approvedRegistries;
    if (approved === undefined || approved.length === 0) {
      return { status: 'skipped', message: 'no approved registries are configured: list them under registries: in the eksguard config' };
    }
    const offences: Offence[] = [];
    for (const ref of containersOf(workload.spec)) {
      const image = str(ref.container['image']);
      if (image === undefined || image.trim() === '') continue;
      const repository = normalizedRepository(image);
      if (repository === undefined) {
        offences.push({ path: childPath(ref.path, 'image'), messageId: 'unknownRegistry', data: { container: containerLabel(ref), image: JSON.stringify(image) } });
      } else if (!approvingEntry(repository, approved)) {
        offences.push({ path: childPath(ref.path, 'image'), messageId: 'unapproved', data: { container: containerLabel(ref), image: JSON.stringify(image), repository } });
      }
    }
    return offencesVerdict(offences, 'every image comes from an approved registry');
  },
});
