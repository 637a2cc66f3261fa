import { describe, expect, it } from 'vitest';
import { admissionReview, privilegedPod } from '../../test/webhook/reviews.js';
import { parseAdmissionReview } from './review.js';

describe('parseAdmissionReview', () => {
  it('reads the fields the webhook uses', () => {
    const parsed = parseAdmissionReview(admissionReview(privilegedPod(), { dryRun: true, groups: ['a', 'b'] }));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.request).toMatchObject({ operation: 'CREATE', namespace: 'shop', name: 'node-debugger', username: 'alice@example.com', groups: ['a', 'b'], dryRun: true });
    expect(parsed.request.kind).toEqual({ group: '', version: 'v1', kind: 'Pod' });
    expect(parsed.request.oldObject).toBeUndefined();
  });

  it.each([
    ['a string', 'hello', /not a JSON object/],
    ['an array', [], /not a JSON object/],
    ['null', null, /not a JSON object/],
    ['another kind', { apiVersion: 'v1', kind: 'Pod' }, /kind must be AdmissionReview, got "Pod"/],
    ['v1beta1', { apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview', request: { uid: 'x' } }, /apiVersion must be admission.k8s.io\/v1/],
    ['no request', { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }, /request is missing/],
    ['no uid', { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: {} }, /uid is missing/],
    ['a numeric uid', { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 7 } }, /uid is missing/],
    ['a huge uid', { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'u'.repeat(1000) } }, /longer than 128/],
  ])('refuses the envelope of %s', (_, body, message) => {
    const parsed = parseAdmissionReview(body);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problem.scope).toBe('envelope');
    expect(parsed.problem.message).toMatch(message);
  });

  it('does not echo long or control characters from a hostile kind', () => {
    const parsed = parseAdmissionReview({ kind: `\u001b[31m${'x'.repeat(500)}` });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problem.message.length).toBeLessThan(120);
    expect(parsed.problem.message).not.toContain('\u001b');
  });

  it.each([
    ['an unknown operation', { operation: 'PATCH' }, /operation must be one of/],
    ['an object that is a string', { object: 'pod' }, /request.object is not an object/],
    ['an oldObject that is an array', { oldObject: [] }, /oldObject is not an object/],
    ['CREATE without an object', { object: null }, /object is missing on CREATE/],
  ])('answers %s with a content problem that keeps the uid', (_, patch, message) => {
    const review = admissionReview(privilegedPod(), { uid: 'abc' });
    Object.assign(review['request'], patch);
    const parsed = parseAdmissionReview(review);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problem).toMatchObject({ scope: 'content', uid: 'abc' });
    expect(parsed.problem.message).toMatch(message);
  });

  it('accepts DELETE with no object and tolerates fields of the wrong type', () => {
    const review = admissionReview(null, { operation: 'DELETE', oldObject: privilegedPod() });
    review['request'].userInfo = { username: 42, groups: ['ok', 7, null] };
    review['request'].kind = 'Pod';
    const parsed = parseAdmissionReview(review);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.request).toMatchObject({ operation: 'DELETE', username: '', groups: ['ok'], object: undefined });
    expect(parsed.request.kind).toEqual({ group: '', version: '', kind: '' });
  });
});
