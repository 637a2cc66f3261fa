import { describe, expect, it } from 'vitest';
import { failures, runCheck } from '../../../../test/helpers/run-check.js';
import { defaultDenyIngress } from './k8s-net-002-default-deny-ingress.js';
import { byName, deployment, networkPolicy } from '../../../../test/helpers/network-manifests.js';

const web = deployment('web', 'shop', 'app: web');

describe('K8S-NET-002 default-deny ingress', () => {
  it('passes an empty-selector policy with no ingress rules, with or without policyTypes', () => {
    expect(byName(runCheck(defaultDenyIngress, web + networkPolicy('deny', 'shop', 'podSelector: {}')))).toEqual({ shop: 'pass' });
    expect(byName(runCheck(defaultDenyIngress, web + networkPolicy('deny', 'shop', 'podSelector: {}\npolicyTypes: [Ingress, Egress]')))).toEqual({ shop: 'pass' });
  });

  it('points to K8S-NET-001 when the namespace has no policy at all', () => {
    expect(failures(runCheck(defaultDenyIngress, web))[0]?.message).toBe(
      'namespace shop has no NetworkPolicy at all (see K8S-NET-001), so no default-deny ingress policy isolates its pods',
    );
  });

  it('explains a policy that selects every pod but allows some ingress', () => {
    const [finding] = failures(runCheck(defaultDenyIngress, web + networkPolicy('same-ns', 'shop', 'podSelector: {}\ningress: [{ from: [{ podSelector: {} }] }]')));
    expect(finding?.message).toContain('same-ns select every pod for ingress but also allow some, which is not a default deny');
  });

  it('does not take an egress-only deny or a narrow selector for an ingress deny', () => {
    expect(byName(runCheck(defaultDenyIngress, web + networkPolicy('deny-egress', 'shop', 'podSelector: {}\npolicyTypes: [Egress]')))).toEqual({ shop: 'fail' });
    expect(byName(runCheck(defaultDenyIngress, web + networkPolicy('web', 'shop', 'podSelector: { matchLabels: { app: web } }')))).toEqual({ shop: 'fail' });
  });
});
