import { describe, expect, it } from 'vitest';
import { failures, runCheck } from '../../../../test/helpers/run-check.js';
import { byName, deployment, networkPolicy } from '../../../../test/helpers/network-manifests.js';
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
