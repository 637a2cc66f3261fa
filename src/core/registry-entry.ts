/**
 * The entries of config `registries:` (approved registries, see src/k8s/registries.ts and
 * docs/registries.md): what makes an entry valid, and how it is compared. Kept in core because the
 * config validates them.
 */

export const DOCKER_HUB = 'docker.io';
export const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

export function isRegistryComponent(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

/** What is wrong with one `registries:` entry, or undefined when it is a registry or repository prefix. */
export function registryEntryProblem(entry: string): string | undefined {
  const trimmed = entry.trim();
  if (trimmed === '') return 'a registry must not be empty';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return `"${trimmed}" has a scheme: write the registry host only, for example ${trimmed.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')}`;
  if (/\s/.test(trimmed)) return `"${trimmed}" contains white space`;
  if (trimmed.includes('@')) return `"${trimmed}" has a digest: an entry names a registry or repository, never an image`;
  const withoutSlash = trimmed.replace(/\/+$/, '');
  const slash = withoutSlash.indexOf('/');
  const first = slash < 0 ? withoutSlash : withoutSlash.slice(0, slash);
  if (!isRegistryComponent(first)) return `"${trimmed}" does not start with a registry host (one with a dot, a port or localhost); for Docker Hub write docker.io/${withoutSlash}`;
  if (slash >= 0 && withoutSlash.slice(slash + 1).includes(':')) return `"${trimmed}" has a tag: an entry names a registry or repository, never an image`;
  if (withoutSlash.includes('//')) return `"${trimmed}" has an empty path component`;
  return undefined;
}

/** An entry as it is matched: host lower-cased, Docker Hub aliases folded, no trailing slash. */
export function normalizeRegistryEntry(entry: string): string {
  const trimmed = entry.trim().replace(/\/+$/, '');
  const slash = trimmed.indexOf('/');
  const host = (slash < 0 ? trimmed : trimmed.slice(0, slash)).toLowerCase();
  const folded = DOCKER_HUB_ALIASES.has(host) ? DOCKER_HUB : host;
  return slash < 0 ? folded : `${folded}${trimmed.slice(slash)}`;
}
