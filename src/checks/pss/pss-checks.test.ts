import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { Check, CheckSettings } from '../../core/check.js';
import { createContext, runChecks } from '../../core/engine.js';
import { createInventory, toKubeObject, type Inventory } from '../../core/inventory.js';
import type { Finding } from '../../core/types.js';
import { pssCheckLevel, PSS_CHECK_IDS, type PssCheckId } from '../../k8s/pss/index.js';
import { workloads } from '../../k8s/targets.js';
import { findCheck } from '../index.js';
import { pssChecks } from './index.js';

const NOW = new Date('2026-11-27T12:00:00Z');

function inventoryOf(...manifests: unknown[]): Inventory {
  const kube = manifests.map((manifest) => toKubeObject(manifest, { source: 'manifest' }));
  return createInventory({ kube: kube.filter((object) => object !== undefined) });
}

function run(inventory: Inventory, settings: Partial<CheckSettings> = {}, checks: readonly Check[] = pssChecks): Finding[] {
  return runChecks({ checks, inventory, settings: { pssLevel: 'restricted', pssVersion: 'latest', ...settings }, now: NOW });
}

/** The registered check: its standards tags are derived from the framework data. */
function checkFor(id: PssCheckId): Check {
  const check = findCheck(`PSS-${id}`);
  if (!check) throw new Error(`no check PSS-${id}`);
  return check;
}

const deployment = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' }, ...metadata }, spec } },
});

describe('the PSS checks', () => {
  it('are the 19 upstream checks, in upstream order, with the catalogue metadata', () => {
    expect(pssChecks.map((check) => [check.id, check.severity])).toEqual([
      ['PSS-appArmorProfile', 'high'],
      ['PSS-capabilities_baseline', 'high'],
      ['PSS-hostNamespaces', 'critical'],
      ['PSS-hostPathVolumes', 'critical'],
      ['PSS-hostPorts', 'high'],
      ['PSS-hostProbesAndHostLifecycle', 'high'],
      ['PSS-privileged', 'critical'],
      ['PSS-procMount', 'high'],
      ['PSS-seLinuxOptions', 'high'],
      ['PSS-seccompProfile_baseline', 'high'],
      ['PSS-sysctls', 'high'],
      ['PSS-windowsHostProcess', 'high'],
      ['PSS-allowPrivilegeEscalation', 'medium'],
      ['PSS-capabilities_restricted', 'medium'],
      ['PSS-procMount_restricted', 'medium'],
      ['PSS-restrictedVolumes', 'medium'],
      ['PSS-runAsNonRoot', 'medium'],
      ['PSS-runAsUser', 'medium'],
      ['PSS-seccompProfile_restricted', 'medium'],
    ]);
    for (const id of PSS_CHECK_IDS) {
      const check = checkFor(id);
      const critical = ['privileged', 'hostNamespaces', 'hostPathVolumes'].includes(id);
      expect(check.severity, id).toBe(critical ? 'critical' : pssCheckLevel(id) === 'baseline' ? 'high' : 'medium');
      expect(check.area).toBe('containers');
      expect(check.target).toBe(workloads);
      expect(check.needs).toEqual(['kube:workloads']);
      expect(check.standards).toContain(`PSS ${pssCheckLevel(id)}/${id}`);
      expect(check.references).toContain('https://kubernetes.io/docs/concepts/security/pod-security-standards/');
    }
    expect(checkFor('privileged').standards).toEqual(expect.arrayContaining(['CIS-EKS-2.0 4.2.1', 'CIS-EKS-1.8 4.2.1']));
    expect(checkFor('hostNamespaces').standards).toEqual(expect.arrayContaining(['CIS-EKS-1.8 4.2.2', 'CIS-EKS-1.8 4.2.3', 'CIS-EKS-1.8 4.2.4']));
    expect(checkFor('allowPrivilegeEscalation').standards).toContain('CIS-EKS-1.8 4.2.5');
  });

  // At restricted, the overridden baseline checks do not run, so each check's examples are judged at its own level.
  describe.each(PSS_CHECK_IDS)('%s examples', (id) => {
    const check = checkFor(id);
    const settings = { pssLevel: pssCheckLevel(id) };
    const findingsOf = (example: string) => run(inventoryOf(...yaml.loadAll(example)), settings, [check]);

    it('pass', () => {
      for (const example of check.examples.pass) expect(findingsOf(example).map((finding) => finding.status), example).toEqual(['pass']);
    });

    it('fail, with a kubectl-style message', () => {
      for (const example of check.examples.fail) {
        const findings = findingsOf(example);
        expect(findings.map((finding) => finding.status), example).toEqual(['fail']);
        expect(findings[0]?.message).toMatch(/^[^()]+ \(.+\)$/);
      }
    });
  });
});

describe('verdicts', () => {
  const bare = deployment({ containers: [{ name: 'web', image: 'nginx' }] });

  it('fail with reason (detail) and the full path of the first offending field', () => {
    const [finding] = run(inventoryOf(bare), {}, [checkFor('allowPrivilegeEscalation')]);
    expect(finding).toMatchObject({
      checkId: 'PSS-allowPrivilegeEscalation',
      status: 'fail',
      severity: 'medium',
      message: 'allowPrivilegeEscalation != false (container "web" must set securityContext.allowPrivilegeEscalation=false)',
      path: 'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
      standards: ['CIS-EKS-2.0 4.2.5', 'CIS-EKS-1.8 4.2.5', 'NSA-CISA pod-security', 'EKS-BPG pod-security', 'PSS restricted/allowPrivilegeEscalation'],
    });
  });

  it('point annotation findings at the template metadata of each kind', () => {
    const annotations = { 'container.apparmor.security.beta.kubernetes.io/web': 'unconfined' };
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', annotations }, spec: { containers: [{ name: 'web' }] } };
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: { schedule: '@daily', jobTemplate: { spec: { template: { metadata: { annotations }, spec: { containers: [{ name: 'web' }] } } } } },
    };
    const findings = run(inventoryOf(pod, deployment({ containers: [{ name: 'web' }] }, { annotations }), cronJob), {}, [checkFor('appArmorProfile')]);
    expect(findings.map((finding) => finding.path)).toEqual(['metadata.annotations', 'spec.template.metadata.annotations', 'spec.jobTemplate.spec.template.metadata.annotations']);
    expect(findings[0]?.message).toBe(
      'forbidden AppArmor profile (annotation must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/web="unconfined"")',
    );
  });

  it('are not-applicable for restricted checks at baseline, overridden checks and checks newer than the version', () => {
    const statusOf = (id: PssCheckId, settings: Partial<CheckSettings>) => run(inventoryOf(bare), settings, [checkFor(id)])[0];
    expect(statusOf('runAsNonRoot', { pssLevel: 'baseline' })).toMatchObject({
      status: 'not-applicable',
      message: 'runAsNonRoot is a restricted check; not part of PodSecurity "baseline:latest"',
    });
    expect(statusOf('hostPathVolumes', {})).toMatchObject({ status: 'not-applicable', message: 'restrictedVolumes replaces hostPathVolumes in PodSecurity "restricted:latest"' });
    expect(statusOf('hostProbesAndHostLifecycle', { pssVersion: 'v1.33' })).toMatchObject({
      status: 'not-applicable',
      message: 'hostProbesAndHostLifecycle starts at v1.34; not part of PodSecurity "restricted:v1.33"',
    });
    expect(statusOf('capabilities_baseline', { pssVersion: 'v1.21' })?.status).toBe('pass');
    expect(statusOf('runAsUser', { pssVersion: 'v1.40' })).toMatchObject({ status: 'pass', message: 'no runAsUser violation at PodSecurity "restricted:v1.40"' });
  });

  it('report a bad version as an error rather than a verdict', () => {
    const [finding] = run(inventoryOf(bare), { pssVersion: 'v1.x' }, [checkFor('privileged')]);
    expect(finding?.status).toBe('error');
    expect(finding?.message).toContain('invalid Pod Security version "v1.x"');
  });

  it('give the same messages, in the same order, as one evaluation of the pod', () => {
    const messages = run(inventoryOf(bare)).filter((finding) => finding.status === 'fail').map((finding) => finding.message);
    expect(messages.join(', ')).toBe(
      'allowPrivilegeEscalation != false (container "web" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "web" must set securityContext.capabilities.drop=["ALL"]), ' +
        'runAsNonRoot != true (pod or container "web" must set securityContext.runAsNonRoot=true), ' +
        'seccompProfile (pod or container "web" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
  });
});

describe('evaluation cost', () => {
  it('evaluates each pod spec once per run, whatever the number of checks', () => {
    let reads = 0;
    const spec = new Proxy({ containers: [{ name: 'web' }] } as Record<string, unknown>, {
      get(target, key, receiver) {
        if (key === 'securityContext') reads += 1;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const inventory = inventoryOf(deployment(spec));
    const ctx = createContext({ inventory, settings: { pssLevel: 'restricted', pssVersion: 'latest' }, now: NOW });
    const [subject] = workloads.select(inventory, ctx);
    if (!subject) throw new Error('no workload');
    for (const check of pssChecks) check.evaluate(subject.value, ctx, subject);
    expect(reads).toBe(1);
  });

  it('stays fast for many workloads', () => {
    const manifests = Array.from({ length: 10_000 }, (_, index) =>
      deployment({ containers: [{ name: `c${index}`, securityContext: { runAsUser: index % 3 }, ports: [{ containerPort: 80, hostPort: index % 2 }] }] }),
    );
    const inventory = inventoryOf(...manifests);
    const started = performance.now();
    const findings = run(inventory);
    expect(findings).toHaveLength(19 * 10_000);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
