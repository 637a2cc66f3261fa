import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/types.js';
import { buildPolicyReports, DIGEST_ANNOTATION, REPORT_APIS, resourceReportName, resultId, urgencyOf, type ReportApi, type ReportObject } from './policy-report.js';

const now = new Date('2026-05-01T10:00:00Z');
const crdDir = path.resolve(import.meta.dirname, '../../deploy/crds');

function finding(overrides: Partial<Finding> & { name?: string; namespace?: string } = {}): Finding {
  const { name = 'web', namespace = 'shop', ...rest } = overrides;
  return {
    checkId: 'PSS-privileged',
    status: 'fail',
    severity: 'critical',
    area: 'containers',
    title: 'Containers must not run privileged',
    message: `container app of Pod ${namespace}/${name} runs privileged`,
    resource: { apiVersion: 'v1', kind: 'Pod', namespace, name, context: 'prod' },
    path: 'spec.containers[0].securityContext.privileged',
    standards: ['PSS baseline', 'CIS-EKS-1.8 4.2.1'],
    remediation: 'Remove privileged: true.',
    ...rest,
  };
}

/** The CRD schema a report object must satisfy, with the Kubernetes-only keywords removed. */
function validatorFor(api: ReportApi, kind: string) {
  const group = api.split('/')[0]!;
  const plural = { PolicyReport: 'policyreports', ClusterPolicyReport: 'clusterpolicyreports', Report: 'reports', ClusterReport: 'clusterreports' }[kind]!;
  const crd = yaml.load(readFileSync(path.join(crdDir, `${group}_${plural}.yaml`), 'utf8')) as any;
  const version = crd.spec.versions.find((candidate: any) => `${crd.spec.group}/${candidate.name}` === api);
  const strip = (node: unknown): unknown =>
    Array.isArray(node) ? node.map(strip) : node && typeof node === 'object' ? Object.fromEntries(Object.entries(node).filter(([key]) => !key.startsWith('x-kubernetes-')).map(([key, value]) => [key, strip(value)])) : node;
  const schema = strip(version.schema.openAPIV3Schema) as Record<string, unknown>;
  // a structural schema prunes unknown fields; the report must not rely on any
  const closed = JSON.parse(JSON.stringify(schema), (_key, value) => (value && value.type === 'object' && value.properties && !value.additionalProperties ? { ...value, additionalProperties: false } : value));
  const ajv = new Ajv({ strict: false, allErrors: true, formats: { int64: true, int32: true } });
  return ajv.compile(closed);
}

describe('buildPolicyReports', () => {
  it.each(REPORT_APIS)('writes a %s report about one resource: named after it, scoped to it, owned by it, its results naming no resource again', (api) => {
    const findings = [finding(), finding({ checkId: 'K8S-WL-001', severity: 'low', area: 'containers', path: 'spec.containers[0]' })];
    const subject = { apiVersion: 'v1', kind: 'Pod', name: 'web', namespace: 'shop', uid: '0d5c1b4e-8f7a-4c1e-9b2a-3f6d7e8a9b0c' };
    const { objects } = buildPolicyReports({ api, scope: 'shop', name: resourceReportName('v1', 'Pod', 'web'), subject, findings, warnAt: 'none', maxBytes: 1_000_000, now });
    expect(objects).toHaveLength(1);
    const report = objects[0]!;
    expect(report.metadata).toMatchObject({ name: 'eksguard-pod-web', namespace: 'shop', ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'web', uid: subject.uid }] });
    expect(report.scope).toEqual(subject);
    expect(report.results.map((result) => result.resources)).toEqual([undefined, undefined]);
    expect(report.summary).toMatchObject({ fail: 2 });
    const validate = validatorFor(api, report.kind);
    expect(validate(JSON.parse(JSON.stringify(report))), JSON.stringify(validate.errors)).toBe(true);
    // without a uid (an object the watch does not hold), no owner; and a new uid (the object was recreated) is new content
    const unowned = buildPolicyReports({ api, scope: 'shop', name: 'eksguard-pod-web', subject: { ...subject, uid: undefined }, findings, warnAt: 'none', maxBytes: 1_000_000, now }).objects[0]!;
    expect(unowned.metadata.ownerReferences).toBeUndefined();
    expect(unowned.scope).toEqual({ apiVersion: 'v1', kind: 'Pod', name: 'web', namespace: 'shop' });
    const recreated = buildPolicyReports({ api, scope: 'shop', name: 'eksguard-pod-web', subject: { ...subject, uid: 'another' }, findings, warnAt: 'none', maxBytes: 1_000_000, now }).objects[0]!;
    expect(recreated.metadata.annotations[DIGEST_ANNOTATION]).not.toBe(report.metadata.annotations[DIGEST_ANNOTATION]);
  });

  it('names a resource\'s report eksguard-<kind>[.<group>]-<name>, and makes any other name a valid, distinct, bounded one', () => {
    expect(resourceReportName('v1', 'Pod', 'web-1')).toBe('eksguard-pod-web-1');
    expect(resourceReportName('apps/v1', 'Deployment', 'web-1')).toBe('eksguard-deployment.apps-web-1');
    // two kinds of one name in different groups (and the core group) never share a report
    const sameKind = [
      ['v1', 'Event', 'a'],
      ['events.k8s.io/v1', 'Event', 'a'],
      ['networking.k8s.io/v1', 'Ingress', 'a'],
      ['extensions/v1beta1', 'Ingress', 'a'],
      ['cert-manager.io/v1', 'Certificate', 'a'],
      ['cert/v1', 'Certificate', 'manager.io-a'],
      ['v1', 'Certificate', 'manager.io-a'],
    ] as const;
    const named = sameKind.map(([apiVersion, kind, name]) => resourceReportName(apiVersion, kind, name));
    expect(new Set(named).size).toBe(sameKind.length);
    // a version of the same group is the same resource
    expect(resourceReportName('networking.k8s.io/v1beta1', 'Ingress', 'a')).toBe(resourceReportName('networking.k8s.io/v1', 'Ingress', 'a'));
    const valid = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
    const odd = ['system:controller:Foo', 'System:Controller:foo', 'x'.repeat(253), `${'y'.repeat(240)}-`, ':::'];
    const names = odd.map((name) => resourceReportName('rbac.authorization.k8s.io/v1', 'RoleBinding', name));
    for (const name of names) {
      expect(name).toMatch(valid);
      // room for a part suffix (-256-of-256)
      expect(name.length).toBeLessThanOrEqual(241);
    }
    expect(new Set(names).size).toBe(odd.length);
    expect(resourceReportName('rbac.authorization.k8s.io/v1', 'Role', 'a')).not.toBe(resourceReportName('rbac.authorization.k8s.io/v1', 'RoleBinding', 'a'));
  });

  it('lists the most urgent results first: failures by severity, then errors, warnings, skips and passes', () => {
    const findings = [
      finding({ checkId: 'K8S-WL-001', severity: 'low', name: 'a' }),
      finding({ checkId: 'K8S-WL-002', status: 'pass', severity: 'critical', name: 'a' }),
      finding({ checkId: 'K8S-WL-003', status: 'suppressed', severity: 'critical', name: 'a', suppression: { reason: 'accepted', source: 'annotation' } }),
      finding({ checkId: 'K8S-WL-004', severity: 'medium', name: 'z' }),
      finding({ checkId: 'PSS-privileged', severity: 'critical', name: 'z' }),
    ];
    const { objects } = buildPolicyReports({ api: 'wgpolicyk8s.io/v1alpha2', scope: 'shop', findings, warnAt: 'none', maxBytes: 1_000_000, now: new Date(0) });
    expect(objects[0]!.results.map((result) => [result.policy, result.result])).toEqual([
      ['PSS-privileged', 'fail'],
      ['K8S-WL-004', 'fail'],
      ['K8S-WL-001', 'fail'],
      ['K8S-WL-003', 'skip'],
      ['K8S-WL-002', 'pass'],
    ]);
    expect(objects[0]!.results.map(urgencyOf)).toEqual([0, 2, 3, 7, 8]);
  });

  it.each(REPORT_APIS)('writes %s objects that the shipped CRDs accept whole, with the fields Policy Reporter reads', (api) => {
    const findings = [finding(), finding({ name: 'api', status: 'suppressed', suppression: { reason: 'accepted by the platform team', source: 'annotation' } }), finding({ checkId: 'K8S-WL-001', severity: 'info', area: 'containers', name: 'batch' })];
    const { objects } = buildPolicyReports({ api, scope: 'shop', findings, warnAt: 'info', maxBytes: 1_000_000, now, uidOf: (ref) => (ref.name === 'web' ? 'uid-web' : undefined) });
    expect(objects).toHaveLength(1);
    const report = objects[0]!;
    expect(report).toMatchObject({ apiVersion: api, kind: api.startsWith('wg') ? 'PolicyReport' : 'Report', metadata: { name: 'eksguard', namespace: 'shop', labels: { 'app.kubernetes.io/managed-by': 'eksguard' } } });
    const validate = validatorFor(api, report.kind);
    expect(validate(JSON.parse(JSON.stringify(report))), JSON.stringify(validate.errors)).toBe(true);
    // the schema is closed: a field the CRD does not define would be pruned by the API server
    expect(validate({ ...report, results: [{ ...report.results[0], extra: 'x' }] })).toBe(false);
    const web = report.results.find((result) => result.resources?.[0]?.['name'] === 'web')!;
    expect(web).toEqual({
      source: 'eksguard',
      policy: 'PSS-privileged',
      rule: 'Containers must not run privileged',
      category: 'containers',
      severity: 'critical',
      result: 'fail',
      scored: true,
      message: 'container app of Pod shop/web runs privileged',
      resources: [{ apiVersion: 'v1', kind: 'Pod', name: 'web', namespace: 'shop', uid: 'uid-web' }],
      properties: {
        resultID: resultId(findings[0]!),
        path: 'spec.containers[0].securityContext.privileged',
        standards: 'PSS baseline, CIS-EKS-1.8 4.2.1',
        remediation: 'https://github.com/eksguard/eksguard/blob/main/docs/checks/PSS-privileged.md',
      },
      timestamp: { seconds: Math.floor(now.getTime() / 1000), nanos: 0 },
    });
    // a suppressed failure is not judged now (skip), and says why; an info failure only warns
    expect(report.results.find((result) => result.resources?.[0]?.['name'] === 'api')).toMatchObject({ result: 'skip', properties: { suppressed: 'accepted by the platform team', suppressedBy: 'annotation', status: 'suppressed' } });
    expect(report.results.find((result) => result.policy === 'K8S-WL-001')).toMatchObject({ result: 'warn', scored: false });
    expect(report.summary).toEqual({ pass: 0, fail: 1, warn: 1, error: 0, skip: 1 });
    for (const result of report.results) for (const value of Object.values(result.properties)) expect(typeof value).toBe('string');
    if (api === 'openreports.io/v1alpha1') expect(report.source).toBe('eksguard');
    else expect(report).not.toHaveProperty('source');
  });

  it('writes the cluster-wide report with AWS resources, starved checks and every data gap', () => {
    const aws = finding({ checkId: 'EKS-LOG-001', area: 'detection', severity: 'medium', resource: { arn: 'arn:aws:eks:eu-west-1:123456789012:cluster/prod', type: 'AWS::EKS::Cluster', region: 'eu-west-1' }, path: 'logging' });
    const starved = finding({ checkId: 'K8S-NET-001', status: 'skipped', message: 'skipped: kube list networkpolicies could not be collected (Forbidden)', resource: { apiVersion: 'eksguard.io/v1', kind: 'DataGap', name: 'kube list networkpolicies' } });
    delete starved.path;
    const { objects } = buildPolicyReports({
      api: 'wgpolicyk8s.io/v1alpha2',
      scope: '',
      findings: [aws, starved],
      gaps: [{ source: 'kube list networkpolicies.networking.k8s.io', reason: 'Forbidden: networkpolicies is forbidden', checks: ['K8S-NET-001', 'K8S-NET-002'] }],
      warnAt: 'none',
      maxBytes: 1_000_000,
      now,
    });
    const report = objects[0]!;
    expect(report.kind).toBe('ClusterPolicyReport');
    expect(report.metadata).not.toHaveProperty('namespace');
    const validate = validatorFor('wgpolicyk8s.io/v1alpha2', 'ClusterPolicyReport');
    expect(validate(JSON.parse(JSON.stringify(report))), JSON.stringify(validate.errors)).toBe(true);
    expect(report.results.find((result) => result.policy === 'EKS-LOG-001')).toMatchObject({
      result: 'fail',
      resources: [{ kind: 'AWS::EKS::Cluster', name: 'arn:aws:eks:eu-west-1:123456789012:cluster/prod' }],
      properties: { arn: 'arn:aws:eks:eu-west-1:123456789012:cluster/prod', region: 'eu-west-1' },
    });
    const skipped = report.results.find((result) => result.policy === 'K8S-NET-001')!;
    expect(skipped).toMatchObject({ result: 'skip', properties: { status: 'skipped' } });
    expect(skipped).not.toHaveProperty('resources');
    expect(report.results.find((result) => result.policy === 'eksguard-data-gap')).toMatchObject({
      result: 'error',
      rule: 'kube list networkpolicies.networking.k8s.io',
      message: 'kube list networkpolicies.networking.k8s.io could not be collected: Forbidden: networkpolicies is forbidden. Checks that need it are skipped: K8S-NET-001, K8S-NET-002.',
    });
  });

  it('escapes control and bidirectional characters from attacker-controlled text', () => {
    const hostile = finding({ message: 'label value \u001b[31mred\u001b[0m \u202eevil\nsecond line', path: 'metadata.labels["a\u0007"]' });
    const { objects } = buildPolicyReports({ api: 'wgpolicyk8s.io/v1alpha2', scope: 'shop', findings: [hostile], warnAt: 'none', maxBytes: 1_000_000, now });
    const [result] = objects[0]!.results;
    expect(result!.message).toBe('label value \\u001b[31mred\\u001b[0m \\u202eevil\\nsecond line');
    expect(result!.properties['path']).toBe('metadata.labels["a\\u0007"]');
  });

  it('gives the same objects and digests whatever order the findings come in, and only timestamps may differ after a restart', () => {
    const findings = Array.from({ length: 50 }, (_, index) => finding({ name: `pod-${index}` }));
    const one = buildPolicyReports({ api: 'wgpolicyk8s.io/v1alpha2', scope: 'shop', findings, warnAt: 'none', maxBytes: 1_000_000, now });
    const two = buildPolicyReports({ api: 'wgpolicyk8s.io/v1alpha2', scope: 'shop', findings: [...findings].reverse(), warnAt: 'none', maxBytes: 1_000_000, now: new Date(now.getTime() + 3_600_000) });
    expect(two.objects[0]!.metadata.annotations[DIGEST_ANNOTATION]).toBe(one.objects[0]!.metadata.annotations[DIGEST_ANNOTATION]);
    expect(two.objects[0]!.results.map((result) => result.properties['resultID'])).toEqual(one.objects[0]!.results.map((result) => result.properties['resultID']));
    const changed = buildPolicyReports({ api: 'wgpolicyk8s.io/v1alpha2', scope: 'shop', findings: findings.slice(1), warnAt: 'none', maxBytes: 1_000_000, now });
    expect(changed.objects[0]!.metadata.annotations[DIGEST_ANNOTATION]).not.toBe(one.objects[0]!.metadata.annotations[DIGEST_ANNOTATION]);
  });

  it('splits a report larger than the limit into parts that each fit, and a change of one resource rewrites one part', () => {
    const findings = Array.from({ length: 3_000 }, (_, index) => finding({ name: `pod-${index}` }));
    const maxBytes = 200_000;
    const built = buildPolicyReports({ api: 'wgpolicyk8s.io/v1alpha2', scope: 'shop', findings, warnAt: 'none', maxBytes, now });
    expect(built.parts).toBeGreaterThan(4);
    expect(built.truncated).toBe(0);
    expect(built.objects.map((object) => object.metadata.name)).toEqual(Array.from({ length: built.parts }, (_, index) => `eksguard-${index + 1}-of-${built.parts}`));
    for (const object of built.objects) expect(Buffer.byteLength(JSON.stringify(object))).toBeLessThanOrEqual(maxBytes);
    expect(built.objects.reduce((sum, object) => sum + object.results.length, 0)).toBe(3_000);
    expect(built.objects.reduce((sum, object) => sum + object.summary.fail, 0)).toBe(3_000);

    const next = findings.map((item, index) => (index === 1234 ? { ...item, message: 'changed' } : item));
    const again = buildPolicyReports({ api: 'wgpolicyk8s.io/v1alpha2', scope: 'shop', findings: next, warnAt: 'none', maxBytes, now, previousParts: built.parts });
    const digests = (objects: ReportObject[]) => objects.map((object) => object.metadata.annotations[DIGEST_ANNOTATION]);
    const differing = digests(again.objects).filter((digest, index) => digest !== digests(built.objects)[index]);
    expect(differing).toHaveLength(1);
  });

  it('keeps its split while the results hover near the limit, and merges when they fit easily', () => {
    const make = (count: number) => Array.from({ length: count }, (_, index) => finding({ name: `pod-${index}` }));
    const one = buildPolicyReports({ api: 'wgpolicyk8s.io/v1alpha2', scope: 'shop', findings: make(400), warnAt: 'none', maxBytes: 200_000, now });
    expect(one.parts).toBe(2);
    const slightlyFewer = buildPolicyReports({ api: 'wgpolicyk8s.io/v1alpha2', scope: 'shop', findings: make(380), warnAt: 'none', maxBytes: 200_000, now, previousParts: 2 });
    expect(slightlyFewer.parts).toBe(2);
    const few = buildPolicyReports({ api: 'wgpolicyk8s.io/v1alpha2', scope: 'shop', findings: make(100), warnAt: 'none', maxBytes: 200_000, now, previousParts: 2 });
    expect(few.parts).toBe(1);
    expect(few.objects[0]!.metadata.name).toBe('eksguard');
  });

  it('leaves out the least severe results, and says how many, when no split can hold them', () => {
    const huge = Array.from({ length: 40 }, (_, index) => finding({ name: `pod-${index % 2}`, path: `spec.x[${index}]`, severity: index < 20 ? 'critical' : 'low', message: 'x'.repeat(1_900) }));
    const built = buildPolicyReports({ api: 'wgpolicyk8s.io/v1alpha2', scope: 'shop', findings: huge, warnAt: 'none', maxBytes: 30_000, now });
    expect(built.truncated).toBeGreaterThan(0);
    const kept = built.objects.flatMap((object) => object.results);
    expect(kept.length).toBe(40 - built.truncated);
    expect(kept.filter((result) => result.severity === 'critical').length).toBe(20);
    for (const object of built.objects) {
      expect(Buffer.byteLength(JSON.stringify(object))).toBeLessThanOrEqual(30_000);
      expect(object.metadata.annotations['eksguard.io/truncated-results']).toBe(String(built.truncated));
    }
  });
});
