import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { defineCheck, fail, type Check } from './check.js';
import { runChecks } from './engine.js';
import { createInventory, type Inventory } from './inventory.js';
import { findSuppression, globMatches, ignoreAnnotationProblems, parseExpiryDate, resourceKey, type SuppressionRule } from './suppression.js';
import { suggestion } from './suggest.js';
import type { KubeResourceRef } from './types.js';

const NOW = new Date('2026-11-27T12:00:00Z');
const deployment: KubeResourceRef = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' };

function find(options: { annotations?: Record<string, string>; rules?: SuppressionRule[]; checkId?: string; now?: Date }) {
  return findSuppression({
    checkId: options.checkId ?? 'K8S-WL-001',
    ref: deployment,
    annotations: options.annotations,
    rules: options.rules ?? [],
    now: options.now ?? NOW,
  });
}

describe('parseExpiryDate', () => {
  it('reads real calendar dates as the start of the day, UTC', () => {
    expect(parseExpiryDate('2027-01-31')).toBe(Date.parse('2027-01-31T00:00:00Z'));
    expect(parseExpiryDate('2028-02-29')).toBe(Date.parse('2028-02-29T00:00:00Z'));
  });

  it('rejects dates that do not exist and other shapes', () => {
    for (const bad of ['2027-02-30', '2027-13-01', '2027-00-10', '2027-1-5', '27-01-01', '2027-01-01T00:00:00Z', '', 'tomorrow']) {
      expect(parseExpiryDate(bad), bad).toBeUndefined();
    }
  });
});

describe('resource keys and globs', () => {
  it('keys namespaced, cluster-scoped and AWS resources', () => {
    expect(resourceKey(deployment)).toBe('Deployment/shop/web');
    expect(resourceKey({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'admin' })).toBe('ClusterRole/admin');
    expect(resourceKey({ arn: 'arn:aws:eks:eu-west-1:1:cluster/prod', type: 'AWS::EKS::Cluster', region: 'eu-west-1' })).toBe(
      'arn:aws:eks:eu-west-1:1:cluster/prod',
    );
  });

  it('treats only * as special, so regex characters in names match literally', () => {
    expect(globMatches('K8S-NET-*', 'K8S-NET-004')).toBe(true);
    expect(globMatches('K8S-NET-*', 'K8S-RBAC-001')).toBe(false);
    expect(globMatches('Deployment/shop/web.v1', 'Deployment/shop/webXv1')).toBe(false);
    expect(globMatches('Deployment/(a|b)/x', 'Deployment/(a|b)/x')).toBe(true);
    expect(globMatches('*', 'line\nbreak')).toBe(true);
  });
});

describe('findSuppression', () => {
  it('honours the ignore annotation with its reason', () => {
    expect(find({ annotations: { 'eksguard.io/ignore.K8S-WL-001': ' pinned by our deploy tool ' } })).toEqual({
      active: { reason: 'pinned by our deploy tool', source: 'annotation' },
    });
  });

  it('does not suppress with an empty reason, and says so', () => {
    expect(find({ annotations: { 'eksguard.io/ignore.K8S-WL-001': '' } })).toEqual({});
    expect(find({ annotations: { 'eksguard.io/ignore.K8S-WL-001': '  ' } })).toEqual({});
    const known = new Set(['K8S-WL-001', 'K8S-WL-007']);
    expect(ignoreAnnotationProblems({ 'eksguard.io/ignore.K8S-WL-001': ' ' }, known, () => '')).toEqual([
      { annotation: 'eksguard.io/ignore.K8S-WL-001', message: 'annotation eksguard.io/ignore.K8S-WL-001 gives no reason, so it suppresses nothing: write why the finding is accepted' },
    ]);
  });

  it('warns about a check ID no check has, with the nearest one', () => {
    const known = new Set(['K8S-WL-001', 'K8S-WL-007']);
    const problems = ignoreAnnotationProblems(
      { 'eksguard.io/ignore.K8S-WL-07': 'opt-in', 'eksguard.io/ignore-expires.K8S-WL-0001': '2027-01-01', 'eksguard.io/ignore.NOPE': 'x', 'eksguard.io/ignore.K8S-WL-007': 'fine', team: 'x' },
      known,
      (id) => suggestion(id, [...known]),
    );
    expect(problems.map((problem) => problem.message)).toEqual([
      'annotation eksguard.io/ignore.K8S-WL-07 names no check, so it suppresses nothing (did you mean K8S-WL-007?)',
      'annotation eksguard.io/ignore-expires.K8S-WL-0001 names no check, so it suppresses nothing (did you mean K8S-WL-001?)',
      'annotation eksguard.io/ignore.NOPE names no check, so it suppresses nothing',
    ]);
  });

  it('ignores annotations for other checks', () => {
    expect(find({ annotations: { 'eksguard.io/ignore.K8S-WL-002': 'x' } })).toEqual({});
  });

  it('ends an annotation suppression on its expiry date, and reports it as expired', () => {
    const annotations = { 'eksguard.io/ignore.K8S-WL-001': 'until the migration', 'eksguard.io/ignore-expires.K8S-WL-001': '2026-12-01' };
    expect(find({ annotations }).active?.expires).toBe('2026-12-01');
    expect(find({ annotations, now: new Date('2026-12-01T00:00:00Z') })).toEqual({
      expired: { reason: 'until the migration', source: 'annotation', expires: '2026-12-01' },
    });
  });

  it('fails closed on an annotation expiry it cannot read', () => {
    const outcome = find({ annotations: { 'eksguard.io/ignore.K8S-WL-001': 'x', 'eksguard.io/ignore-expires.K8S-WL-001': 'next year' } });
    expect(outcome.active).toBeUndefined();
    expect(outcome.expired?.expires).toBe('next year');
  });

  it('matches config rules by check and resource glob', () => {
    const rules: SuppressionRule[] = [
      { check: 'K8S-NET-*', resource: '*', reason: 'network team owns this' },
      { check: 'K8S-WL-*', resource: 'Deployment/shop/*', reason: 'legacy shop' },
    ];
    expect(find({ rules }).active).toEqual({ reason: 'legacy shop', source: 'config' });
    expect(find({ rules, checkId: 'K8S-RBAC-001' })).toEqual({});
  });

  it('lets an expired rule fall through to a later rule that still holds', () => {
    const rules: SuppressionRule[] = [
      { check: 'K8S-WL-001', resource: '*', reason: 'old', expires: '2026-01-01' },
      { check: 'K8S-WL-001', resource: '*', reason: 'renewed', expires: '2027-01-01' },
    ];
    expect(find({ rules }).active?.reason).toBe('renewed');
  });

  it('reports the expired rule when nothing else applies', () => {
    const rules: SuppressionRule[] = [{ check: 'K8S-WL-001', resource: '*', reason: 'old', expires: '2026-11-27' }];
    expect(find({ rules })).toEqual({ expired: { reason: 'old', source: 'config', expires: '2026-11-27' }, rule: rules[0] });
  });

  it('honours annotations that give a reason, as the policy says: honour (scan) or none (admission by default)', () => {
    const annotated = (reason: string, annotationPolicy: 'honour' | 'none') =>
      findSuppression({ checkId: 'K8S-WL-001', ref: deployment, annotations: { 'eksguard.io/ignore.K8S-WL-001': reason }, rules: [], now: NOW, annotationPolicy }).active?.source;
    expect(annotated('', 'honour')).toBeUndefined();
    expect(annotated('  ', 'honour')).toBeUndefined();
    expect(annotated('pinned by the deploy tool', 'honour')).toBe('annotation');
    expect(annotated('pinned by the deploy tool', 'none')).toBeUndefined();
  });

  it('matches adversarial resource patterns against long names quickly', () => {
    const rules: SuppressionRule[] = [{ check: '*', resource: '*-*-*-*-*-canary', reason: 'canaries' }];
    const ref: KubeResourceRef = { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: `${'a-'.repeat(126)}b` };
    const started = performance.now();
    for (let i = 0; i < 100; i++) findSuppression({ checkId: 'PSS-privileged', ref, annotations: undefined, rules, now: NOW });
    expect((performance.now() - started) / 100).toBeLessThan(1);
  });

  it('prefers a live config rule over an expired annotation', () => {
    const annotations = { 'eksguard.io/ignore.K8S-WL-001': 'a', 'eksguard.io/ignore-expires.K8S-WL-001': '2020-01-01' };
    const rules: SuppressionRule[] = [{ check: 'K8S-WL-001', resource: '*', reason: 'config' }];
    expect(find({ annotations, rules }).active?.reason).toBe('config');
  });
});

describe('suppression in the engine', () => {
  const check: Check = defineCheck<unknown>({
    id: 'K8S-WL-001',
    title: 'test check',
    area: 'containers',
    severity: 'low',
    target: {
      id: 'test:one',
      select: () => [
        { ref: deployment, value: 1, annotations: { 'eksguard.io/ignore.K8S-WL-001': 'accepted' } },
        { ref: { ...deployment, name: 'api' }, value: 2 },
      ],
    },
    needs: ['kube:Deployment'],
    rationale: 'r',
    remediation: 'm',
    references: [],
    standards: [],
    examples: { pass: [], fail: [] },
    messages: { bad: 'bad' },
    evaluate: () => fail({ messageId: 'bad' }),
  });
  const inventory: Inventory = createInventory();

  it('marks annotated failures suppressed and leaves the rest failing', () => {
    const findings = runChecks({ checks: [check], inventory, settings: { pssLevel: 'restricted', pssVersion: 'latest' }, now: NOW });
    expect(findings.map((f) => [(f.resource as KubeResourceRef).name, f.status, f.suppression?.reason])).toEqual([
      ['web', 'suppressed', 'accepted'],
      ['api', 'fail', undefined],
    ]);
  });

  it('fails again after a config rule expires and records the expired rule', () => {
    const suppressions: SuppressionRule[] = [{ check: 'K8S-WL-001', resource: 'Deployment/shop/api', reason: 'temporary', expires: '2026-11-01' }];
    const findings = runChecks({ checks: [check], inventory, settings: { pssLevel: 'restricted', pssVersion: 'latest' }, now: NOW, suppressions });
    const api = findings.find((f) => (f.resource as KubeResourceRef).name === 'api');
    expect(api?.status).toBe('fail');
    expect(api?.expiredSuppression).toEqual({ reason: 'temporary', source: 'config', expires: '2026-11-01' });
  });
});
