import { describe, expect, it } from 'vitest';
import type { PssLevel } from '../../core/check.js';
import { runChecks } from '../../core/engine.js';
import { createInventory, toKubeObject, type KubeObject } from '../../core/inventory.js';
import { severityRank, type Finding, type KubeResourceRef, type Severity } from '../../core/types.js';
import { pssCheckApplies, pssCheckLevel, pssCheckReplaces, PSS_CHECK_IDS, type PssCheckId } from '../../k8s/pss/index.js';
import { loadPssFixtures } from '../../../test/fixtures/pod-security/fixtures.js';
import { pssChecks } from './index.js';
import { PSS_SEVERITIES } from './severities.js';

const NOW = new Date('2026-11-27T12:00:00Z');

function pod(name: string, spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject {
  const object = toKubeObject({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'shop', ...metadata, name }, spec }, { source: 'manifest' });
  if (!object) throw new Error(`cannot build pod ${name}`);
  return object;
}

/** The failures of every PSS check, per pod name. */
function failuresByPod(objects: readonly KubeObject[], level: PssLevel, version: string): Map<string, Finding[]> {
  const findings = runChecks({ checks: pssChecks, inventory: createInventory({ kube: [...objects] }), settings: { pssLevel: level, pssVersion: version }, now: NOW });
  const byPod = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (finding.status === 'error') throw new Error(`${finding.checkId}: ${finding.message}`);
    if (finding.status !== 'fail') continue;
    const name = (finding.resource as KubeResourceRef).name;
    byPod.set(name, [...(byPod.get(name) ?? []), finding]);
  }
  return byPod;
}

const checkId = (finding: Finding) => finding.checkId.replace(/^PSS-/, '') as PssCheckId;

/**
 * For one pod, each baseline failure must reappear at restricted, from the same check or from a
 * check that replaces it, at no lower severity. Returns what does not hold.
 */
function inversions(baseline: readonly Finding[], restricted: readonly Finding[], version: string): string[] {
  const problems: string[] = [];
  for (const finding of baseline) {
    const id = checkId(finding);
    const carriers = restricted.filter((other) => {
      const otherId = checkId(other);
      return otherId === id || pssCheckReplaces(otherId, { level: 'restricted', version }).includes(id);
    });
    const strongest = carriers.map((other) => other.severity).sort((a, b) => severityRank(a) - severityRank(b))[0];
    if (strongest === undefined) problems.push(`${id} fails at baseline but nothing reports it at restricted`);
    else if (severityRank(strongest) > severityRank(finding.severity)) problems.push(`${id} is ${finding.severity} at baseline but ${strongest} at restricted`);
  }
  const worst = (findings: readonly Finding[]) => Math.min(...findings.map((finding) => severityRank(finding.severity)));
  if (baseline.length > 0 && worst(restricted) > worst(baseline)) problems.push('the worst severity is lower at restricted');
  return problems;
}

describe('severity never inverts between Pod Security levels', () => {
  const cases: { name: string; spec: Record<string, unknown>; baseline: [string, Severity]; restricted: [string, Severity]; path: string }[] = [
    {
      name: 'host-path',
      spec: { containers: [{ name: 'c', image: 'x' }], volumes: [{ name: 'data', hostPath: { path: '/data' } }] },
      baseline: ['PSS-hostPathVolumes', 'critical'],
      restricted: ['PSS-restrictedVolumes', 'critical'],
      path: 'spec.volumes[0]',
    },
    {
      name: 'seccomp-unconfined',
      spec: { securityContext: { seccompProfile: { type: 'Unconfined' } }, containers: [{ name: 'c', image: 'x' }] },
      baseline: ['PSS-seccompProfile_baseline', 'high'],
      restricted: ['PSS-seccompProfile_restricted', 'high'],
      path: 'spec.securityContext.seccompProfile.type',
    },
    {
      name: 'added-capability',
      spec: { containers: [{ name: 'c', image: 'x', securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }] },
      baseline: ['PSS-capabilities_baseline', 'high'],
      restricted: ['PSS-capabilities_restricted', 'high'],
      path: 'spec.containers[0].securityContext.capabilities',
    },
    {
      name: 'unmasked-proc',
      spec: { containers: [{ name: 'c', image: 'x', securityContext: { procMount: 'Unmasked' } }] },
      baseline: ['PSS-procMount', 'high'],
      restricted: ['PSS-procMount_restricted', 'high'],
      path: 'spec.containers[0].securityContext.procMount',
    },
  ];

  it.each(cases)('$name: the replacing restricted check keeps the baseline severity', ({ name, spec, baseline, restricted, path }) => {
    const objects = [pod(name, spec)];
    const atBaseline = failuresByPod(objects, 'baseline', 'latest').get(name) ?? [];
    const atRestricted = failuresByPod(objects, 'restricted', 'latest').get(name) ?? [];
    expect(atBaseline.map((finding) => [finding.checkId, finding.severity])).toEqual([baseline]);
    const replacing = atRestricted.find((finding) => finding.checkId === restricted[0]);
    expect(replacing?.severity).toBe(restricted[1]);
    expect(replacing?.path ?? '').toContain(path);
    // the message stays upstream's, word for word, as the conformance tests hold it
    expect(replacing?.message).toMatch(/^[^()]+ \(.+\)$/);
    expect(inversions(atBaseline, atRestricted, 'latest')).toEqual([]);
  });

  it('keeps a replacing check at its own severity when the pod fails only the restricted part', () => {
    const objects = [
      pod('nfs', { containers: [{ name: 'c', image: 'x' }], volumes: [{ name: 'share', nfs: { server: 'fs', path: '/' } }] }),
      pod('no-drop', { containers: [{ name: 'c', image: 'x', securityContext: { capabilities: { add: ['NET_BIND_SERVICE'] } } }] }),
    ];
    const restricted = failuresByPod(objects, 'restricted', 'latest');
    expect(restricted.get('nfs')?.find((finding) => finding.checkId === 'PSS-restrictedVolumes')?.severity).toBe('medium');
    expect(restricted.get('no-drop')?.find((finding) => finding.checkId === 'PSS-capabilities_restricted')?.severity).toBe('medium');
  });

  it('takes the highest severity of the replaced checks a pod fails', () => {
    const name = 'both';
    const spec = { containers: [{ name: 'c', image: 'x' }], volumes: [{ name: 'share', nfs: { server: 'fs', path: '/' } }, { name: 'host', hostPath: { path: '/var/log' } }] };
    const [finding] = (failuresByPod([pod(name, spec)], 'restricted', 'latest').get(name) ?? []).filter((item) => item.checkId === 'PSS-restrictedVolumes');
    expect(finding?.severity).toBe('critical');
    expect(finding?.message).toBe('restricted volume types (volumes "share", "host" use restricted volume types "hostPath", "nfs")');
  });

  it('holds for every PSS check on every upstream fixture, at the fixture version and at latest', () => {
    const fixtures = loadPssFixtures();
    const problems: string[] = [];
    const baselineFailures = new Set<string>();
    let graded = 0;
    for (const version of [...new Set(fixtures.map((fixture) => fixture.version)), 'latest']) {
      const group = version === 'latest' ? fixtures : fixtures.filter((fixture) => fixture.version === version);
      const objects = group.map((fixture, index) => pod(`f${index}`, (fixture.pod['spec'] ?? {}) as Record<string, unknown>, (fixture.pod['metadata'] ?? {}) as Record<string, unknown>));
      const baseline = failuresByPod(objects, 'baseline', version);
      const restricted = failuresByPod(objects, 'restricted', version);
      group.forEach((fixture, index) => {
        const atBaseline = baseline.get(`f${index}`) ?? [];
        const atRestricted = restricted.get(`f${index}`) ?? [];
        for (const finding of atBaseline) baselineFailures.add(finding.checkId);
        graded += atRestricted.filter((finding) => finding.severity !== PSS_SEVERITIES[checkId(finding)]).length;
        for (const problem of inversions(atBaseline, atRestricted, version)) problems.push(`${fixture.level}/${fixture.version}/${fixture.outcome}/${fixture.name} at ${version}: ${problem}`);
      });
    }
    expect(problems).toEqual([]);
    // the fixtures exercise every baseline check, the replaced ones included, so the rule was really tested
    expect([...baselineFailures].sort()).toEqual(
      PSS_CHECK_IDS.filter((id) => pssCheckLevel(id) === 'baseline')
        .map((id) => `PSS-${id}`)
        .sort(),
    );
    expect(graded).toBeGreaterThan(100);
  });

  it('leaves no baseline check without a carrier at restricted, at any version', () => {
    for (let minor = 0; minor <= 40; minor += 1) {
      const version = `v1.${minor}`;
      for (const id of PSS_CHECK_IDS.filter((candidate) => pssCheckApplies(candidate, { level: 'baseline', version }))) {
        const carried = pssCheckApplies(id, { level: 'restricted', version }) || PSS_CHECK_IDS.some((other) => pssCheckReplaces(other, { level: 'restricted', version }).includes(id));
        expect(carried, `${id} at ${version}`).toBe(true);
      }
    }
  });
});
