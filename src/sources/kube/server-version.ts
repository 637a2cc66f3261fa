import { asRecord } from '../../core/inventory.js';

/**
 * The control plane's minor version ("1.31") from a `/version` body. EKS
 * reports `minor: "31+"` and `gitVersion: "v1.31.4-eks-2d5f260"`, so gitVersion
 * is read first and the digits of major/minor are the fallback.
 */
export function parseServerVersion(body: unknown): string | undefined {
  const version = asRecord(body);
  if (!version) return undefined;
  const git = version['gitVersion'];
  if (typeof git === 'string') {
    const match = /^v?(\d+)\.(\d+)(?:\.|$|-|\+)/.exec(git);
    if (match) return `${Number(match[1])}.${Number(match[2])}`;
  }
  const major = digits(version['major']);
  const minor = digits(version['minor']);
  return major !== undefined && minor !== undefined ? `${major}.${minor}` : undefined;
}

function digits(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+)/.exec(value);
  return match ? Number(match[1]) : undefined;
}
