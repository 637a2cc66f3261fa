import { describe, expect, it } from 'vitest';
import { combineReports, mergeReports, MergeError } from './merge.js';
import { digestOf } from './record.js';
import { inShard } from './shard.js';
import { SETTINGS, awsFinding, fleetReport, kubeFinding } from '../../../test/helpers/fleet-reports.js';

const targets = Array.from({ length: 12 }, (_, index) => `aws:1111111111${String(index).padStart(2, '0')}:us-east-1:c`);
const findingsOf = (target: string) => {
  const account = target.split(':')[1]!;
  return [
    awsFinding({ arn: `arn:aws:eks:us-east-1:${account}:cluster/c` }),
    awsFinding({ checkId: 'EKS-LOG-001', arn: `arn:aws:eks:us-east-1:${account}:cluster/c`, severity: 'medium' }),
  ];
};
const record = (shardTargets: string[], shard?: { index: number; count: number }) => ({
  settings: SETTINGS,
  settingsDigest: digestOf(SETTINGS),
  shardCount: shard?.count ?? 1,
  targets: shardTargets,
  ...(shard ? { shard } : {}),
});

function scan(shard?: { index: number; count: number }) {
  const mine = targets.filter((target) => inShard(target, shard));
  const parts = mine.map((target) => fleetReport(findingsOf(target), { targets: [target], passed: 3 }));
  return combineReports(parts, { version: '1.0.0', fleet: record(mine, shard) });
}

describe('mergeReports', () => {
  it('gives the unsharded report from its shards, in any order', () => {
    const whole = scan();
    const shards = [3, 1, 0, 2].map((index) => ({ name: `shard-${index}.json`, report: scan({ index, count: 4 }) }));
    const merged = mergeReports(shards);
    expect(merged.findings).toEqual(whole.findings);
    expect(merged.summary).toEqual(whole.summary);
    expect(merged.summary.pass).toBe(36);
    expect(merged.summary.bySeverity.medium).toBe(12);
    expect(merged.gaps).toEqual(whole.gaps);
    expect(merged.fleet?.targets).toEqual(whole.fleet?.targets);
    expect(merged.fleet?.shard).toBeUndefined();
  });

  it('refuses reports of different versions, settings or shard counts', () => {
    const a = { name: 'a.json', report: fleetReport([], { targets: [], shard: { index: 0, count: 2 } }) };
    expect(() => mergeReports([a, { name: 'b.json', report: fleetReport([], { targets: [], shard: { index: 1, count: 2 }, version: '2.0.0' }) }])).toThrow(
      /b\.json was written by eksguard 2\.0\.0, a\.json by 1\.0\.0/,
    );
    const other = { ...SETTINGS, pssLevel: 'baseline' };
    expect(() => mergeReports([a, { name: 'b.json', report: fleetReport([], { targets: [], shard: { index: 1, count: 2 }, settings: other }) }])).toThrow(
      /different settings \(pssLevel\)/,
    );
    expect(() => mergeReports([a, { name: 'b.json', report: fleetReport([], { targets: [], shard: { index: 1, count: 3 } }) }])).toThrow(MergeError);
  });

  it('refuses a shard given twice, a target in two reports, missing shards, and plain reports', () => {
    const shard = (index: number, shardTargets: string[] = []) => fleetReport([], { targets: shardTargets, shard: { index, count: 3 } });
    expect(() => mergeReports([{ name: 'a', report: shard(0) }, { name: 'b', report: shard(0) }, { name: 'c', report: shard(2) }])).toThrow(/shard 0\/3 is given twice \(a and b\)/);
    expect(() => mergeReports([{ name: 'a', report: shard(0, ['kube:x']) }, { name: 'b', report: shard(1, ['kube:x']) }, { name: 'c', report: shard(2) }])).toThrow(/kube:x is in both a and b/);
    expect(() => mergeReports([{ name: 'a', report: shard(0) }, { name: 'c', report: shard(2) }])).toThrow(/shard 1\/3 missing/);
    const partial = mergeReports([{ name: 'a', report: shard(0) }, { name: 'c', report: shard(2) }], { allowMissingShards: true });
    expect(partial.gaps).toEqual([{ source: 'eksguard merge', reason: 'shard 1/3 is missing: its targets were not scanned', checks: [] }]);
    const plain = { ...shard(0) };
    delete plain.fleet;
    expect(() => mergeReports([{ name: 'plain.json', report: plain }])).toThrow(/plain\.json is not a fleet report/);
  });

  it('refuses shards of different runs, by their start times', () => {
    const at = (index: number, startedAt: string) => ({ name: `shard-${index}`, report: { ...fleetReport([], { targets: [], shard: { index, count: 2 } }), fleet: { ...fleetReport([], { targets: [], shard: { index, count: 2 } }).fleet!, startedAt } } });
    expect(() => mergeReports([at(0, '2026-01-01T02:00:00Z'), at(1, '2026-01-02T03:00:00Z')])).toThrow('shard-1 was scanned 25.0 h after shard-0: they are not shards of one run');
    expect(mergeReports([at(0, '2026-01-01T02:00:00Z'), at(1, '2026-01-01T02:05:00Z')]).fleet?.startedAt).toBe('2026-01-01T02:00:00Z');
    expect(() => mergeReports([at(0, '2026-01-01T02:00:00Z'), at(1, '2026-01-02T03:00:00Z')], { maxSpreadMs: 48 * 3600_000 })).not.toThrow();
  });

  it('orders findings the same way whatever order they came in', () => {
    const findings = [kubeFinding({ name: 'b', context: 'y' }), kubeFinding({ name: 'a', context: 'y' }), kubeFinding({ name: 'z', context: 'x' })];
    const one = combineReports([fleetReport(findings, { targets: ['kube:x', 'kube:y'] })], { version: '1', fleet: record(['kube:y', 'kube:x']) });
    const two = combineReports([fleetReport([...findings].reverse(), { targets: [] })], { version: '1', fleet: record(['kube:x', 'kube:y']) });
    expect(one.findings).toEqual(two.findings);
    expect(one.findings.map((finding) => ('name' in finding.resource ? finding.resource.name : ''))).toEqual(['z', 'a', 'b']);
    expect(one.fleet?.targets).toEqual(['kube:x', 'kube:y']);
  });
});
