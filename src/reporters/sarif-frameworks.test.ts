import { describe, expect, it } from 'vitest';
import type { Tally } from '../core/engine.js';
import { assessFramework } from '../frameworks/assess.js';
import { decidedBy, manual, notCovered, type Framework } from '../frameworks/model.js';
import { FIXTURE_CHECKS, HOSTILE, hostileReport } from '../../test/helpers/report-fixtures.js';
import { sarifSchemaErrors } from '../../test/helpers/sarif-schema.js';
import { renderSarif } from './sarif.js';

const tally = (counts: Partial<Tally>): Tally => ({ fail: 0, pass: 0, 'not-applicable': 0, skipped: 0, suppressed: 0, error: 0, ...counts });

/** A framework over the fixture checks with one control of each status. */
const framework: Framework = {
  name: 'test-cis',
  title: 'Test benchmark',
  version: '2.0.0',
  tag: 'TEST',
  source: 'here',
  controls: [
    { id: '4.2.1', section: 'Pod security', title: 'No privileged containers', assessment: 'automated', coverage: decidedBy(['PSS-privileged']) },
    { id: '4.1.1', section: 'RBAC', title: 'cluster-admin only where required', assessment: 'manual', coverage: decidedBy(['K8S-RBAC-001', 'PSS-privileged'], 'bindings only') },
    { id: '5.4.1', section: 'Networking', title: 'Restrict the endpoint', assessment: 'automated', coverage: decidedBy(['EKS-DP-001']) },
    { id: '5.9.9', section: 'Networking', title: 'A check that did not run', assessment: 'automated', coverage: decidedBy(['K8S-NET-999']) },
    { id: '4.5.1', section: 'General', title: 'Namespaces as boundaries', assessment: 'manual', coverage: manual('whether teams have their own namespaces') },
    { id: '3.1.1', section: 'Node files', title: 'kubeconfig permissions', assessment: 'automated', coverage: notCovered('on the node disk only') },
  ],
};

function frameworkReport() {
  const report = hostileReport({ includePassed: true });
  const byCheck: Record<string, Tally> = {};
  for (const finding of report.findings) {
    const counts = (byCheck[finding.checkId] ??= tally({}));
    counts[finding.status] += 1;
  }
  // K8S-RBAC-001 judged its subjects and passed them all; EKS-DP-001 passes too
  byCheck['K8S-RBAC-001'] = tally({ pass: 2 });
  byCheck['EKS-DP-001'] = tally({ pass: 1 });
  report.frameworks = [assessFramework({ framework, byCheck, findings: report.findings.filter((f) => f.checkId !== 'EKS-DP-001') })];
  return report;
}

describe('SARIF per-control section (--framework)', () => {
  const report = frameworkReport();
  const sarif = JSON.parse(renderSarif(report, { checks: FIXTURE_CHECKS }));
  const run = sarif.runs[0];
  const taxonomy = run.taxonomies[0];
  const taxon = (id: string) => taxonomy.taxa.find((item: any) => item.id === id);

  it('validates against the official SARIF 2.1.0 schema', () => {
    expect(sarifSchemaErrors(sarif)).toEqual([]);
  });

  it('is one taxonomy per framework, listed by the driver, with the score and counts', () => {
    expect(run.tool.driver.supportedTaxonomies).toEqual([{ name: 'test-cis', index: 0 }]);
    expect(taxonomy).toMatchObject({ name: 'test-cis', version: '2.0.0', fullName: 'Test benchmark 2.0.0', isComprehensive: true });
    const result = report.frameworks![0]!;
    expect(taxonomy.properties).toEqual({ score: result.score, counts: result.counts });
    expect(taxonomy.shortDescription.text).toBe(`Test benchmark 2.0.0: score ${result.score}%`);
  });

  it('carries every control with its status, reason, checks, results and evidence', () => {
    expect(taxonomy.taxa.map((item: any) => `${item.id} ${item.properties.status}`)).toEqual(['4.2.1 fail', '4.1.1 fail', '5.4.1 pass', '5.9.9 skipped', '4.5.1 manual', '3.1.1 not-covered']);
    const privileged = taxon('4.2.1');
    expect(privileged.shortDescription.text).toBe('No privileged containers');
    expect(privileged.properties).toMatchObject({ section: 'Pod security', assessment: 'automated', checks: ['PSS-privileged'] });
    expect(privileged.properties.results.fail).toBeGreaterThan(0);
    expect(privileged.properties.evidence[0]).toMatchObject({ checkId: 'PSS-privileged', status: 'fail' });
    expect(taxon('4.1.1').properties.note).toBe('bindings only');
    expect(taxon('4.5.1').properties.reason).toContain('whether teams have their own namespaces');
    expect(taxon('3.1.1').properties.reason).toContain('on the node disk only');
    expect(taxon('5.9.9').properties.reason).toContain('K8S-NET-999');
  });

  it('links each rule to the controls it decides, and each result to its controls', () => {
    const rule = run.tool.driver.rules.find((item: any) => item.id === 'PSS-privileged');
    expect(rule.relationships.map((item: any) => item.target)).toEqual([
      { id: '4.2.1', index: 0, toolComponent: { name: 'test-cis', index: 0 } },
      { id: '4.1.1', index: 1, toolComponent: { name: 'test-cis', index: 0 } },
    ]);
    for (const relation of rule.relationships) expect(taxonomy.taxa[relation.target.index].id).toBe(relation.target.id);
    const unmapped = run.tool.driver.rules.find((item: any) => item.id === 'K8S-NET-005');
    expect(unmapped.relationships).toBeUndefined();
    const result = run.results.find((item: any) => item.ruleId === 'PSS-privileged');
    expect(result.taxa.map((item: any) => item.id)).toEqual(['4.2.1', '4.1.1']);
  });

  it('keeps attacker-controlled evidence inert: no raw control or bidi characters', () => {
    const text = JSON.stringify(taxonomy);
    expect(text).not.toMatch(/[\u0000-\u001f\u202a-\u202e]/);
    const evidence = taxon('4.2.1').properties.evidence.map((item: any) => `${item.message} ${item.resource} ${item.location?.file ?? ''}`).join(' ');
    expect(evidence).toContain(HOSTILE.script);
    expect(evidence).not.toContain('\u202e');
  });

  it('adds nothing without --framework', () => {
    const plain = JSON.parse(renderSarif(hostileReport(), { checks: FIXTURE_CHECKS })).runs[0];
    expect(plain.taxonomies).toBeUndefined();
    expect(plain.tool.driver.supportedTaxonomies).toBeUndefined();
    expect(plain.results.some((item: any) => item.taxa)).toBe(false);
  });
});
