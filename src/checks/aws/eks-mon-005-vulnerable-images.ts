import { defineCheck, fail, pass } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import { ecrImagesInUse, type ImageInUse } from '../../aws/ecr-images.js';
import { skipped } from '../../aws/verdicts.js';
import { awsExample } from './example.js';
import { ECR_IMAGE_PATHS, DIGEST, imagesResponse, podUsing } from './ecr-image-fixtures.js';

const SHOWN_CVES = 5;
const SHOWN_USERS = 3;

/** Scan states in which the counts are a finished verdict (basic: COMPLETE; enhanced: ACTIVE). */
const SCANNED = new Set(['COMPLETE', 'ACTIVE']);

function shown(items: readonly string[], limit: number): string {
  return items.length > limit ? `${items.slice(0, limit).join(', ')} and ${items.length - limit} more` : items.join(', ');
}

/**
 * EKS-MON-005: fails for an ECR image that workloads run and whose scan (basic or enhanced)
 * reports critical findings (critical) or high ones (high); names the counts and the first CVE IDs.
 */
export const vulnerableImagesInUse = defineCheck<ImageInUse>({
  id: 'EKS-MON-005',
  title: 'Images the cluster runs must not have critical or high vulnerabilities',
  area: 'detection',
  severity: 'high',
  target: ecrImagesInUse,
  needs: [AWS_KEYS.ecrRepositories, AWS_KEYS.ecrImages],
  reads: [AWS_KEYS.ecrImageFindings],
  rationale:
    'Scanning only helps when someone acts on it: an image with a critical or high CVE that pods are running right now is an exploitable service, and EKS-MON-003 (scanning is on) says nothing about it. Joining the running images with the ECR scan results (basic scanning or Amazon Inspector enhanced scanning) shows which findings matter today.',
  remediation:
    'Rebuild the image on a patched base image or package version, push it, and roll the workloads that run it; where no fix exists, document the exception with an expiring suppression. Turn on enhanced (continuous) scanning so new CVEs are found in images already deployed.',
  messages: {
    critical: '{{image}}, run by {{users}}, has {{critical}} critical {{scanner}} scan findings ({{cves}})',
    criticalAndHigh: '{{image}}, run by {{users}}, has {{critical}} critical and {{high}} high {{scanner}} scan findings ({{cves}})',
    high: '{{image}}, run by {{users}}, has {{high}} high {{scanner}} scan findings ({{cves}})',
  },
  references: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html', 'https://docs.aws.amazon.com/inspector/latest/user/scanning-ecr.html'],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [ECR_IMAGE_PATHS.images]: imagesResponse({ HIGH: 0, MEDIUM: 3 }) }, podUsing(`@${DIGEST}`))],
    fail: [awsExample({ [ECR_IMAGE_PATHS.images]: imagesResponse({ CRITICAL: 1, HIGH: 2 }) }, podUsing(':1.4.2'))],
  }),
  evaluate(use) {
    const image = use.image;
    const name = `${image.repositoryName}@${image.digest.slice(0, 19)}…${image.tags.length > 0 ? ` (${shown(image.tags, 3)})` : ''}`;
    const users = shown(use.users, SHOWN_USERS);
    if (!image.scanStatus || !SCANNED.has(image.scanStatus)) {
      return skipped(`${name}, run by ${users}, has no finished scan (${image.scanStatus ?? 'never scanned'}): EKS-MON-003 judges whether its repository is scanned`);
    }
    const critical = image.severityCounts['CRITICAL'] ?? 0;
    const high = image.severityCounts['HIGH'] ?? 0;
    if (critical === 0 && high === 0) return pass(`${name}: no critical or high findings`);
    const ids = image.findings?.map((finding) => finding.id) ?? [];
    const cves = image.findings === undefined ? 'finding IDs not collected' : ids.length > 0 ? shown(ids, SHOWN_CVES) : 'no IDs in the findings';
    const scanner = image.scanner === 'enhanced' ? 'Inspector' : 'ECR';
    const path = fieldPath('imageScanFindingsSummary', 'findingSeverityCounts');
    const data = { image: name, users, scanner, cves };
    if (critical === 0) return fail({ messageId: 'high', data: { ...data, high }, path, severity: 'high' });
    if (high === 0) return fail({ messageId: 'critical', data: { ...data, critical }, path, severity: 'critical' });
    return fail({ messageId: 'criticalAndHigh', data: { ...data, critical, high }, path, severity: 'critical' });
  },
});
