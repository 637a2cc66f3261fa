import { describe, expect, it } from 'vitest';
import { admissionReview, privilegedPod } from '../../test/webhook/reviews.js';
import { parseAdmissionReview, type AdmissionRequest } from './review.js';
import { parseWebhookConfig } from './config.js';
import { annotationPolicyFor, policyFromLabels } from './policy.js';

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

describe('annotationPolicyFor', () => {
  const known = new Set(['PSS-privileged']);
  const allowing = parseWebhookConfig({ annotationSuppressions: { allow: true, usernames: ['system:serviceaccount:ci:*'], groups: ['platform'], namespaces: ['team-*', 'legacy'] } }, known);

  it('honours no annotation by default', () => {
    expect(annotationPolicyFor(request({ username: 'system:serviceaccount:ci:deployer' }), 'team-a', parseWebhookConfig({}, known))).toBe('none');
  });

  it('honours annotations with a reason only for a listed user or group in a listed namespace', () => {
    expect(annotationPolicyFor(request({ username: 'system:serviceaccount:ci:deployer' }), 'team-a', allowing)).toBe('honour');
    expect(annotationPolicyFor(request({ username: 'bob', groups: ['platform'] }), 'legacy', allowing)).toBe('honour');
    expect(annotationPolicyFor(request({ username: 'bob', groups: ['devs'] }), 'team-a', allowing)).toBe('none');
    expect(annotationPolicyFor(request({ username: 'system:serviceaccount:ci:deployer' }), 'shop', allowing)).toBe('none');
    // cluster-scoped objects have no namespace to list
    expect(annotationPolicyFor(request({ groups: ['platform'] }), undefined, allowing)).toBe('none');
  });
});
