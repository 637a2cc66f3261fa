import { describe, expect, it } from 'vitest';
import { applyBaseline, createBaseline, fingerprintOf, serializeBaseline } from './baseline.js';
import { parseBaseline } from './baseline-schema.js';
import type { Finding } from './types.js';

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    checkId: 'PSS-privileged',
    status: 'fail',
    severity: 'critical',
    area: 'containers',
    title: 't',
    message: 'm',
    resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' },
    location: { file: 'k8s/web.yaml', line: 20 },
    path: 'spec.template.spec.containers[0].securityContext.privileged',
    standards: [],
    remediation: 'r',
    ...overrides,
  };
}

describe('fingerprintOf', () => {
  it('ignores file, line, message, severity and context', () => {
    const moved = finding({
      location: { file: 'other/place.yaml', line: 99 },
      message: 'reworded',
      severity: 'low',
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web', context: 'prod' },
    });
    expect(fingerprintOf(moved)).toBe(fingerprintOf(finding()));
  });

  it('changes with the check, the resource identity and the path', () => {
    const base = fingerprintOf(finding());
    expect(fingerprintOf(finding({ checkId: 'PSS-hostPorts' }))).not.toBe(base);
    expect(fingerprintOf(finding({ resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'other', name: 'web' } }))).not.toBe(base);
    expect(fingerprintOf(finding({ resource: { apiVersion: 'apps/v1', kind: 'StatefulSet', namespace: 'shop', name: 'web' } }))).not.toBe(base);
    expect(fingerprintOf(finding({ path: 'spec.template.spec.containers[1].securityContext.privileged' }))).not.toBe(base);
    const { path: _path, ...withoutPath } = finding();
    expect(fingerprintOf(withoutPath)).not.toBe(base);
  });

  it('is stable across releases (a changed algorithm would invalidate every stored baseline)', () => {
    // Golden values: sha256 over "checkId NUL resource NUL path", first 32 hex digits.
    expect(fingerprintOf(finding())).toBe('8570cc7ca7aa5b700c6fd0fd88779caf');
    expect(fingerprintOf({ checkId: 'K8S-WL-001', resource: { arn: 'arn:aws:eks:eu-west-1:1:cluster/x', type: 'AWS::EKS::Cluster', region: 'eu-west-1' } })).toBe(
      'd2fbd77645da5d4de3ade4b8e1f0cd20',
    );
  });
});

describe('createBaseline', () => {
  it('records failures only, sorted, with readable identities', () => {
    const baseline = createBaseline([
      finding({ checkId: 'PSS-runAsNonRoot', path: 'spec.template.spec' }),
      finding({ status: 'suppressed' }),
      finding({ status: 'pass' }),
      finding(),
    ]);
    expect(baseline.failures.map((entry) => [entry.checkId, entry.resource, entry.path])).toEqual([
      ['PSS-privileged', 'Deployment/shop/web', 'spec.template.spec.containers[0].securityContext.privileged'],
      ['PSS-runAsNonRoot', 'Deployment/shop/web', 'spec.template.spec'],
    ]);
    expect(JSON.parse(serializeBaseline(baseline))).toEqual(baseline);
  });
});

describe('applyBaseline', () => {
  it('leaves out accepted failures and keeps new ones, suppressed and errors', () => {
    const baseline = createBaseline([finding()]);
    const fresh = finding({ resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'api' } });
    const suppressed = finding({ status: 'suppressed' });
    const errored = finding({ status: 'error' });
    const result = applyBaseline([finding({ location: { file: 'moved.yaml', line: 3 } }), fresh, suppressed, errored], baseline);
    expect(result.findings).toEqual([fresh, suppressed, errored]);
    expect(result.stats).toEqual({ entries: 1, matched: 1, unmatched: 0 });
  });

  it('counts occurrences: a second identical failure is new', () => {
    const result = applyBaseline([finding(), finding()], createBaseline([finding()]));
    expect(result.findings).toHaveLength(1);
    expect(result.stats.matched).toBe(1);
  });

  it('counts baseline entries that no longer occur', () => {
    expect(applyBaseline([], createBaseline([finding(), finding({ checkId: 'PSS-hostPorts' })])).stats).toEqual({ entries: 2, matched: 0, unmatched: 2 });
  });
});

describe('parseBaseline', () => {
  it('round-trips what createBaseline writes', () => {
    const baseline = createBaseline([finding()]);
    expect(parseBaseline(JSON.parse(serializeBaseline(baseline)))).toEqual({ ok: true, baseline });
  });

  it('explains what is wrong with a file that is not a baseline', () => {
    expect(parseBaseline({ schemaVersion: 1, findings: [] })).toEqual({ ok: false, message: 'version: version must be 1' });
    expect(parseBaseline({ version: 1, tool: 'eksguard', failures: [{ fingerprint: 'xyz', checkId: 'a', resource: 'b' }] })).toEqual({
      ok: false,
      message: 'failures.0.fingerprint: fingerprint must be 32 hex digits',
    });
    expect(parseBaseline(null).ok).toBe(false);
  });
});
