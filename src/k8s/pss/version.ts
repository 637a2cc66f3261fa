/** The newest policy version the upstream library (and this port) knows. */
export const PSS_NEWEST_MINOR = 37;

/** A Pod Security policy version as requested, and the minor version it is evaluated at. */
export interface PssVersion {
  /** as requested: `latest` or `v1.N`; messages print this */
  readonly text: string;
  /** the minor version the checks run at: `latest` and anything newer than v1.37 run as 37 */
  readonly minor: number;
}

export class PssVersionError extends Error {
  override readonly name = 'PssVersionError';
  constructor(text: string) {
    super(`invalid Pod Security version ${JSON.stringify(text)}: expected "latest" or "v1.<minor>", for example "v1.31"`);
  }
}

// Upstream's grammar: decimal minor without leading zeros.
const VERSION_TEXT = /^v1\.(0|[1-9][0-9]*)$/;

const parsed = new Map<string, PssVersion>();

/** Parses `latest` or `v1.N`; throws PssVersionError for anything else. */
export function parsePssVersion(text: string): PssVersion {
  const known = parsed.get(text);
  if (known) return known;
  let version: PssVersion;
  if (text === 'latest') {
    version = { text, minor: PSS_NEWEST_MINOR };
  } else {
    const match = VERSION_TEXT.exec(text);
    if (!match?.[1]) throw new PssVersionError(text);
    version = { text, minor: Math.min(Number(match[1]), PSS_NEWEST_MINOR) };
  }
  if (parsed.size < 1024) parsed.set(text, version);
  return version;
}

export function isPssVersion(text: string): boolean {
  return text === 'latest' || VERSION_TEXT.test(text);
}

/**
 * The version a cluster of the given minor enforces for `latest`: min(minor, 37), as `v1.N`.
 * Accepts a minor number or a Kubernetes version such as `1.31`, `v1.31` or `v1.31.2-eks-1234`;
 * returns `latest` when the version is unknown or unreadable.
 */
export function defaultPssVersion(cluster: number | string | undefined): string {
  const minor = typeof cluster === 'number' ? cluster : minorOf(cluster);
  if (minor === undefined || !Number.isInteger(minor) || minor < 0) return 'latest';
  return `v1.${Math.min(minor, PSS_NEWEST_MINOR)}`;
}

function minorOf(version: string | undefined): number | undefined {
  const match = version === undefined ? null : /^v?1\.(\d+)(?:$|[.+-])/.exec(version.trim());
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
