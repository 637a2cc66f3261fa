import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { DIGEST, ECR_IMAGE_PATHS, findingsResponse, imagesResponse, podUsing } from './ecr-image-fixtures.js';
import { vulnerableImagesInUse } from './eks-mon-005-vulnerable-images.js';

const PATH = 'imageScanFindingsSummary.findingSeverityCounts';
const IMAGE = `payments/api@${DIGEST.slice(0, 19)}… (1.4.2)`;
const USERS = 'Deployment/payments/api';
const images = (counts: Record<string, number> | undefined, extra: Record<string, unknown> = {}) => ({ [ECR_IMAGE_PATHS.images]: imagesResponse(counts, extra) });
const cves = (count: number, severity: string, from = 1) => Array.from({ length: count }, (_, index) => ({ id: `CVE-2026-${String(from + index).padStart(4, '0')}`, severity }));

testCheck(vulnerableImagesInUse, {
  pass: [
    { input: { aws: images({ MEDIUM: 4, LOW: 1 }), kubeYaml: podUsing(':1.4.2') } },
    { input: { aws: images({}), kubeYaml: podUsing(`@${DIGEST}`) } },
    // the findings (Inspector) replace the DescribeImages summary
    { input: { aws: { ...images({ HIGH: 2 }), [ECR_IMAGE_PATHS.findings]: findingsResponse(cves(2, 'MEDIUM'), true) }, kubeYaml: podUsing(':1.4.2') } },
  ],
  fail: [
    { input: { aws: images({ CRITICAL: 1, HIGH: 2 }), kubeYaml: podUsing(':1.4.2') }, failures: [{ path: PATH, messageId: 'criticalAndHigh', data: { image: IMAGE, users: USERS, critical: 1, high: 2, scanner: 'ECR', cves: 'finding IDs not collected' }, severity: 'critical' }] },
    { input: { aws: images({ CRITICAL: 3, HIGH: 0 }), kubeYaml: podUsing(':1.4.2') }, failures: [{ path: PATH, messageId: 'critical', data: { image: IMAGE, users: USERS, critical: 3, scanner: 'ECR', cves: 'finding IDs not collected' }, severity: 'critical' }] },
    { input: { aws: images({ HIGH: 2 }), kubeYaml: podUsing(`:1.4.2@${DIGEST}`) }, failures: [{ path: PATH, messageId: 'high', data: { image: IMAGE, users: USERS, high: 2, scanner: 'ECR', cves: 'finding IDs not collected' }, severity: 'high' }] },
    {
      input: { aws: { ...images(undefined), [ECR_IMAGE_PATHS.findings]: findingsResponse([...cves(7, 'HIGH', 10), ...cves(1, 'CRITICAL', 99), ...cves(3, 'LOW', 50)]) }, kubeYaml: podUsing(':1.4.2') },
      failures: [{ path: PATH, messageId: 'criticalAndHigh', data: { image: IMAGE, users: USERS, critical: 1, high: 7, scanner: 'ECR', cves: 'CVE-2026-0099, CVE-2026-0010, CVE-2026-0011, CVE-2026-0012, CVE-2026-0013 and 3 more' }, severity: 'critical' }],
    },
    {
      input: { aws: { ...images({}), [ECR_IMAGE_PATHS.findings]: findingsResponse(cves(1, 'HIGH'), true) }, kubeYaml: podUsing(':1.4.2') },
      failures: [{ path: PATH, messageId: 'high', data: { image: IMAGE, users: USERS, high: 1, scanner: 'Inspector', cves: 'CVE-2026-0001' }, severity: 'high' }],
    },
  ],
});

describe('EKS-MON-005 vulnerable images in use', () => {
  it('judges only images that workloads run: another tag or repository is not a subject', () => {
    expect(runAws(vulnerableImagesInUse, images({ CRITICAL: 3 }), podUsing(':2.0.0'))).toEqual([]);
    expect(runAws(vulnerableImagesInUse, images({ CRITICAL: 3 }), podUsing(':1.4.2').replace('payments/api', 'payments/web'))).toEqual([]);
    expect(runAws(vulnerableImagesInUse, images({ CRITICAL: 3 }))).toEqual([]);
  });

  it('resolves a Pod to the digest its status says the node pulled, whatever the tag now points at', () => {
    const pod = `${podUsing(':latest', 'Pod')}status:\n  containerStatuses: [{ name: api, imageID: "111122223333.dkr.ecr.us-east-1.amazonaws.com/payments/api@${DIGEST}" }]\n`;
    expect(summary(runAws(vulnerableImagesInUse, images({ HIGH: 1 }), pod))).toEqual(['fail:high']);
  });

  it('is skipped for an image without a finished scan', () => {
    const [finding] = runAws(vulnerableImagesInUse, images(undefined, { imageScanStatus: { status: 'FAILED' } }), podUsing(':1.4.2'));
    expect(finding?.status).toBe('skipped');
    expect(finding?.message).toContain('has no finished scan (FAILED)');
    expect(summary(runAws(vulnerableImagesInUse, images(undefined, { imageScanStatus: undefined }), podUsing(':1.4.2')))).toEqual(['skipped']);
  });

  it('names at most three users', () => {
    const many = ['a', 'b', 'c', 'd'].map((name) => podUsing(':1.4.2').replace('name: api, namespace', `name: ${name}, namespace`)).join('---\n');
    const [finding] = runAws(vulnerableImagesInUse, images({ HIGH: 1 }), many);
    expect(finding?.message).toContain('run by Deployment/payments/a, Deployment/payments/b, Deployment/payments/c and 1 more, has 1 high');
  });
});
