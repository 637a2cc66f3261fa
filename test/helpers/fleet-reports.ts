import { buildReport, type Report } from '../../src/core/report.js';
import type { Finding, Severity, Status } from '../../src/core/types.js';
import { digestOf, type FleetRecord, type FleetSettings } from '../../src/core/fleet/record.js';

/** Small findings and reports for the unit tests of merge, diff and ownership. */
export function awsFinding(options: { checkId?: string; arn: string; type?: string; region?: string; status?: Status; severity?: Severity; message?: string }): Finding {
  return {
    checkId: options.checkId ?? 'EKS-NET-001',
    status: options.status ?? 'fail',
    severity: options.severity ?? 'high',
    area: 'data-plane',
    title: 'title',
    message: options.message ?? 'message',
    resource: { arn: options.arn, type: options.type ?? 'AWS::EKS::Cluster', region: options.region ?? options.arn.split(':')[3] ?? '' },
    standards: [],
    remediation: 'fix it',
  };
}

export function kubeFinding(options: { checkId?: string; name: string; context?: string; status?: Status; severity?: Severity; path?: string }): Finding {
  return {
    checkId: options.checkId ?? 'PSS-privileged',
    status: options.status ?? 'fail',
    severity: options.severity ?? 'critical',
    area: 'containers',
    title: 'title',
    message: 'privileged',
    resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: options.name, ...(options.context ? { context: options.context } : {}) },
    ...(options.path ? { path: options.path } : {}),
    standards: [],
    remediation: 'fix it',
  };
}

export const SETTINGS: FleetSettings = { pssLevel: 'restricted', regions: ['us-east-1'] };

export function fleetReport(findings: Finding[], options: { targets: string[]; shard?: { index: number; count: number }; version?: string; settings?: FleetSettings; passed?: number }): Report {
  const settings = options.settings ?? SETTINGS;
  const fleet: FleetRecord = {
    settings,
    settingsDigest: digestOf(settings),
    shardCount: options.shard?.count ?? 1,
    targets: options.targets,
    ...(options.shard ? { shard: options.shard } : {}),
  };
  const report = buildReport({ version: options.version ?? '1.0.0', findings, errors: [], gaps: [], includePassed: false });
  report.summary.pass = options.passed ?? 0;
  return { ...report, fleet };
}
