import { describe, expect, it } from 'vitest';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { networkPolicy } from '../../../../test/helpers/network-manifests.js';
import { ingressFromEverywhereCheck } from './k8s-net-008-ingress-from-everywhere.js';

describe('K8S-NET-008 ingress from everywhere', () => {
  it('fails a rule without sources and names its ports', () => {
    const [finding] = failures(runCheck(ingressFromEverywhereCheck, networkPolicy('p', 'shop', 'podSelector: {}\ningress: [{ ports: [{ port: 8080 }, { protocol: UDP }] }]')));
    expect(finding?.message).toBe('ingress rule 0 names no source, so it admits every source on TCP/8080, any UDP port');
    expect(finding?.path).toBe('spec.ingress[0]');
  });

  it('fails empty peers and world ipBlocks, pointing at the peer', () => {
    const [finding] = failures(
      runCheck(ingressFromEverywhereCheck, networkPolicy('p', 'shop', 'podSelector: {}\ningress:\n  - from: [{ podSelector: {} }]\n  - from: [{ ipBlock: { cidr: 0.0.0.0/0 } }, {}]')),
    );
    expect(finding?.path).toBe('spec.ingress[1].from[0].ipBlock.cidr');
    expect(finding?.message).toBe(
      'ingress rule 1 admits ipBlock 0.0.0.0/0 on every port; ingress rule 1 has an empty source ({}), which admits every source on every port',
    );
  });

  it('passes named sources, deny-all policies and egress-only policies', () => {
    expect(statuses(runCheck(ingressFromEverywhereCheck, networkPolicy('p', 'shop', 'podSelector: {}')))).toEqual(['pass']);
    expect(statuses(runCheck(ingressFromEverywhereCheck, networkPolicy('p', 'shop', 'podSelector: {}\ningress: [{ from: [{ namespaceSelector: {} }] }]')))).toEqual(['pass']);
    expect(statuses(runCheck(ingressFromEverywhereCheck, networkPolicy('p', 'shop', 'podSelector: {}\npolicyTypes: [Egress]\negress: [{}]')))).toEqual(['not-applicable']);
  });
});
