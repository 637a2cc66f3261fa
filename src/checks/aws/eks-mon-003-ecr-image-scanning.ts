import { defineCheck, fail, pass } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import { referencedEcrRepositories, scanningOf, type RepositoryUse } from '../../aws/ecr.js';
import { awsView } from '../../aws/view.js';
import { awsExample } from './example.js';
import { PATHS } from './fixtures.js';

export const ECR_IMAGE = '111122223333.dkr.ecr.us-east-1.amazonaws.com/payments/api:1.4.2';

export const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: payments
spec:
  template:
    spec:
      containers:
        - name: api
          image: ${ECR_IMAGE}
`;

export function repositories(extra: Record<string, unknown>): unknown {
  return {
    repositories: [
      {
        repositoryName: 'payments/api',
        repositoryArn: 'arn:aws:ecr:us-east-1:111122223333:repository/payments/api',
        registryId: '111122223333',
        repositoryUri: '111122223333.dkr.ecr.us-east-1.amazonaws.com/payments/api',
        imageTagMutability: 'IMMUTABLE',
        imageScanningConfiguration: { scanOnPush: false },
        ...extra,
      },
    ],
  };
}

const basic = { registryId: '111122223333', scanningConfiguration: { scanType: 'BASIC', rules: [] } };
const enhanced = { registryId: '111122223333', scanningConfiguration: { scanType: 'ENHANCED', rules: [{ scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }] }] } };

/**
 * EKS-MON-003: fails for an ECR repository that workload images come from and that is not scanned
 * (no scan on push, no registry scanning rule).
 */
export const ecrImageScanning = defineCheck<RepositoryUse>({
  id: 'EKS-MON-003',
  title: 'ECR repositories the cluster uses should be scanned for vulnerabilities',
  area: 'detection',
  severity: 'medium',
  target: referencedEcrRepositories,
  needs: [AWS_KEYS.ecrRepositories, AWS_KEYS.ecrScanning],
  rationale:
    'Images pulled by the cluster carry OS and language packages with known CVEs. Without scan on push or enhanced (Inspector) scanning, nobody learns that a running image is vulnerable, or that a newly published CVE affects it.',
  remediation:
    'Turn on enhanced scanning for the registry (`aws ecr put-registry-scanning-configuration --scan-type ENHANCED --rules ...`) or at least scan on push for the repository (`aws ecr put-image-scanning-configuration --image-scanning-configuration scanOnPush=true`).',
  messages: { notScanned: 'repository {{repository}}, used by {{users}}, is not scanned (no scan on push, no matching registry scanning rule)' },
  references: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html'],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.ecrRepositories]: repositories({}), [PATHS.ecrScanning]: enhanced }, deployment)],
    fail: [awsExample({ [PATHS.ecrRepositories]: repositories({}), [PATHS.ecrScanning]: basic }, deployment)],
  }),
  evaluate(use, ctx) {
    const scanning = scanningOf(use.repository, awsView(ctx).registryScanning(use.repository.region));
    if (scanning) return pass(`${use.repository.name}: ${scanning}`);
    return fail({ messageId: 'notScanned', data: { repository: use.repository.name, users: use.users.join(', ') }, path: fieldPath('imageScanningConfiguration') });
  },
});
