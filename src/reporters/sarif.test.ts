import { describe, expect, it } from 'vitest';
import { FIXTURE_CHECKS, HOSTILE, emptyReport, hostileReport } from '../../test/helpers/report-fixtures.js';
import { sarifSchemaErrors } from '../../test/helpers/sarif-schema.js';
import { fileUri, renderSarif } from './sarif.js';

function expectValidSarif(text: string): any {
  const sarif = JSON.parse(text);
  expect(sarifSchemaErrors(sarif)).toEqual([]);
  return sarif;
}

/** Every string in a parsed document that still holds a raw control, bidi override or lone surrogate. */
function unsafeStrings(value: unknown): string[] {
  if (typeof value === 'string') return /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udfff]/.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(unsafeStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(unsafeStrings);
  return [];
}

describe('renderSarif', () => {
  const sarif = expectValidSarif(renderSarif(hostileReport(), { checks: FIXTURE_CHECKS }));
  const run = sarif.runs[0];

  it('validates against the official SARIF 2.1.0 schema, even for an empty report', () => {
    expect(sarif.version).toBe('2.1.0');
    const empty = expectValidSarif(renderSarif(emptyReport()));
    expect(empty.runs[0].results).toEqual([]);
    expect(empty.runs[0].tool.driver.rules).toEqual([]);
  });

  it('the validator does reject broken SARIF (so the check above can fail)', () => {
    const broken = structuredClone(sarif);
    broken.runs[0].results[0].level = 'fatal';
    expect(sarifSchemaErrors(broken)).not.toEqual([]);
  });

  it('describes each check once, with help text, a help URI to its page and a default level', () => {
    const ids = run.tool.driver.rules.map((rule: any) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    const privileged = run.tool.driver.rules.find((rule: any) => rule.id === 'PSS-privileged');
    expect(privileged.helpUri).toMatch(/\/docs\/checks\/PSS-privileged\.md$/);
    expect(privileged.defaultConfiguration.level).toBe('error');
    expect(privileged.help.text).toContain('Remove securityContext.privileged');
    expect(privileged.help.markdown).toContain('PSS baseline/privileged');
    expect(privileged.fullDescription.text).toContain('every capability');
    expect(privileged.properties['security-severity']).toBe('9.5');
    expect(privileged.properties.tags).toEqual(expect.arrayContaining(['security', 'containers', 'CIS-EKS-1.8 4.2.1']));
    const low = run.tool.driver.rules.find((rule: any) => rule.id === 'K8S-WL-001');
    expect(low.defaultConfiguration.level).toBe('note');
  });

  it('points ruleIndex at the matching rule', () => {
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
  });

  it('gives manifest findings a file and line, percent-encoding hostile file names', () => {
    const result = run.results[0];
    const physical = result.locations[0].physicalLocation;
    expect(physical.artifactLocation).toEqual({ uri: 'dir%20with%20space/evil%3Cx%3E%23%3F%5D%5D%3E.yaml', uriBaseId: '%SRCROOT%' });
    expect(physical.region).toEqual({ startLine: 12 });
    expect(result.locations[0].logicalLocations[0].fullyQualifiedName).toContain('Deployment/ns');
  });

  it('gives cluster and AWS findings their logical location, and a virtual path so GitHub accepts the upload', () => {
    const service = run.results.find((r: any) => r.ruleId === 'K8S-NET-005');
    expect(service.locations[0].logicalLocations[0]).toMatchObject({ fullyQualifiedName: 'Service/shop/front', kind: 'resource' });
    expect(service.locations[0].logicalLocations[0].properties.context).toContain('prodnul\\u0000 bs\\u0008');
    const virtual = service.locations[0].physicalLocation.artifactLocation;
    expect(virtual.uri).toMatch(/^kubernetes\/arn%3Aaws%3Aeks%3Aeu-west-1%3A111122223333%3Acluster%2Fprodnul%5Cu0000.*\/Service\/shop\/front$/);
    expect(virtual.uriBaseId).toBeUndefined();
    expect(virtual.description.text).toContain('not a file: the Kubernetes object Service/shop/front');
    const cluster = run.results.find((r: any) => r.ruleId === 'EKS-DP-001' && r.kind === 'fail');
    expect(cluster.locations[0].logicalLocations[0]).toMatchObject({ name: 'prod', fullyQualifiedName: 'arn:aws:eks:eu-west-1:111122223333:cluster/prod' });
    expect(cluster.locations[0].physicalLocation.artifactLocation.uri).toBe('aws/arn%3Aaws%3Aeks%3Aeu-west-1%3A111122223333%3Acluster%2Fprod');
  });

  it('gives every result a physical location with a non-empty artifact URI (GitHub code scanning requires it)', () => {
    for (const result of run.results) expect(result.locations[0].physicalLocation.artifactLocation.uri.length).toBeGreaterThan(0);
  });

  it('marks suppressed findings with SARIF suppressions: in source for annotations, external for config', () => {
    const suppressed = run.results.filter((r: any) => r.suppressions);
    expect(suppressed.map((r: any) => r.suppressions[0].kind)).toEqual(['inSource', 'external']);
    expect(suppressed[0].suppressions[0].justification).toContain('CNI needs it');
    expect(suppressed[1].properties.suppressionExpires).toBe('2027-03-01');
  });

  it('says when a suppression expired', () => {
    const expired = run.results.find((r: any) => r.properties.expiredSuppression);
    expect(expired.kind).toBe('fail');
    expect(expired.suppressions).toBeUndefined();
    expect(expired.message.text).toContain('suppression expired on 2026-01-01');
    expect(expired.properties.expiredSuppression.expires).toBe('2026-01-01');
  });

  it('maps statuses to SARIF kinds, with level none for everything but failures', () => {
    const kinds = run.results.map((r: any) => [r.ruleId, r.kind, r.level]);
    expect(kinds).toEqual([
      ['PSS-privileged', 'fail', 'error'],
      ['PSS-privileged', 'fail', 'error'],
      ['K8S-WL-001', 'fail', 'note'],
      ['K8S-WL-001', 'fail', 'note'],
      ['K8S-NET-005', 'fail', 'error'],
      ['EKS-DP-001', 'fail', 'error'],
      ['K8S-DATA-001', 'pass', 'none'],
      ['K8S-DATA-001', 'notApplicable', 'none'],
      ['EKS-DP-001', 'open', 'none'],
    ]);
  });

  it('reports check errors, input errors and gaps as tool execution notifications', () => {
    const invocation = run.invocations[0];
    expect(invocation.executionSuccessful).toBe(false);
    const notes = invocation.toolExecutionNotifications;
    expect(notes.map((n: any) => n.level)).toEqual(['error', 'error', 'warning']);
    expect(notes[0].associatedRule.id).toBe('K8S-RBAC-001');
    expect(notes[1].locations[0].physicalLocation.region.startLine).toBe(3);
  });

  it('carries a stable fingerprint per result', () => {
    const again = JSON.parse(renderSarif(hostileReport(), { checks: FIXTURE_CHECKS }));
    expect(again.runs[0].results.map((r: any) => r.partialFingerprints)).toEqual(run.results.map((r: any) => r.partialFingerprints));
    expect(run.results[0].partialFingerprints['eksguard/v1']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps hostile text as inert data: no raw control characters, and the JSON still parses', () => {
    const text = renderSarif(hostileReport(), { checks: FIXTURE_CHECKS });
    const parsed = JSON.parse(text);
    // Rule help comes from our catalogue and may hold line breaks; results and notifications carry input.
    expect(unsafeStrings([parsed.runs[0].results, parsed.runs[0].invocations])).toEqual([]);
    expect(text).toContain(JSON.stringify(HOSTILE.script).slice(1, -1));
  });

  it('falls back to finding metadata when no catalogue is passed', () => {
    const bare = expectValidSarif(renderSarif(hostileReport()));
    const rule = bare.runs[0].tool.driver.rules.find((r: any) => r.id === 'K8S-NET-005');
    expect(rule.shortDescription.text).toBe('Internet-facing LoadBalancer without source ranges');
    expect(rule.help.text).toContain('loadBalancerSourceRanges');
  });
});

describe('fileUri', () => {
  it('keeps relative paths relative to the source root and makes absolute ones file URIs', () => {
    expect(fileUri('k8s/app.yaml')).toEqual({ uri: 'k8s/app.yaml', uriBaseId: '%SRCROOT%' });
    expect(fileUri('../up/a b.yaml')).toEqual({ uri: '../up/a%20b.yaml', uriBaseId: '%SRCROOT%' });
    expect(fileUri('/abs/x.yaml')).toEqual({ uri: 'file:///abs/x.yaml' });
    expect(fileUri('<stdin>')).toEqual({ uri: '%3Cstdin%3E', uriBaseId: '%SRCROOT%' });
  });
});
