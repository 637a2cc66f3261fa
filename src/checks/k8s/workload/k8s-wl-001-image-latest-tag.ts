import { defineCheck } from '../../../core/check.js';
import { childPath } from '../../../core/field-path.js';
import { str } from '../../../k8s/fields.js';
import { parseImageReference } from '../../../k8s/image-reference.js';
import { workloads } from '../../../k8s/targets.js';
import { containersOf, type Workload } from '../../../k8s/workload.js';
import { BPG, containerLabel, offencesVerdict, type Offence } from './offences.js';

/**
 * K8S-WL-001: every container image names a tag other than `latest`, or a
 * digest. A digest pins the image whatever the tag says (`app:latest@sha256:…`
 * runs exactly that digest), so it passes.
 */
export const imageLatestTag = defineCheck<Workload>({
  id: 'K8S-WL-001',
  title: 'Container images must not use the latest tag or no tag',
  area: 'containers',
  severity: 'low',
  target: workloads,
  needs: ['kube:workloads'],
  admission: { judges: 'the container images of the object' },
  scope: 'object',
  rationale:
    'An image without a tag resolves to `latest`, which moves: two nodes can run different code under the same spec, a rollback restores nothing, and a compromised or broken push reaches production on the next pod restart.',
  remediation: 'Reference every image by an immutable version tag (`app:1.4.2`) or, better, by digest (`app@sha256:…`), and make the ECR repository tag-immutable.',
  messages: {
    untagged: '{{container}} uses image {{image}} without a tag (it resolves to latest)',
    latest: '{{container}} uses image {{image}} with the mutable tag latest',
  },
  references: [BPG.imageSecurity, 'https://kubernetes.io/docs/concepts/containers/images/#image-names'],
  standards: [],
  examples: {
    pass: [
      `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: registry.example.com:5000/shop/web:1.4.2
        - name: sidecar
          image: public.ecr.aws/nginx/nginx:latest@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31
`,
    ],
    fail: [
      `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers:
    - name: web
      image: nginx:latest
`,
      `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers:
    - name: web
      image: registry.example.com:5000/shop/web
`,
    ],
  },
  evaluate(workload) {
    const offences: Offence[] = [];
    for (const ref of containersOf(workload.spec)) {
      const image = str(ref.container['image']);
      if (image === undefined || image.trim() === '') continue;
      const reference = parseImageReference(image);
      if (reference.digest) continue;
      if (reference.tag === undefined || reference.tag === '') {
        offences.push({ path: childPath(ref.path, 'image'), messageId: 'untagged', data: { container: containerLabel(ref), image: JSON.stringify(image) } });
      } else if (reference.tag === 'latest') {
        offences.push({ path: childPath(ref.path, 'image'), messageId: 'latest', data: { container: containerLabel(ref), image: JSON.stringify(image) } });
      }
    }
    return offencesVerdict(offences, 'every image names a version tag or a digest');
  },
});
