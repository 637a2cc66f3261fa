import { describe, expect, it } from 'vitest';
import { failures, runCheck } from '../../../../test/helpers/run-check.js';
import { defaultDenyIngress } from './k8s-net-002-default-deny-ingress.js';
import { byName, calicoPolicy, ciliumPolicy, deployment, networkPolicy } from '../../../../test/helpers/network-manifests.js';
import { testCheck } from '../../../../test/helpers/check-tester.js';

const web = deployment('web', 'shop', 'app: web');
const NOT_DEFAULT = { count: 1, namespace: 'shop', unsure: '' };

testCheck(defaultDenyIngress, {
  pass: [
    { input: web + networkPolicy('deny', 'shop', 'podSelector: {}') },
    // Cilium's documented default deny: a section with one empty rule
    { input: web + ciliumPolicy('deny', 'shop', 'endpointSelector: {}\ningress: [{}]') },
    { input: web + ciliumPolicy('deny', undefined, 'endpointSelector: {}\ningressDeny: [{ fromEntities: [all] }]') },
    { input: web + calicoPolicy('deny', 'shop', 'selector: all()\ntypes: [Ingress]') },
    { input: web + calicoPolicy('deny', undefined, 'order: 100\ningress: [{ action: Log }, { action: Deny }]') },
  ],
  fail: [
    { input: web, failures: [{ path: null, messageId: 'noPolicy', data: { namespace: 'shop' } }] },
    // the namespace's only policies are engine policies eksguard cannot fully read: named, not "no policy at all"
    {
      input: web + ciliumPolicy('odd', 'shop', 'endpointSelector: {}\ningress: [{ fromEndpoints: [{}], toFrobnicate: [x] }]'),
      failures: [{ path: null, messageId: 'unreadPolicies', data: { namespace: 'shop', policies: 'CiliumNetworkPolicy odd (eksguard cannot fully read it: ingress rule 0 sets toFrobnicate)' } }],
    },
    {
      input: web + calicoPolicy('teams', undefined, "selector: pcns.team == 'a'\ntypes: [Ingress]"),
      failures: [{ path: null, messageId: 'unreadPolicies', data: { namespace: 'shop', policies: "Calico GlobalNetworkPolicy teams (eksguard cannot tell whether its selector (pcns.team == 'a') picks these pods)" } }],
    },
    { input: web + networkPolicy('web', 'shop', 'podSelector: { matchLabels: { app: web } }'), failures: [{ path: null, messageId: 'notIsolated', data: NOT_DEFAULT }] },
    {
      input: web + ciliumPolicy('same-ns', 'shop', 'endpointSelector: {}\ningress: [{ fromEndpoints: [{}] }]'),
      failures: [{ path: null, messageId: 'allowsSome', data: { ...NOT_DEFAULT, policies: 'CiliumNetworkPolicy same-ns' } }],
    },
    // enableDefaultDeny: false leaves the pods open; an Allow before the Deny is no default deny
    { input: web + ciliumPolicy('audit', 'shop', 'endpointSelector: {}\ningress: [{}]\nenableDefaultDeny: { ingress: false }'), failures: [{ path: null, messageId: 'noPolicy', data: { namespace: 'shop' } }] },
    {
      input: web + calicoPolicy('allow-first', 'shop', "ingress: [{ action: Allow, source: { selector: app == 'lb' } }, { action: Deny }]"),
      failures: [{ path: null, messageId: 'allowsSome', data: { ...NOT_DEFAULT, policies: 'Calico NetworkPolicy allow-first' } }],
    },
    // another Calico tier's end may pass traffic on: it is named, not counted
    {
      input: web + networkPolicy('web', 'shop', 'podSelector: { matchLabels: { app: web } }') + calicoPolicy('security.deny', 'shop', 'tier: security\nselector: all()\ntypes: [Ingress]'),
      failures: [{ path: null, messageId: 'notIsolated', data: { ...NOT_DEFAULT, unsure: '; eksguard cannot count Calico NetworkPolicy security.deny (eksguard cannot fully read it: it is in tier security, whose end may pass traffic on)' } }],
    },
  ],
});

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

  it('names the engine policy that denies by default', () => {
    const [finding] = runCheck(defaultDenyIngress, web + ciliumPolicy('deny', 'shop', 'endpointSelector: {}\ningress: [{}]'));
    expect(finding).toMatchObject({ status: 'pass', message: 'CiliumNetworkPolicy deny denies all ingress by default in namespace shop' });
  });

  it('takes a Cilium policy that selects only some pods, or an egress one, for no ingress default deny', () => {
    expect(byName(runCheck(defaultDenyIngress, web + ciliumPolicy('web', 'shop', 'endpointSelector: { matchLabels: { app: web } }\ningress: [{}]')))).toEqual({ shop: 'fail' });
    expect(byName(runCheck(defaultDenyIngress, web + ciliumPolicy('eg', 'shop', 'endpointSelector: {}\negress: [{}]')))).toEqual({ shop: 'fail' });
  });

  it('does not take an egress-only deny or a narrow selector for an ingress deny', () => {
    expect(byName(runCheck(defaultDenyIngress, web + networkPolicy('deny-egress', 'shop', 'podSelector: {}\npolicyTypes: [Egress]')))).toEqual({ shop: 'fail' });
    expect(byName(runCheck(defaultDenyIngress, web + networkPolicy('web', 'shop', 'podSelector: { matchLabels: { app: web } }')))).toEqual({ shop: 'fail' });
  });
});
