import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { calicoPolicy, ciliumPolicy } from '../../../../test/helpers/network-manifests.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { networkPolicy } from '../../../../test/helpers/network-manifests.js';
import { ingressFromEverywhereCheck } from './k8s-net-008-ingress-from-everywhere.js';

testCheck(ingressFromEverywhereCheck, {
  pass: [
    { input: networkPolicy('web', 'shop', 'podSelector: {}\ningress: [{ from: [{ ipBlock: { cidr: 10.0.0.0/16 } }] }]') },
    { input: ciliumPolicy('web', 'shop', 'endpointSelector: {}\ningress: [{ fromEndpoints: [{ matchLabels: { app: lb } }], toPorts: [{ ports: [{ port: "80" }] }] }]\ningressDeny: [{ fromEntities: [world] }]') },
    { input: calicoPolicy('web', undefined, "ingress: [{ action: Allow, source: { nets: [10.0.0.0/8] } }, { action: Deny }]") },
  ],
  fail: [
    { input: networkPolicy('web', 'shop', 'podSelector: {}\ningress: [{ ports: [{ port: 80 }] }]'), failures: [{ path: 'spec.ingress[0]', messageId: 'openRule', data: { rule: 'ingress rule 0 names no source, so it admits every source on TCP/80' } }] },
    {
      input: ciliumPolicy('web', 'shop', 'endpointSelector: {}\ningress: [{ fromEntities: [cluster, world] }]'),
      failures: [{ path: 'spec.ingress[0].fromEntities', messageId: 'openRule', data: { rule: 'CiliumNetworkPolicy web: ingress rule 0 admits fromEntities world' } }],
    },
    {
      input: ciliumPolicy('web', undefined, 'endpointSelector: {}\ningress: [{ toPorts: [{ ports: [{ port: "443" }] }] }]'),
      failures: [{ path: 'spec.ingress[0]', messageId: 'openRule', data: { rule: 'CiliumClusterwideNetworkPolicy web: ingress rule 0 names no source (only toPorts), so it admits every source on those ports' } }],
    },
    {
      input: calicoPolicy('web', 'shop', 'ingress: [{ action: Allow, protocol: TCP, destination: { ports: [443] } }]', 'crd.projectcalico.org/v1'),
      failures: [{ path: 'spec.ingress[0]', messageId: 'openRule', data: { rule: 'Calico NetworkPolicy web: ingress rule 0 (Allow) names no source, so it admits every source' } }],
    },
    {
      input: calicoPolicy('web', undefined, 'ingress: [{ action: Allow, source: { nets: ["::/0"] } }]'),
      failures: [{ path: 'spec.ingress[0].source.nets[0]', messageId: 'openRule', data: { rule: 'Calico GlobalNetworkPolicy web: ingress rule 0 (Allow) admits source nets ::/0' } }],
    },
  ],
});

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
