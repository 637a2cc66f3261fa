import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/types.js';
import { MAX_NAMESPACES, createWatchMetrics } from './metrics.js';

function failure(namespace: string, checkId = 'PSS-privileged', status: Finding['status'] = 'fail'): Finding {
  return {
    checkId,
    status,
    severity: 'critical',
    area: 'containers',
    title: 't',
    message: 'm',
    resource: { apiVersion: 'v1', kind: 'Pod', namespace, name: 'p' },
    standards: [],
    remediation: '',
  } as Finding;
}

function metricsOf(findings: Finding[]) {
  return createWatchMetrics(
    { findings: () => findings, lastHeard: () => new Map([['Pod', 2_500]]), phases: () => new Map([['Pod', 'forbidden']]), isLeader: () => true, objects: () => findings.length },
    { processMetrics: false },
  );
}

describe('watch metrics', () => {
  it('counts current failures by check, severity, area and namespace, and only failures', async () => {
    const text = await metricsOf([failure('a'), failure('a'), failure('b'), failure('a', 'PSS-privileged', 'pass')]).registry.metrics();
    expect(text).toContain('eksguard_watch_failures{check="PSS-privileged",severity="critical",area="containers",namespace="a"} 2');
    expect(text).toContain('eksguard_watch_failures{check="PSS-privileged",severity="critical",area="containers",namespace="b"} 1');
    expect(text).toContain('eksguard_watch_last_event_age_seconds{kind="Pod"} 2.5');
    expect(text).toContain('eksguard_watch_kind_phase{kind="Pod",phase="forbidden"} 1');
    expect(text).toContain('eksguard_watch_kind_phase{kind="Pod",phase="watching"} 0');
    expect(text).toContain('eksguard_watch_leader 1');
  });

  it('bounds the namespace label: past the limit, namespaces are counted as other', async () => {
    const findings = Array.from({ length: MAX_NAMESPACES + 50 }, (_, index) => failure(`ns-${index}`));
    const text = await metricsOf(findings).registry.metrics();
    const series = text.split('\n').filter((line) => line.startsWith('eksguard_watch_failures{'));
    expect(series).toHaveLength(MAX_NAMESPACES + 1);
    expect(text).toContain('namespace="other"} 50');
  });
});
