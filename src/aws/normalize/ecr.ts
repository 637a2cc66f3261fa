import { isoDate, record, records, str, strings } from '../json.js';
import type { EcrImageModel, EcrPolicyModel, ImageFinding } from '../models.js';
import { decodePolicyDocument, policyStatements } from '../policy.js';

/**
 * `aws ecr get-repository-policy` or `get-registry-policy` → the policy. The collector writes
 * `policyText: null` for a repository or registry without a policy (the API answers with a
 * *PolicyNotFoundException*), so "none" and "not collected" stay distinct in a snapshot.
 */
export function ecrPolicyFrom(response: Record<string, unknown>, region: string): EcrPolicyModel {
  const registryId = str(response['registryId']);
  const repositoryName = str(response['repositoryName']);
  const text = response['policyText'];
  const present = text !== null && text !== undefined;
  return {
    region,
    ...(registryId ? { registryId } : {}),
    ...(repositoryName ? { repositoryName } : {}),
    present,
    statements: present ? policyStatements(text) : [],
    readable: !present || decodePolicyDocument(text) !== undefined,
  };
}

/** Critical and high findings kept per image: enough for a report line, bounded whatever the scan found. */
export const MAX_KEPT_FINDINGS = 20;

const RANK: Readonly<Record<string, number>> = { CRITICAL: 0, HIGH: 1 };

function severityCounts(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [severity, count] of Object.entries(record(value))) if (typeof count === 'number' && Number.isFinite(count) && count >= 0) out[severity.toUpperCase()] = count;
  return out;
}

/** `aws ecr describe-images` → its images (the summary counts stand in until the findings are read). */
export function ecrImagesFrom(response: Record<string, unknown>, region: string): EcrImageModel[] {
  return records(response['imageDetails']).flatMap((detail) => {
    const repositoryName = str(detail['repositoryName']);
    const digest = str(detail['imageDigest']);
    if (!repositoryName || !digest) return [];
    const registryId = str(detail['registryId']);
    const pushedAt = isoDate(detail['imagePushedAt']);
    const scanStatus = str(record(detail['imageScanStatus'])['status']);
    return [
      {
        region,
        repositoryName,
        digest,
        tags: strings(detail['imageTags']),
        ...(registryId ? { registryId } : {}),
        ...(pushedAt ? { pushedAt } : {}),
        ...(scanStatus ? { scanStatus } : {}),
        severityCounts: severityCounts(record(detail['imageScanFindingsSummary'])['findingSeverityCounts']),
      },
    ];
  });
}

export interface ScanFindings {
  registryId?: string;
  repositoryName?: string;
  digest?: string;
  tag?: string;
  scanStatus?: string;
  severityCounts: Record<string, number>;
  findings: ImageFinding[];
  scanner: 'basic' | 'enhanced';
}

/** `aws ecr describe-image-scan-findings`: basic findings name the CVE in `name`, enhanced (Inspector) ones in `packageVulnerabilityDetails.vulnerabilityId`. */
export function ecrScanFindingsFrom(response: Record<string, unknown>): ScanFindings {
  const scan = record(response['imageScanFindings']);
  const basic = records(scan['findings']).map((finding) => ({ id: str(finding['name']), severity: str(finding['severity'])?.toUpperCase() }));
  const enhancedRaw = records(scan['enhancedFindings']);
  const enhanced = enhancedRaw.map((finding) => ({
    id: str(record(finding['packageVulnerabilityDetails'])['vulnerabilityId']) ?? str(finding['title']),
    severity: str(finding['severity'])?.toUpperCase(),
  }));
  const findings = [...basic, ...enhanced]
    .filter((finding): finding is ImageFinding => !!finding.id && !!finding.severity && RANK[finding.severity] !== undefined)
    .sort((a, b) => RANK[a.severity]! - RANK[b.severity]! || a.id.localeCompare(b.id));
  const unique = findings.filter((finding, index) => findings.findIndex((other) => other.id === finding.id) === index).slice(0, MAX_KEPT_FINDINGS);
  const imageId = record(response['imageId']);
  const registryId = str(response['registryId']);
  const repositoryName = str(response['repositoryName']);
  const digest = str(imageId['imageDigest']);
  const tag = str(imageId['imageTag']);
  const scanStatus = str(record(response['imageScanStatus'])['status']);
  return {
    ...(registryId ? { registryId } : {}),
    ...(repositoryName ? { repositoryName } : {}),
    ...(digest ? { digest } : {}),
    ...(tag ? { tag } : {}),
    ...(scanStatus ? { scanStatus } : {}),
    severityCounts: severityCounts(scan['findingSeverityCounts']),
    findings: unique,
    scanner: Array.isArray(scan['enhancedFindings']) ? 'enhanced' : 'basic',
  };
}

/**
 * The findings of an image replace its DescribeImages summary; findings of an image not listed stand
 * for it alone. `images` is keyed `region|repository|digest`, as the snapshot parser keeps them.
 */
export function mergeScanFindings(images: Map<string, EcrImageModel>, collected: readonly { region: string; findings: ScanFindings }[]): void {
  for (const { region, findings } of collected) {
    if (!findings.repositoryName) continue;
    const byDigest = findings.digest ? images.get(`${region}|${findings.repositoryName}|${findings.digest}`) : undefined;
    const image =
      byDigest ??
      (findings.tag ? [...images.values()].find((candidate) => candidate.region === region && candidate.repositoryName === findings.repositoryName && candidate.tags.includes(findings.tag!)) : undefined);
    const target: EcrImageModel | undefined =
      image ??
      (findings.digest
        ? { region, repositoryName: findings.repositoryName, digest: findings.digest, tags: findings.tag ? [findings.tag] : [], ...(findings.registryId ? { registryId: findings.registryId } : {}), severityCounts: {} }
        : undefined);
    if (!target) continue;
    if (Object.keys(findings.severityCounts).length > 0 || findings.findings.length > 0 || !image) target.severityCounts = findings.severityCounts;
    target.findings = findings.findings;
    target.scanner = findings.scanner;
    if (findings.scanStatus) target.scanStatus = findings.scanStatus;
    if (!image) images.set(`${region}|${target.repositoryName}|${target.digest}`, target);
  }
}
