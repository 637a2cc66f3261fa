import { describe, expect, it } from 'vitest';
import { admissionReview, privilegedPod } from '../../test/webhook/reviews.js';
import { parseAdmissionReview, type AdmissionRequest } from './review.js';
import { findExemption, policyFromLabels } from './policy.js';

const defaults = { enforce: 'none', warn: 'high', audit: 'low' } as const;

function request(options: Parameters<typeof admissionReview>[1]): AdmissionRequest {
  const parsed = parseAdmissionReview(admissionReview(privilegedPod(), options));
  if (!parsed.ok) throw new Error('fixture');
  return parsed.request;
}

describe('policyFromLabels', () => {
  it('uses the defaults for a namespace without eksguard labels', () => {
    expect(policyFromLabels({ 'pod-security.kubernetes.io/enforce': 'restricted' }, defaults)).toEqual({ thresholds: defaults, source: 'defaults', invalidLabels: [] });
  });

  it('lets each label override its own mode only', () => {
    const policy = policyFromLabels({ 'eksguard.io/enforce': 'high', 'eksguard.io/audit': 'none' }, defaults);
    expect(policy.thresholds).toEqual({ enforce: 'high', warn: 'high', audit: 'none' });
    expect(policy.source).toBe('labels');
  });

  it('reads values case-insensitively and trims them', () => {
    expect(policyFromLabels({ 'eksguard.io/warn': ' Medium ' }, defaults).thresholds.warn).toBe('medium');
  });

  it('treats an invalid value as the strictest threshold, like PodSecurity, and says so', () => {
    const policy = policyFromLabels({ 'eksguard.io/enforce': 'restricted' }, defaults);
    expect(policy.thresholds.enforce).toBe('info');
    expect(policy.invalidLabels).toEqual(['eksguard.io/enforce']);
  });
});

describe('findExemption', () => {
  const exemptions = { namespaces: ['kube-system'], usernames: ['system:serviceaccount:ci:deployer'], groups: ['break-glass'] };

  it('exempts by namespace, username or group', () => {
    expect(findExemption(request({ namespace: 'kube-system' }), exemptions)).toEqual({ exempt: true, reason: 'namespace', value: 'kube-system' });
    expect(findExemption(request({ username: 'system:serviceaccount:ci:deployer' }), exemptions)).toMatchObject({ exempt: true, reason: 'username' });
    expect(findExemption(request({ groups: ['devs', 'break-glass'] }), exemptions)).toMatchObject({ exempt: true, reason: 'group', value: 'break-glass' });
  });

  it('matches exactly, not by prefix', () => {
    expect(findExemption(request({ namespace: 'kube-system-2', username: 'system:serviceaccount:ci:deployer2', groups: ['break'] }), exemptions)).toEqual({ exempt: false });
  });
});
