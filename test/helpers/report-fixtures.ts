import { buildReport, type Report } from '../../src/core/report.js';
import type { Finding } from '../../src/core/types.js';
import type { RuleMeta } from '../../src/reporters/rules.js';

/** Text an attacker can put into object names, annotations, container names and tags. */
export const HOSTILE = {
  script: '<script>alert("pwned")</script>',
  image: '<img src=x onerror=alert(1)>',
  quotes: `"double" 'single' \`back\``,
  cdataEnd: ']]>',
  ansi: '\u001b[31mRED\u001b[0m\u001b]0;title\u0007',
  newlines: 'line one\nline two\r\nline three',
  xmlInvalid: 'nul\u0000 bs\u0008 ff\u000c lone\ud800 nonchar\ufffe',
  markdown: '| pipe | [link](https://evil.example) ![img](https://evil.example/x.png) **bold** `code` @octocat #1',
  bidi: 'abc\u202edcba',
};

/** Everything hostile in one string. */
export const HOSTILE_TEXT = Object.values(HOSTILE).join(' ');

export const FIXTURE_CHECKS: RuleMeta[] = [
  {
    id: 'PSS-privileged',
    title: 'Privileged containers',
    area: 'containers',
    severity: 'critical',
    rationale: 'A privileged container has every capability and the host devices.',
    remediation: 'Remove securityContext.privileged or set it to false.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
    standards: ['PSS baseline/privileged', 'CIS-EKS-1.8 4.2.1'],
  },
  {
    id: 'K8S-NET-005',
    title: 'Internet-facing LoadBalancer without source ranges',
    area: 'network',
    severity: 'high',
    rationale: 'Anyone on the internet can reach the service.',
    remediation: 'Set spec.loadBalancerSourceRanges or make the load balancer internal.',
    references: [],
    standards: ['EKS-BPG network'],
  },
  {
    id: 'K8S-RBAC-001',
    title: 'cluster-admin bindings',
    area: 'iam',
    severity: 'high',
    rationale: 'cluster-admin can do anything.',
    remediation: 'Bind a narrower role.',
    references: [],
    standards: ['CIS-EKS-1.8 4.1.1'],
  },
  {
    id: 'EKS-DP-001',
    title: 'Public API endpoint open to the world',
    area: 'data-plane',
    severity: 'critical',
    rationale: 'The API server is reachable from the internet.',
    remediation: 'Restrict publicAccessCidrs or turn off the public endpoint.',
    references: [],
    standards: ['CIS-EKS-1.8 5.4.2'],
  },
  {
    id: 'K8S-WL-001',
    title: 'Image without a tag or with latest',
    area: 'containers',
    severity: 'low',
    rationale: 'A moving tag makes deployments unreproducible.',
    remediation: 'Pin images to a version tag or a digest.',
    references: [],
    standards: ['EKS-BPG images'],
  },
  {
    id: 'K8S-DATA-001',
    title: 'Secrets in env literals',
    area: 'data',
    severity: 'medium',
    rationale: 'Credentials in manifests leak.',
    remediation: 'Use a Secret and secretKeyRef.',
    references: [],
    standards: ['CIS-EKS-1.8 4.4.1'],
  },
];

function meta(id: string): Pick<Finding, 'checkId' | 'severity' | 'area' | 'title' | 'standards' | 'remediation'> {
  const check = FIXTURE_CHECKS.find((c) => c.id === id)!;
  return { checkId: id, severity: check.severity, area: check.area, title: check.title, standards: [...check.standards], remediation: check.remediation };
}

/** A report with every status, every kind of resource, and attacker text in every field a source fills from input. */
export function hostileFindings(): Finding[] {
  return [
    {
      ...meta('PSS-privileged'),
      status: 'fail',
      message: `container "${HOSTILE.cdataEnd}${HOSTILE.ansi}" is privileged ${HOSTILE.script}`,
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: `ns${HOSTILE.quotes}`, name: `web${HOSTILE.script}` },
      location: { file: `dir with space/evil<x>#?${HOSTILE.cdataEnd}.yaml`, line: 12 },
      path: `spec.template.spec.containers[0].securityContext.privileged`,
    },
    {
      ...meta('PSS-privileged'),
      status: 'suppressed',
      message: `container "${HOSTILE.newlines}" is privileged`,
      resource: { apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: 'kube-system', name: 'aws-node' },
      location: { file: 'k8s/aws-node.yaml', line: 30 },
      path: 'spec.template.spec.containers[0].securityContext.privileged',
      suppression: { reason: `CNI needs it ${HOSTILE_TEXT}`, source: 'annotation' },
    },
    {
      ...meta('K8S-WL-001'),
      status: 'suppressed',
      message: 'image "nginx" has no tag',
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'legacy' },
      location: { file: 'k8s/legacy.yaml', line: 8 },
      suppression: { reason: 'legacy app, replaced in Q1', source: 'config', expires: '2027-03-01' },
    },
    {
      ...meta('K8S-WL-001'),
      status: 'fail',
      message: `image "${HOSTILE.markdown}" has no tag`,
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'api' },
      location: { file: 'k8s/api.yaml' },
      expiredSuppression: { reason: `was temporary ${HOSTILE.script}`, source: 'config', expires: '2026-01-01' },
    },
    {
      ...meta('K8S-NET-005'),
      status: 'fail',
      message: `Service "${HOSTILE.bidi}" is internet-facing`,
      resource: { apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'front', context: `arn:aws:eks:eu-west-1:111122223333:cluster/prod${HOSTILE.xmlInvalid}` },
    },
    {
      ...meta('K8S-RBAC-001'),
      status: 'error',
      message: `check failed to run: TypeError: ${HOSTILE.xmlInvalid}`,
      resource: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name: `admins${HOSTILE.image}` },
    },
    {
      ...meta('EKS-DP-001'),
      status: 'fail',
      message: `cluster endpoint is public to 0.0.0.0/0 (tag team=${HOSTILE.script})`,
      resource: { arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/prod', type: 'AWS::EKS::Cluster', region: 'eu-west-1' },
    },
    {
      ...meta('K8S-DATA-001'),
      status: 'pass',
      message: 'ok',
      resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'clean' },
      location: { file: 'k8s/clean.yaml', line: 1 },
    },
    {
      ...meta('K8S-DATA-001'),
      status: 'not-applicable',
      message: 'not applicable',
      resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'static' },
    },
    {
      ...meta('EKS-DP-001'),
      status: 'skipped',
      message: 'skipped: aws eks:DescribeCluster could not be collected (AccessDenied)',
      resource: { apiVersion: 'eksguard.io/v1', kind: 'DataGap', name: 'aws eks:DescribeCluster' },
    },
  ];
}

export function hostileReport(options: { includePassed?: boolean } = {}): Report {
  return buildReport({
    version: '0.1.0',
    findings: hostileFindings(),
    errors: [{ source: 'file', message: `cannot parse YAML: ${HOSTILE.newlines} ${HOSTILE.script}`, location: { file: `bad${HOSTILE.quotes}.yaml`, line: 3 } }],
    gaps: [{ source: 'aws eks:DescribeCluster', reason: `AccessDenied ${HOSTILE.cdataEnd}`, checks: ['EKS-DP-001'] }],
    includePassed: options.includePassed ?? true,
  });
}

export function emptyReport(): Report {
  return buildReport({ version: '0.1.0', findings: [], errors: [], gaps: [], includePassed: false });
}
