import type { CheckContext } from '../core/check.js';
import { awsView } from './view.js';

/** `ctx.reference` key: `{ "<parameter name>": "<release>" }` that pins latest releases over what the account said (tests, air-gapped mirrors). */
export const AMI_RELEASES_REFERENCE = 'eks.amiReleases';

/** The latest release published under a parameter: a pinned reference first, else the SSM parameter collected in the region. */
export function latestAmiRelease(ctx: Pick<CheckContext, 'reference' | 'memo' | 'inventory'>, region: string, parameter: string): string | undefined {
  const pinned = ctx.reference[AMI_RELEASES_REFERENCE];
  if (pinned && typeof pinned === 'object' && typeof (pinned as Record<string, unknown>)[parameter] === 'string') return (pinned as Record<string, string>)[parameter];
  return awsView(ctx).ssmParameter(region, parameter)?.value;
}

/**
 * The public SSM parameters that name the latest EKS-optimized AMI release for a
 * node group's AMI type and Kubernetes version (EKS user guide, retrieve-ami-id and
 * retrieve-ami-id-bottlerocket). The collector reads them under a configurable
 * prefix; models keep these canonical names.
 */
const AL2023: Readonly<Record<string, string>> = {
  AL2023_x86_64_STANDARD: 'x86_64/standard',
  AL2023_ARM_64_STANDARD: 'arm64/standard',
  AL2023_x86_64_NVIDIA: 'x86_64/nvidia',
  AL2023_ARM_64_NVIDIA: 'arm64/nvidia',
  AL2023_x86_64_NEURON: 'x86_64/neuron',
};

const AL2: Readonly<Record<string, string>> = {
  AL2_x86_64: 'amazon-linux-2',
  AL2_ARM_64: 'amazon-linux-2-arm64',
  AL2_x86_64_GPU: 'amazon-linux-2-gpu',
};

function bottlerocket(amiType: string, version: string): string | undefined {
  const match = /^BOTTLEROCKET_(x86_64|ARM_64)(_NVIDIA)?(_FIPS)?$/.exec(amiType);
  if (!match) return undefined;
  const arch = match[1] === 'ARM_64' ? 'arm64' : 'x86_64';
  const variant = `${match[2] ? '-nvidia' : ''}${match[3] ? '-fips' : ''}`;
  return `/aws/service/bottlerocket/aws-k8s-${version}${variant}/${arch}/latest/image_version`;
}

/** The parameter holding the latest release for this AMI type and version; undefined for CUSTOM and Windows. */
export function amiReleaseParameter(amiType: string | undefined, version: string | undefined): string | undefined {
  if (!amiType || !version) return undefined;
  const al2023 = AL2023[amiType];
  if (al2023) return `/aws/service/eks/optimized-ami/${version}/amazon-linux-2023/${al2023}/recommended/release_version`;
  const al2 = AL2[amiType];
  if (al2) return `/aws/service/eks/optimized-ami/${version}/${al2}/recommended/release_version`;
  return bottlerocket(amiType, version);
}

/** The build date of an Amazon Linux release (`1.32.3-20250410`); Bottlerocket releases carry none. */
export function releaseDate(release: string | undefined): Date | undefined {
  const match = /-(\d{4})(\d{2})(\d{2})$/.exec(release ?? '');
  if (!match) return undefined;
  const date = new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Compares dotted numeric releases (`1.32.3-20250410`, `1.49.0-713f44ce`): negative when a is older. */
export function compareReleases(a: string, b: string): number {
  const parts = (text: string) => text.split(/[.-]/).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const left = parts(a);
  const right = parts(b);
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    const l = left[index];
    const r = right[index];
    if (l === r) continue;
    if (l === undefined) return -1;
    if (r === undefined) return 1;
    if (typeof l === 'number' && typeof r === 'number') return l - r;
    return String(l).localeCompare(String(r));
  }
  return 0;
}

/** Compares EKS add-on versions (`v1.19.2-eksbuild.1`): negative when a is older. */
export function compareAddonVersions(a: string, b: string): number {
  const parts = (text: string) =>
    text
      .replace(/^v/, '')
      .split(/[.-]|eksbuild/)
      .filter((part) => part !== '')
      .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const left = parts(a);
  const right = parts(b);
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    const l = left[index] ?? 0;
    const r = right[index] ?? 0;
    if (l === r) continue;
    if (typeof l === 'number' && typeof r === 'number') return l - r;
    return String(l).localeCompare(String(r));
  }
  return 0;
}
