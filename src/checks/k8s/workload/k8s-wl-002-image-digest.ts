import { defineCheck } from '../../../core/check.js';
import { childPath } from '../../../core/field-path.js';
import { str } from '../../../k8s/fields.js';
import { isPinnedDigest, parseImageReference } from '../../../k8s/image-reference.js';
import { workloads } from '../../../k8s/targets.js';
import { containersOf, type Workload } from '../../../k8s/workload.js';
import { BPG, containerLabel, offencesVerdict, type Offence } from './offences.js';

/**
 * K8S-WL-002: (off by default) every image is pinned by a well-formed digest.
 * Opinionated, hence `info` and disabled: tags in a tag-immutable registry
 * give much the same guarantee.
 */
export const imageDigest = defineCheck<Workload>({
  id: 'K8S-WL-002',
  title: 'Container images should be pinned by digest',
  area: 'containers',
  severity: 'info',
  enabledByDefault: false,
  target: workloads,
  needs: ['kube:workloads'],
  admission: { judges: 'the container images of the object' },
  scope: 'object',
  rationale:
    'A tag is a pointer that the registry owner (or anyone who can push) may move; a digest names exactly one image. Pinning by digest makes every node run the bytes that were scanned and approved.',
  remediation: 'Reference images as `repository@sha256:<digest>` (tools such as Renovate or kustomize `images:` keep digests current), or enforce tag immutability on the ECR repositories you pull from.',
  messages: {
    unpinned: '{{container}} image {{image}} is not pinned by digest',
    malformedDigest: '{{container}} image {{image}} has a malformed digest',
  },
  references: [BPG.imageSecurity, 'https://kubernetes.io/docs/concepts/containers/images/#image-names'],
  standards: [],
  examples: {
    pass: [
      `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers:
    - name: web
      image: public.ecr.aws/nginx/nginx:1.27@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31
`,
    ],
    fail: [
      `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers:
    - name: web
      image: public.ecr.aws/nginx/nginx:1.27
`,
    ],
  },
  evaluate(workload) {
    const offences: Offence[] = [];
    for (const ref of containersOf(workload.spec)) {
      const image = str(ref.container['image']);
      if (image === undefined || image.trim() === '') continue;
      const { digest } = parseImageReference(image);
      if (isPinnedDigest(digest)) continue;
      offences.push({ path: childPath(ref.path, 'image'), messageId: digest === undefined ? 'unpinned' : 'malformedDigest', data: { container: containerLabel(ref), image: JSON.stringify(image) } });
    }
    return offencesVerdict(offences, 'every image is pinned by digest');
  },
});
