import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../core/types.js';
import { checkFailures, decide, denialMessage } from './decide.js';
import type { NamespacePolicy } from './policy.js';

const resource = { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'web' };

function finding(checkId: string, severity: Severity, path?: string, extra: Partial<Finding> = {}): Finding {
  return {
    checkId,
    severity,
    status: 'fail',
    area: 'containers',
    title: checkId,
    message: `${checkId} failed`,
    resource,
    standards: [],
    remediation: `Fix ${checkId} now. Then read the long explanation that follows.`,
    ...(path ? { path } : {}),
    ...extra,
  };
}

function policy(enforce: string, warn = 'none', audit = 'none', invalidLabels: string[] = []): NamespacePolicy {
  return { thresholds: { enforce, warn, audit } as NamespacePolicy['thresholds'], source: 'labels', invalidLabels };
}

const base = { resource, failurePolicy: 'Fail' as const, waiveEnforcement: false };

describe('decide', () => {
  it('denies at or above the enforce threshold and names every such check, its path and the fix', () => {
    const findings = [finding('PSS-runAsNonRoot', 'medium', 'spec.containers[0]'), finding('PSS-privileged', 'critical', 'spec.containers[0].securityContext.privileged'), finding('K8S-WL-001', 'low')];
    const decision = decide({ ...base, findings, policy: policy('medium') });
    expect(decision.allowed).toBe(false);
    const lines = decision.message!.split('\n');
    expect(lines[0]).toBe('eksguard: Pod shop/web fails 2 checks at or above medium (enforce):');
    expect(lines[1]).toBe('- PSS-privileged [critical] at spec.containers[0].securityContext.privileged: PSS-privileged failed. Fix: Fix PSS-privileged now.');
    expect(lines[2]).toContain('PSS-runAsNonRoot [medium]');
    expect(lines).toHaveLength(3);
    expect(decision.byMode.enforce.map((f) => f.checkId)).toEqual(['PSS-privileged', 'PSS-runAsNonRoot']);
  });

  it('admits below the threshold, and never with enforce none', () => {
    expect(decide({ ...base, findings: [finding('K8S-WL-001', 'low')], policy: policy('medium') }).allowed).toBe(true);
    expect(decide({ ...base, findings: [finding('PSS-privileged', 'critical')], policy: policy('none') }).allowed).toBe(true);
  });

  it('ignores passed, skipped and suppressed results', () => {
    const findings = [finding('PSS-privileged', 'critical', undefined, { status: 'suppressed' }), finding('PSS-hostPorts', 'high', undefined, { status: 'skipped' }), finding('PSS-sysctls', 'high', undefined, { status: 'pass' })];
    const decision = decide({ ...base, findings, policy: policy('info', 'info', 'info') });
    expect(decision).toMatchObject({ allowed: true, warnings: [] });
    expect(decision.byMode.audit).toEqual([]);
  });

  it('warns per failing check at or above warn, and audits separately', () => {
    const findings = [finding('PSS-privileged', 'critical'), finding('K8S-WL-001', 'low')];
    const decision = decide({ ...base, findings, policy: policy('none', 'high', 'low') });
    expect(decision.allowed).toBe(true);
    expect(decision.warnings).toEqual(['eksguard: PSS-privileged [critical]: PSS-privileged failed']);
    expect(decision.byMode.audit.map((f) => f.checkId)).toEqual(['PSS-privileged', 'K8S-WL-001']);
  });

  it('merges the paths of one check and says when a suppression expired', () => {
    const findings = [finding('PSS-capabilities_restricted', 'medium', 'spec.containers[0]'), finding('PSS-capabilities_restricted', 'medium', 'spec.containers[1]', { expiredSuppression: { reason: 'r', source: 'config', expires: '2020-01-01' } })];
    const [failure] = checkFailures(findings);
    expect(failure!.paths).toEqual(['spec.containers[0]', 'spec.containers[1]']);
    const decision = decide({ ...base, findings, policy: policy('medium') });
    expect(decision.message).toContain('PSS-capabilities_restricted [medium] (suppression expired) at spec.containers[0], spec.containers[1]');
  });

  it('keeps the denial to a few lines however many checks fail', () => {
    const findings = Array.from({ length: 20 }, (_, i) => finding(`K8S-WL-${String(100 + i)}`, 'high', `spec.containers[${i}]`));
    const message = denialMessage(resource, checkFailures(findings), 'high');
    const lines = message.split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[9]).toMatch(/^- and 12 more: K8S-WL-108, .*K8S-WL-119$/);
  });

  it('flattens hostile text from the object into one bounded line', () => {
    const hostile = finding('PSS-privileged', 'critical', 'spec', { message: `container "x\n\u001b[31mFAKE: allowed\r" ${'y'.repeat(5000)}`, resource: { ...resource, name: 'a\nb' } });
    const decision = decide({ ...base, findings: [hostile], policy: policy('high', 'high'), resource: hostile.resource as typeof resource });
    expect(decision.message!.split('\n')).toHaveLength(2);
    expect(decision.message).not.toMatch(/\u001b|\r/);
    expect(decision.message).toContain('Pod shop/a\\nb');
    expect(decision.message!.length).toBeLessThan(600);
    expect(decision.warnings[0]!.length).toBeLessThanOrEqual(240);
  });

  it('warns about invalid namespace labels', () => {
    expect(decide({ ...base, findings: [], policy: policy('info', 'none', 'none', ['eksguard.io/enforce']) }).warnings).toEqual([
      'eksguard: namespace label eksguard.io/enforce is not a severity or none; using info',
    ]);
  });

  it('waives only enforcement for bookkeeping updates', () => {
    const decision = decide({ ...base, waiveEnforcement: true, findings: [finding('PSS-privileged', 'critical')], policy: policy('high', 'high') });
    expect(decision).toMatchObject({ allowed: true, enforcementWaived: true });
    expect(decision.warnings).toHaveLength(1);
  });

  it('applies the failurePolicy to checks that errored, only where the namespace enforces', () => {
    const errored = [finding('PSS-sysctls', 'high', undefined, { status: 'error', message: 'check failed to run: TypeError' })];
    const closed = decide({ ...base, findings: errored, policy: policy('critical') });
    expect(closed.allowed).toBe(false);
    expect(closed.message).toMatch(/PSS-sysctls failed with an internal error; denied under failurePolicy Fail/);
    const open = decide({ ...base, failurePolicy: 'Ignore', findings: errored, policy: policy('critical') });
    expect(open.allowed).toBe(true);
    expect(open.warnings[0]).toMatch(/could not evaluate PSS-sysctls .*failurePolicy Ignore/);
    expect(decide({ ...base, findings: errored, policy: policy('none') }).allowed).toBe(true);
  });
});
