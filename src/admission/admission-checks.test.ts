import { describe, expect, it } from 'vitest';
import { allChecks } from '../checks/index.js';
import { admissionChecks, checksForKind } from './admission-checks.js';
import { AWS_ONLY_ADMISSION, admissionUse, runsAtAdmission, type Check } from '../core/check.js';

describe('admission check selection, from the check definitions', () => {
  it('gives every registered check an admission use, with a reason', () => {
    const undeclared = allChecks.filter((check) => admissionUse(check) === undefined).map((check) => check.id);
    expect(undeclared, 'a check that reads Kubernetes data must declare `admission: { judges } | { scanOnly }`').toEqual([]);
    for (const check of allChecks) {
      const use = admissionUse(check)!;
      expect('judges' in use ? use.judges : use.scanOnly, check.id).toMatch(/^\S.{10,}/);
    }
  });

  it('never runs a check that reads AWS data or Node status at admission', () => {
    const wrong = admissionChecks(allChecks).filter((check) => check.needs.some((need) => need.startsWith('aws:') || need === 'kube:Node'));
    expect(wrong.map((check) => check.id)).toEqual([]);
  });

  it('derives scan-only for a check that reads only AWS data, and nothing for an undeclared Kubernetes check', () => {
    expect(admissionUse({ needs: ['aws:eks:DescribeCluster'] })).toBe(AWS_ONLY_ADMISSION);
    expect(admissionUse({ needs: ['aws:eks:DescribeCluster', 'kube:Pod'] })).toBeUndefined();
    expect(admissionUse({ needs: [] })).toBeUndefined();
    expect(runsAtAdmission({ needs: ['kube:Pod'] })).toBe(false);
    expect(runsAtAdmission({ needs: ['kube:Pod'], admission: { judges: 'the pod spec alone' } })).toBe(true);
    expect(runsAtAdmission({ needs: ['kube:Pod'], admission: { scanOnly: 'needs the namespace too' } })).toBe(false);
  });

  it('keeps cross-object and AWS checks out, and keeps registry order', () => {
    const ids = admissionChecks(allChecks).map((check) => check.id);
    expect(ids.some((id) => id.startsWith('EKS-') || id.startsWith('K8S-NODE-'))).toBe(false);
    for (const id of ['K8S-NET-001', 'K8S-NET-004', 'K8S-WL-007', 'K8S-DATA-003']) expect(ids).not.toContain(id);
    for (const id of ['PSS-privileged', 'K8S-WL-008', 'K8S-RBAC-001', 'K8S-NET-007', 'K8S-DATA-006']) expect(ids).toContain(id);
    const order = allChecks.map((check) => check.id).filter((id) => ids.includes(id));
    expect(ids).toEqual(order);
  });

  it('runs for a kind only the checks whose target can select it, keeping targets without declared kinds', () => {
    const fake = (id: string, kinds?: string[]) => ({ id, target: { id: `t-${id}`, ...(kinds ? { kinds } : {}) } }) as unknown as Check;
    const checks = [fake('A', ['Deployment', 'Pod']), fake('B', ['RoleBinding', 'ClusterRoleBinding']), fake('C', ['Service']), fake('D'), fake('E', [])];
    const select = checksForKind(checks);
    expect(select('Deployment').map((c) => c.id)).toEqual(['A', 'D']);
    expect(select('ClusterRoleBinding').map((c) => c.id)).toEqual(['B', 'D']);
    expect(select('Service').map((c) => c.id)).toEqual(['C', 'D']);
    expect(select('Widget').map((c) => c.id)).toEqual(['D']);
    expect(select('Deployment')).toBe(select('Deployment'));
  });

  it('runs a target that selects custom resources of any kind for every custom resource, and only for those', () => {
    const fake = (id: string, target: Record<string, unknown>) => ({ id, target: { id: `t-${id}`, ...target } }) as unknown as Check;
    const checks = [fake('W', { kinds: ['Pod', 'Deployment'], customKinds: true }), fake('S', { kinds: ['Service'] }), fake('D', {})];
    const select = checksForKind(checks);
    expect(select('CloneSet', 'apps.kruise.io/v1alpha1').map((c) => c.id)).toEqual(['W', 'D']);
    expect(select('CloneSet', 'v1').map((c) => c.id)).toEqual(['D']);
    expect(select('Widget').map((c) => c.id)).toEqual(['D']);
    // a lookalike of a built-in kind in a custom group keeps the built-in kind's checks too
    expect(select('Service', 'example.com/v1').map((c) => c.id)).toEqual(['W', 'S', 'D']);
    expect(select('Deployment', 'apps/v1').map((c) => c.id)).toEqual(['W', 'D']);
  });

  it('lets the workloads target select custom resources, whose pod templates scan judges', () => {
    const workloads = admissionChecks(allChecks).find((check) => check.target.id === 'workloads');
    expect(workloads?.target.customKinds).toBe(true);
  });

  it('declares the kinds of the shared targets the admission checks use', () => {
    const byTarget = new Map(admissionChecks(allChecks).map((check) => [check.target.id, check.target.kinds]));
    expect(byTarget.get('workloads')).toEqual(expect.arrayContaining(['Pod', 'Deployment', 'CronJob']));
    expect(byTarget.get('rbac:bindings')).toEqual(['RoleBinding', 'ClusterRoleBinding']);
    expect(byTarget.get('rbac:roles')).toEqual(['Role', 'ClusterRole']);
    expect(byTarget.get('aws-auth')).toEqual(['ConfigMap']);
    expect(byTarget.get('kind:Service')).toEqual(['Service']);
  });
});
