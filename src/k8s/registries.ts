import { DOCKER_HUB, DOCKER_HUB_ALIASES, isRegistryComponent, normalizeRegistryEntry } from '../core/registry-entry.js';
import { parseImageReference } from './image-reference.js';

/**
 * Approved registries (config `registries:`): which image references come from a registry the
 * organisation approved. The matching rules, documented in docs/registries.md:
 *
 * - An image is normalised as the container runtime resolves it: no registry means Docker Hub
 *   (`nginx` → `docker.io/library/nginx`, `team/app` → `docker.io/team/app`), and the Docker Hub
 *   aliases `index.docker.io` and `registry-1.docker.io` are `docker.io`. The first component is a
 *   registry only when it holds a `.` or a `:`, or is `localhost`, as in the distribution grammar.
 * - Tag and digest play no part: they say which image, not where it is pulled from.
 * - An entry `host` (or `host:port`) approves every image of that registry, exactly that host:
 *   `example.com` does not approve `registry.example.com`, and `registry:5000` is not `registry`.
 * - An entry `host/path` approves the repository `host/path` and everything below it, on a `/`
 *   boundary: `ghcr.io/acme` approves `ghcr.io/acme/app`, never `ghcr.io/acme-evil/app`. A trailing
 *   `/` is the same entry.
 * - Hosts compare case-insensitively; repository paths exactly (they are lowercase by grammar).
 */

/** `host/path/…` of an image reference, host lower-cased and Docker Hub spelled out; undefined when it names no repository. */
export function normalizedRepository(image: string): string | undefined {
  const { name } = parseImageReference(image);
  if (name === '' || /\s/.test(name) || name.startsWith('/') || name.endsWith('/') || name.includes('//')) return undefined;
  const slash = name.indexOf('/');
  const first = slash < 0 ? name : name.slice(0, slash);
  if (slash < 0 || !isRegistryComponent(first)) {
    const path = slash < 0 ? `library/${name}` : name;
    return `${DOCKER_HUB}/${path}`;
  }
  const host = first.toLowerCase();
  const rest = name.slice(slash + 1);
  if (DOCKER_HUB_ALIASES.has(host)) return `${DOCKER_HUB}/${rest.includes('/') ? rest : `library/${rest}`}`;
  return `${host}/${rest}`;
}

/** The entry that approves a normalised repository, if any. */
export function approvingEntry(repository: string, entries: readonly string[]): string | undefined {
  return entries.find((entry) => {
    const normalized = normalizeRegistryEntry(entry);
    return repository === normalized || repository.startsWith(`${normalized}/`);
  });
}
