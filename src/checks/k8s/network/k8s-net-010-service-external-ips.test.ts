import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import type { CheckExamples } from '../../../core/check.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { serviceExternalIps } from './k8s-net-010-service-external-ips.js';

const service = (spec: string) => `apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  ports: [{ port: 443 }]
${spec}`;

const examples = serviceExternalIps.examples as CheckExamples;

testCheck(serviceExternalIps, {
  pass: [{ input: examples.pass[0]! }],
  fail: [{ input: examples.fail[0]!, failures: [{ path: 'spec.externalIPs', messageId: 'externalIps', data: { addresses: '10.0.12.7' }, severity: 'medium' }] }],
});

describe('K8S-NET-010 Service externalIPs', () => {
  it('fails a Service with externalIPs, names the addresses and points at the field', () => {
    const [finding] = failures(runCheck(serviceExternalIps, service('  externalIPs: [10.0.12.7, 52.94.0.1]\n')));
    expect(finding!.message).toBe("the Service sets externalIPs 10.0.12.7, 52.94.0.1: traffic from any pod or node to those addresses goes to this Service's pods (CVE-2020-8554)");
    expect(finding!.path).toBe('spec.externalIPs');
    expect(finding!.resource).toMatchObject({ kind: 'Service', namespace: 'shop', name: 'web' });
  });

  it('bounds the addresses it names', () => {
    const many = Array.from({ length: 40 }, (_, index) => `10.0.0.${index}`).join(', ');
    const [finding] = failures(runCheck(serviceExternalIps, service(`  type: LoadBalancer\n  externalIPs: [${many}]\n`)));
    expect(finding!.message).toContain('10.0.0.4 and 35 more:');
    expect(finding!.message).not.toContain('10.0.0.5,');
  });

  it('passes Services without externalIPs or with an empty list', () => {
    expect(runCheck(serviceExternalIps, service(''))[0]?.message).toBe('sets no externalIPs');
    expect(statuses(runCheck(serviceExternalIps, service('  externalIPs: []\n')))).toEqual(['pass']);
  });
});
