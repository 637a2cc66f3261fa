import { describe, expect, it } from 'vitest';
import { allChecks, findCheck } from '../checks/index.js';
import { awsChecks } from '../checks/aws/index.js';
import { k8sChecks } from '../checks/k8s/index.js';
import { pssChecks } from '../checks/pss/index.js';
import { allFrameworks, checksOf, findFramework, standardsOf } from './index.js';

const FRAMEWORK_TAG = /^(CIS-EKS-\d|NSA-CISA |EKS-BPG |PSS )/;

describe('framework data', () => {
  it('names only checks that exist, and each control once', () => {
    for (const framework of allFrameworks) {
      const ids = framework.controls.map((control) => control.id);
      expect(new Set(ids).size, framework.name).toBe(ids.length);
      for (const control of framework.controls) {
        for (const id of checksOf(control)) expect(findCheck(id), `${framework.name} ${control.id} names ${id}`).toBeDefined();
        if (control.coverage.kind === 'checks') expect(control.coverage.checks.length).toBeGreaterThan(0);
      }
    }
  });

  it('holds every CIS EKS item kube-bench ships: 47 in v2.0.0, 50 in v1.8.0, with their Automated/Manual', () => {
    const v2 = findFramework('cis-eks-2.0.0')!;
    const v18 = findFramework('cis-eks-1.8.0')!;
    expect(v2.controls).toHaveLength(47);
    expect(v18.controls).toHaveLength(50);
    const assessment = (name: string, id: string) => findFramework(name)!.controls.find((control) => control.id === id)?.assessment;
    // items that switched between the versions
    for (const id of ['4.1.1', '4.1.2', '4.1.3', '4.1.4']) {
      expect(assessment('cis-eks-2.0.0', id)).toBe('manual');
      expect(assessment('cis-eks-1.8.0', id)).toBe('automated');
    }
    for (const id of ['2.1.1', '4.1.7', '4.3.1', '5.1.1', '5.2.1', '5.4.1', '5.4.2', '5.5.1']) {
      expect(assessment('cis-eks-2.0.0', id)).toBe('automated');
      expect(assessment('cis-eks-1.8.0', id)).toBe('manual');
    }
    expect(assessment('cis-eks-2.0.0', '4.3.2')).toBe('manual');
    expect(v2.controls.map((control) => control.id)).not.toContain('2.1.2');
    expect(v2.controls.map((control) => control.id)).not.toContain('3.2.9');
    expect(v2.controls.map((control) => control.id)).not.toContain('5.4.5');
  });

  it('says why every control eksguard does not decide is left to the auditor', () => {
    for (const framework of allFrameworks) {
      for (const control of framework.controls) {
        if (control.coverage.kind === 'manual') expect(control.coverage.auditor.length).toBeGreaterThan(20);
        if (control.coverage.kind === 'not-covered') expect(control.coverage.reason.length).toBeGreaterThan(20);
      }
    }
  });
});

describe('standards tags derived from the frameworks', () => {
  const tags = (id: string) => findCheck(id)!.standards;

  it('cite CIS EKS v2.0.0 numbering where v1.8 numbers moved or vanished', () => {
    expect(tags('EKS-LOG-003')).toContain('CIS-EKS-1.8 2.1.2');
    expect(tags('EKS-LOG-003').filter((tag) => tag.startsWith('CIS-EKS-2.0'))).toEqual([]);
    expect(tags('EKS-NET-008')).toContain('CIS-EKS-2.0 4.3.1');
    expect(tags('EKS-NET-008')).not.toContain('CIS-EKS-2.0 5.4.4');
    expect(tags('EKS-NET-008')).toContain('CIS-EKS-1.8 5.4.4');
    expect(tags('K8S-NET-007')).toContain('CIS-EKS-2.0 5.4.4');
    expect(tags('K8S-NET-007')).toContain('CIS-EKS-1.8 5.4.5');
    expect(tags('EKS-IAM-001')).toContain('CIS-EKS-2.0 5.5.1');
    expect(tags('K8S-IAM-001')).toContain('CIS-EKS-1.8 5.5.1');
    expect(tags('K8S-IAM-001')).not.toContain('CIS-EKS-2.0 5.5.1');
    expect(tags('PSS-privileged')).toEqual(expect.arrayContaining(['CIS-EKS-2.0 4.2.1', 'PSS baseline/privileged', 'NSA-CISA pod-security', 'EKS-BPG pod-security']));
    expect(tags('K8S-RBAC-011')).toContain('CIS-K8S-1.9 5.1.11');
  });

  it('are never kept by hand in a check module', () => {
    for (const check of [...pssChecks, ...k8sChecks, ...awsChecks]) {
      expect(check.standards.filter((tag) => FRAMEWORK_TAG.test(tag)), check.id).toEqual([]);
    }
  });

  it('give every registered check at least one control, and a check only the tags of the controls that name it', () => {
    for (const check of allChecks) {
      expect(check.standards.length, check.id).toBeGreaterThan(0);
      expect(check.standards.filter((tag) => FRAMEWORK_TAG.test(tag))).toEqual(standardsOf(check.id));
    }
  });
});
