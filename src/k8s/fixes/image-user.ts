import { parseImageReference } from '../image-reference.js';

/**
 * Images whose default user is documented to be a numeric, non-root UID. The kubelet can check
 * `runAsNonRoot: true` only against a numeric user: a name (`USER nginx`) makes it refuse to
 * start the container. So the list names only images whose publishers document the number.
 * Anything else is unknown without pulling the image, and eksguard never pulls images.
 */
const NON_ROOT_IMAGES: readonly { readonly repository: RegExp; readonly tag: RegExp; readonly uid: number }[] = [
  // distroless: the `nonroot` tags (and `debug-nonroot`, `nonroot-amd64` …) run as 65532
  { repository: /^gcr\.io\/distroless\//, tag: /(^|-)nonroot(-|$)/, uid: 65532 },
  // NGINX's unprivileged images: USER 101
  { repository: /^(docker\.io\/)?nginxinc\/nginx-unprivileged$|^public\.ecr\.aws\/nginx\/nginx-unprivileged$/, tag: /.*/, uid: 101 },
];

/** The documented non-root UID of the image's default user, when the image is one eksguard knows. */
export function knownNonRootUser(image: string): number | undefined {
  const reference = parseImageReference(image);
  const tag = reference.tag ?? 'latest';
  for (const entry of NON_ROOT_IMAGES) if (entry.repository.test(reference.name) && entry.tag.test(tag)) return entry.uid;
  return undefined;
}
