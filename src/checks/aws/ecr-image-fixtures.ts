/** Responses and manifests for the examples and tests of EKS-MON-005 (vulnerable images in use). */
import { ACCOUNT, REGION } from './fixtures.js';

export const REPOSITORY = 'payments/api';
export const DIGEST = `sha256:${'ab12'.repeat(16)}`;
export const ECR_IMAGE_PATHS = {
  images: `${REGION}/ecr/images/payments%2Fapi.json`,
  findings: `${REGION}/ecr/image-scan-findings/payments%2Fapi/${DIGEST.replace(':', '%3A')}.json`,
};

/** `aws ecr describe-images` of one image tagged 1.4.2 whose scan summary has these counts. */
export function imagesResponse(counts: Record<string, number> | undefined, extra: Record<string, unknown> = {}): unknown {
  return {
    imageDetails: [
      {
        registryId: ACCOUNT,
        repositoryName: REPOSITORY,
        imageDigest: DIGEST,
        imageTags: ['1.4.2'],
        imagePushedAt: '2026-11-02T10:00:00Z',
        imageScanStatus: { status: 'COMPLETE' },
        ...(counts ? { imageScanFindingsSummary: { findingSeverityCounts: counts } } : {}),
        ...extra,
      },
    ],
  };
}

/** `aws ecr describe-image-scan-findings` of that image: basic findings, or Inspector (enhanced) ones. */
export function findingsResponse(findings: { id: string; severity: string }[], enhanced = false): unknown {
  const counts: Record<string, number> = {};
  for (const finding of findings) counts[finding.severity] = (counts[finding.severity] ?? 0) + 1;
  return {
    registryId: ACCOUNT,
    repositoryName: REPOSITORY,
    imageId: { imageDigest: DIGEST, imageTag: '1.4.2' },
    imageScanStatus: { status: enhanced ? 'ACTIVE' : 'COMPLETE' },
    imageScanFindings: {
      findingSeverityCounts: counts,
      ...(enhanced
        ? { enhancedFindings: findings.map((finding) => ({ severity: finding.severity, packageVulnerabilityDetails: { vulnerabilityId: finding.id } })) }
        : { findings: findings.map((finding) => ({ name: finding.id, severity: finding.severity })) }),
    },
  };
}

/** A Deployment running `payments/api` with the given tag or digest suffix (`:1.4.2`, `@sha256:…`). */
export function podUsing(suffix: string, kind = 'Deployment'): string {
  const image = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${REPOSITORY}${suffix}`;
  if (kind === 'Pod') return `apiVersion: v1\nkind: Pod\nmetadata: { name: api-0, namespace: payments }\nspec:\n  containers: [{ name: api, image: "${image}" }]\n`;
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api, namespace: payments }\nspec:\n  template:\n    spec:\n      containers: [{ name: api, image: "${image}" }]\n`;
}
