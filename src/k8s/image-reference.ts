/**
 * Splits a container image reference the way the distribution reference
 * grammar does: `[registry[:port]/]repository[:tag][@digest]`. The registry
 * port colon is told apart from the tag colon because a tag can only follow
 * the last `/`.
 */
export interface ImageReference {
  /** everything before the tag and digest: `registry:5000/team/app` */
  readonly name: string;
  readonly tag?: string;
  /** `sha256:…` */
  readonly digest?: string;
}

export function parseImageReference(image: string): ImageReference {
  const trimmed = image.trim();
  const at = trimmed.indexOf('@');
  const withoutDigest = at >= 0 ? trimmed.slice(0, at) : trimmed;
  const digest = at >= 0 ? trimmed.slice(at + 1) : undefined;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  const name = colon >= 0 ? withoutDigest.slice(0, colon) : withoutDigest;
  const tag = colon >= 0 ? withoutDigest.slice(colon + 1) : undefined;
  return { name, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** A digest a runtime can pin to: `<algorithm>:<hex>` with a known algorithm and length. */
export function isPinnedDigest(digest: string | undefined): boolean {
  if (!digest) return false;
  return /^sha256:[a-f0-9]{64}$/.test(digest) || /^sha512:[a-f0-9]{128}$/.test(digest);
}
