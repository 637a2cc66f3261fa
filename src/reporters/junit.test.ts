import { describe, expect, it } from 'vitest';
import { FIXTURE_CHECKS, HOSTILE, HOSTILE_TEXT, emptyReport, hostileReport } from '../../test/helpers/report-fixtures.js';
import { childrenNamed, parseXml, type XmlElement } from '../../test/helpers/xml.js';
import { buildReport } from '../core/report.js';
import type { Finding } from '../core/types.js';
import { renderJunit } from './junit.js';

function suites(xml: string): XmlElement[] {
  return childrenNamed(parseXml(xml), 'testsuite');
}

function outcome(testcase: XmlElement): string {
  return testcase.children[0]?.name ?? 'passed';
}

describe('renderJunit', () => {
  const xml = renderJunit(hostileReport(), { checks: FIXTURE_CHECKS });

  it('is well-formed XML 1.0 even with hostile input (a strict parser accepts it)', () => {
    expect(() => parseXml(xml)).not.toThrow();
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('\u001b');
    expect(xml).not.toContain('<![CDATA[');
  });

  it('the strict parser does reject what the escaping prevents', () => {
    expect(() => parseXml(`<a>${HOSTILE.ansi}</a>`)).toThrow();
    expect(() => parseXml(`<a>x${HOSTILE.cdataEnd}</a>`)).toThrow();
    expect(() => parseXml(`<a b="${HOSTILE.quotes}"/>`)).toThrow();
    expect(() => parseXml('<a>\ud800</a>')).toThrow();
  });

  it('has one suite per check and one case per (check, subject)', () => {
    const all = suites(xml);
    expect(all.map((suite) => suite.attributes['name']!.split(':')[0])).toEqual([
      'PSS-privileged',
      'K8S-WL-001',
      'K8S-NET-005',
      'K8S-RBAC-001',
      'EKS-DP-001',
      'K8S-DATA-001',
      'eksguard',
    ]);
    const privileged = all[0]!;
    expect(childrenNamed(privileged, 'testcase').map((c) => [c.attributes['name'], outcome(c)])).toEqual([
      [`Deployment/ns${HOSTILE.quotes}/web${HOSTILE.script}`, 'failure'],
      ['DaemonSet/kube-system/aws-node', 'skipped'],
    ]);
    expect(privileged.attributes).toMatchObject({ tests: '2', failures: '1', errors: '0', skipped: '1' });
  });

  it('maps fail to failure, error to error, skipped and suppressed to skipped', () => {
    const cases = suites(xml).flatMap((suite) => childrenNamed(suite, 'testcase'));
    const byName = (name: string) => cases.find((c) => c.attributes['name']!.startsWith(name))!;
    expect(outcome(byName('ClusterRoleBinding/admins'))).toBe('error');
    expect(outcome(byName('DataGap/'))).toBe('skipped');
    expect(outcome(byName('Pod/shop/clean'))).toBe('passed');
    expect(outcome(byName('Pod/shop/static'))).toBe('skipped');
    const legacy = byName('Deployment/shop/legacy').children[0]!;
    expect(legacy.attributes['message']).toBe('suppressed: legacy app, replaced in Q1');
    expect(legacy.text).toContain('suppressed by config until 2027-03-01');
  });

  it('keeps the hostile text readable as data in attributes and bodies', () => {
    const failure = childrenNamed(suites(xml)[0]!, 'testcase')[0]!;
    expect(failure.attributes['file']).toBe(`dir with space/evil<x>#?${HOSTILE.cdataEnd}.yaml`);
    expect(failure.attributes['line']).toBe('12');
    expect(failure.children[0]!.attributes['type']).toBe('critical');
    expect(failure.children[0]!.attributes['message']).toContain('\\u001b[31mRED');
    expect(failure.children[0]!.text).toContain('How to fix: Remove securityContext.privileged');
  });

  it('says when a suppression expired', () => {
    const api = childrenNamed(suites(xml)[1]!, 'testcase').find((c) => c.attributes['name'] === 'Deployment/shop/api')!;
    expect(outcome(api)).toBe('failure');
    expect(api.children[0]!.text).toContain('suppression expired on 2026-01-01 (config): was temporary <script>');
  });

  it('reports unreadable input as errors of its own suite, and counts every case at the top', () => {
    const input = suites(xml).at(-1)!;
    expect(input.attributes['name']).toBe('eksguard: input');
    expect(outcome(childrenNamed(input, 'testcase')[0]!)).toBe('error');
    const root = parseXml(xml);
    expect(root.attributes).toMatchObject({ tests: '11', failures: '4', errors: '2', skipped: '4' });
  });

  it('gives a subject with several findings of one check one case with the worst outcome', () => {
    const base: Omit<Finding, 'status' | 'message' | 'path'> = {
      checkId: 'PSS-privileged',
      severity: 'critical',
      area: 'containers',
      title: 'Privileged containers',
      standards: [],
      remediation: 'r',
      resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'a', name: 'p' },
    };
    const report = buildReport({
      version: '1',
      findings: [
        { ...base, status: 'suppressed', message: 'init container', path: 'spec.initContainers[0]', suppression: { reason: 'x', source: 'annotation' } },
        { ...base, status: 'fail', message: 'app container', path: 'spec.containers[0]' },
      ],
      errors: [],
      gaps: [],
      includePassed: true,
    });
    const cases = childrenNamed(suites(renderJunit(report))[0]!, 'testcase');
    expect(cases).toHaveLength(1);
    expect(outcome(cases[0]!)).toBe('failure');
    expect(cases[0]!.children[0]!.attributes['message']).toBe('app container');
    expect(cases[0]!.children[0]!.text).toContain('init container');
  });

  it('renders an empty report as an empty, valid document', () => {
    const root = parseXml(renderJunit(emptyReport()));
    expect(root.attributes).toMatchObject({ tests: '0', failures: '0' });
  });

  it('survives every hostile string as a check title from a catalogue too', () => {
    const checks = FIXTURE_CHECKS.map((check) => ({ ...check, title: HOSTILE_TEXT }));
    expect(() => parseXml(renderJunit(hostileReport(), { checks }))).not.toThrow();
  });
});
