import { describe, expect, it } from 'vitest';
import { failures, runCheck } from '../../../../test/helpers/run-check.js';
import { byName, calicoPolicy, ciliumPolicy, deployment, networkPolicy } from '../../../../test/helpers/network-manifests.js';
import { testCheck } from '../../../../test/helpers/check-tester.js';

const web = deployment('web', 'shop', 'app: web');
const reachable = (listed: string) => ({
  path: null,
  messageId: 'reachable',
  data: { reachable: 1, workloads: 1, namespace: 'shop', listed: `Deployment web (${listed})` },
});
const DENY_IMDS = 'egressDeny: [{ toCIDR: [169.254.169.254/32, "fd00:ec2::254/128"] }]';

testCheck(imdsEgressCheck, {
  pass: [
    { input: web + networkPolicy('egress', 'shop', 'podSelector: {}\npolicyTypes: [Egress]\negress: [{ to: [{ ipBlock: { cidr: 0.0.0.0/0, except: [169.254.0.0/16] } }] }]') },
    // a Cilium deny wins over every allow, a Kubernetes NetworkPolicy's included
    { input: web + ciliumPolicy('no-imds', undefined, `endpointSelector: {}\n${DENY_IMDS}`) + networkPolicy('open', 'shop', 'podSelector: {}\npolicyTypes: [Egress]\negress: [{}]') },
    { input: web + ciliumPolicy('deny-only', undefined, 'endpointSelector: {}\negressDeny: [{ toCIDR: [10.0.0.0/8] }]') },
    { input: web + ciliumPolicy('egress', 'shop', 'endpointSelector: {}\negress: [{ toEndpoints: [{}] }, { toFQDNs: [{ matchName: api.example.com }], toPorts: [{ ports: [{ port: "443" }] }] }]') },
    // Calico: the first matching rule in policy order decides
    { input: web + calicoPolicy('no-imds', undefined, 'order: 10\negress: [{ action: Deny, destination: { nets: [169.254.169.254/32, "fd00:ec2::254/128"] } }]') + calicoPolicy('open', 'shop', 'order: 20\negress: [{ action: Allow }]') },
  ],
  fail: [
    { input: web, failures: [reachable('no Egress NetworkPolicy selects its pods')] },
    { input: web + ciliumPolicy('egress', 'shop', 'endpointSelector: {}\negress: [{ toEntities: [world] }]'), failures: [reachable('CiliumNetworkPolicy egress: egress rule 0 admits 169.254.169.254')] },
    {
      input: web + ciliumPolicy('svc', 'shop', 'endpointSelector: {}\negress: [{ toServices: [{ k8sService: { serviceName: db } }] }]'),
      failures: [reachable('CiliumNetworkPolicy svc: egress rule 0 may admit 169.254.169.254, eksguard cannot tell (its destination is not an address eksguard reads)')],
    },
    // a deny-only Cilium rule isolates the pods (everything else is dropped) unless enableDefaultDeny says false
    {
      input: web + ciliumPolicy('v4-only', undefined, 'endpointSelector: {}\negressDeny: [{ toCIDR: [169.254.169.254/32] }]\nenableDefaultDeny: { egress: false }'),
      failures: [reachable('CiliumClusterwideNetworkPolicy v4-only: egressDeny rule 0 denies 169.254.169.254, but no Egress NetworkPolicy selects its pods')],
    },
    // the Allow comes first, so the later Deny never sees the traffic
    {
      input: web + calicoPolicy('open', 'shop', 'order: 10\negress: [{ action: Allow, destination: { nets: [0.0.0.0/0] } }]') + calicoPolicy('no-imds', undefined, 'order: 20\negress: [{ action: Deny, destination: { nets: [169.254.169.254/32] } }]'),
      failures: [reachable('Calico NetworkPolicy open: egress rule 0 admits 169.254.169.254')],
    },
    // Calico places a Kubernetes NetworkPolicy at order 1000: its allow rule comes before an unordered Calico deny
    {
      input: web + networkPolicy('open', 'shop', 'podSelector: {}\npolicyTypes: [Egress]\negress: [{}]') + calicoPolicy('no-imds', 'shop', 'egress: [{ action: Deny, destination: { nets: [169.254.169.254/32] } }]'),
      failures: [reachable('NetworkPolicy open: egress rule 0 names no destination')],
    },
  ],
});
import { imdsEgressCheck } from './k8s-net-009-imds-egress.js';

describe('K8S-NET-009 egress to the instance metadata service', () => {
  it('fails when any pod-network workload is not isolated for egress, and names it', () => {
    const yaml =
      networkPolicy('web-egress', 'shop', 'podSelector: { matchLabels: { app: web } }\npolicyTypes: [Egress]\negress: [{ to: [{ ipBlock: { cidr: 10.0.0.0/8 } }] }]') +
      deployment('web', 'shop', 'app: web') +
      deployment('report', 'shop', 'app: report');
    const [finding] = failures(runCheck(imdsEgressCheck, yaml));
    expect(finding?.message).toContain('1 of 2 workload(s) in namespace shop may reach the instance metadata service: Deployment report (no Egress NetworkPolicy selects its pods)');
    expect(finding?.message).toContain('hop limit of 1');
  });

  it('passes when every pod-network workload is held by egress rules that exclude the address', () => {
    const yaml =
      networkPolicy('egress', 'shop', 'podSelector: {}\npolicyTypes: [Egress]\negress:\n  - to: [{ ipBlock: { cidr: 0.0.0.0/0, except: [169.254.169.254/32] } }]\n  - ports: [{ port: 53, protocol: UDP }]') +
      deployment('web', 'shop', 'app: web') +
      deployment('agent', 'shop', 'app: agent', '      hostNetwork: true\n');
    expect(byName(runCheck(imdsEgressCheck, yaml))).toEqual({ shop: 'pass' });
  });

  it('fails when a broad rule admits the address, naming the policy and rule', () => {
    const yaml = networkPolicy('egress', 'shop', 'podSelector: {}\npolicyTypes: [Egress]\negress: [{ to: [{ ipBlock: { cidr: 128.0.0.0/1 } }] }]') + deployment('web', 'shop', 'app: web');
    expect(failures(runCheck(imdsEgressCheck, yaml))[0]?.message).toContain('NetworkPolicy egress: egress rule 0 admits ipBlock 128.0.0.0/1');
  });

  it('leaves namespaces with only host-network pods to K8S-WL-009', () => {
    const findings = runCheck(imdsEgressCheck, deployment('agent', 'logging', 'app: agent', '      hostNetwork: true\n'));
    expect(byName(findings)).toEqual({ logging: 'not-applicable' });
    expect(findings[0]?.message).toContain('K8S-WL-009');
  });

  it('lists at most five workloads', () => {
    const yaml = Array.from({ length: 7 }, (_, i) => deployment(`w${i}`, 'shop', `app: w${i}`)).join('');
    expect(failures(runCheck(imdsEgressCheck, yaml))[0]?.message).toContain('and 2 more');
  });
});
