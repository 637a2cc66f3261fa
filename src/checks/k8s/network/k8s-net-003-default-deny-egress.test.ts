import { describe, expect, it } from 'vitest';
import { failures, runCheck } from '../../../../test/helpers/run-check.js';
import { defaultDenyEgress } from './k8s-net-003-default-deny-egress.js';
import { byName, calicoPolicy, ciliumPolicy, deployment, networkPolicy } from '../../../../test/helpers/network-manifests.js';
import { testCheck } from '../../../../test/helpers/check-tester.js';

const web = deployment('web', 'shop', 'app: web');

testCheck(defaultDenyEgress, {
  pass: [
    { input: web + networkPolicy('deny', 'shop', 'podSelector: {}\npolicyTypes: [Egress]') },
    { input: web + ciliumPolicy('deny', 'shop', 'endpointSelector: {}\negress: [{}]') },
    // Calico: egress rules alone make an Egress policy
    { input: web + calicoPolicy('deny', 'shop', 'egress: [{ action: Deny }]') },
  ],
  fail: [
    { input: web, failures: [{ path: null, messageId: 'noPolicy', data: { namespace: 'shop' } }] },
    // the namespace's only policies are engine policies eksguard cannot fully read: named, not "no policy at all"
    {
      input: web + ciliumPolicy('odd', 'shop', 'endpointSelector: {}\negress: [{ toEndpoints: [{}], toFrobnicate: [x] }]'),
      failures: [{ path: null, messageId: 'unreadPolicies', data: { namespace: 'shop', policies: 'CiliumNetworkPolicy odd (eksguard cannot fully read it: egress rule 0 sets toFrobnicate)' } }],
    },
    {
      input: web + calicoPolicy('teams', undefined, "selector: pcns.team == 'a'\ntypes: [Egress]"),
      failures: [{ path: null, messageId: 'unreadPolicies', data: { namespace: 'shop', policies: "Calico GlobalNetworkPolicy teams (eksguard cannot tell whether its selector (pcns.team == 'a') picks these pods)" } }],
    },
    // Calico's types default to Ingress when there are no egress rules
    { input: web + calicoPolicy('ingress-only', 'shop', 'selector: all()'), failures: [{ path: null, messageId: 'notIsolated', data: { count: 1, namespace: 'shop', unsure: '' } }] },
    {
      input: web + calicoPolicy('dns', 'shop', 'types: [Egress]\negress: [{ action: Allow, protocol: UDP, destination: { ports: [53] } }]'),
      failures: [{ path: null, messageId: 'allowsSome', data: { count: 1, namespace: 'shop', unsure: '', policies: 'Calico NetworkPolicy dns' } }],
    },
  ],
});

describe('K8S-NET-003 default-deny egress', () => {
  it('needs Egress named in policyTypes: without it a policy with no egress rules is ingress-only', () => {
    expect(byName(runCheck(defaultDenyEgress, web + networkPolicy('deny', 'shop', 'podSelector: {}')))).toEqual({ shop: 'fail' });
    expect(byName(runCheck(defaultDenyEgress, web + networkPolicy('deny', 'shop', 'podSelector: {}\npolicyTypes: [Egress]')))).toEqual({ shop: 'pass' });
    expect(byName(runCheck(defaultDenyEgress, web + networkPolicy('deny', 'shop', 'podSelector: null\npolicyTypes: [Egress]\negress: []')))).toEqual({ shop: 'pass' });
  });

  it('is not satisfied by an egress policy that allows DNS', () => {
    const dns = 'podSelector: {}\npolicyTypes: [Egress]\negress: [{ ports: [{ port: 53, protocol: UDP }] }]';
    expect(failures(runCheck(defaultDenyEgress, web + networkPolicy('dns', 'shop', dns)))[0]?.message).toContain('dns select every pod for egress but also allow some');
  });

  it('reports each namespace on its own', () => {
    const yaml = web + deployment('api', 'orders', 'app: api') + networkPolicy('deny', 'orders', 'podSelector: {}\npolicyTypes: [Egress]');
    expect(byName(runCheck(defaultDenyEgress, yaml))).toEqual({ shop: 'fail', orders: 'pass' });
  });
});
