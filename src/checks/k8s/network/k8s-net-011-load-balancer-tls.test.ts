import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { loadBalancerTls } from './k8s-net-011-load-balancer-tls.js';

const CERT = 'arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-0000-4000-8000-000000000000';
const service = (annotations: Record<string, string>, ports: string, extra = '') => `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  annotations: ${JSON.stringify(annotations)}
spec:
  type: LoadBalancer
${extra}  selector: { app: web }
  ports: ${ports}
`;
const internal = { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' };
const cert = { 'service.beta.kubernetes.io/aws-load-balancer-ssl-cert': CERT };

testCheck(loadBalancerTls, {
  pass: [
    // no ssl-ports: every port gets the certificate
    { input: service(cert, '[{ name: https, port: 443 }, { name: alt, port: 8443 }]') },
    { input: service({ ...cert, 'service.beta.kubernetes.io/aws-load-balancer-ssl-ports': 'https' }, '[{ name: https, port: 443 }]') },
    { input: service({ ...cert, 'service.beta.kubernetes.io/aws-load-balancer-ssl-ports': '*' }, '[{ port: 80 }]') },
    // TLS passthrough to the pods, declared
    { input: service({}, '[{ port: 443, appProtocol: https }, { name: tls-api, port: 8443 }]') },
    // AWS Load Balancer Controller NLB with a certificate
    { input: service({ ...cert, 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' }, '[{ port: 443 }]', '  loadBalancerClass: service.k8s.aws/nlb\n') },
  ],
  fail: [
    { input: service({}, '[{ name: http, port: 80 }]'), failures: [{ path: 'spec.ports[0]', messageId: 'noCertificate', data: { port: '80 (http)', scheme: 'internet-facing' }, severity: 'medium' }] },
    { input: service(internal, '[{ port: 5432 }]'), failures: [{ path: 'spec.ports[0]', messageId: 'noCertificate', data: { port: '5432', scheme: 'internal' }, severity: 'low' }] },
    {
      input: service({ ...cert, 'service.beta.kubernetes.io/aws-load-balancer-ssl-ports': '443' }, '[{ name: https, port: 443 }, { name: http, port: 80 }]'),
      failures: [{ path: 'spec.ports[1]', messageId: 'notInSslPorts', data: { port: '80 (http)', scheme: 'internet-facing' }, severity: 'medium' }],
    },
    // port 443 alone proves nothing: the name and appProtocol decide
    { input: service({}, '[{ port: 443 }]'), failures: [{ path: 'spec.ports[0]', messageId: 'noCertificate', data: { port: '443', scheme: 'internet-facing' } }] },
    // an empty certificate annotation is no certificate
    { input: service({ 'service.beta.kubernetes.io/aws-load-balancer-ssl-cert': ' ' }, '[{ name: https, port: 443, appProtocol: http }]'), failures: [{ path: 'spec.ports[0]', messageId: 'noCertificate', data: { port: '443 (https)', scheme: 'internet-facing' } }] },
  ],
});

describe('K8S-NET-011 load balancer TLS', () => {
  it('is not applicable to other Service types, UDP-only Services and classes eksguard does not model', () => {
    expect(statuses(runCheck(loadBalancerTls, service({}, '[{ port: 80 }]').replace('type: LoadBalancer', 'type: ClusterIP')))).toEqual(['not-applicable']);
    expect(statuses(runCheck(loadBalancerTls, service({}, '[{ port: 53, protocol: UDP }]')))).toEqual(['not-applicable']);
    expect(statuses(runCheck(loadBalancerTls, service({}, '[{ port: 80 }]', '  loadBalancerClass: example.com/lb\n')))).toEqual(['not-applicable']);
  });
  it('reports five plain ports at most', () => {
    const ports = `[${Array.from({ length: 8 }, (_, index) => `{ port: ${8000 + index} }`).join(', ')}]`;
    expect(runCheck(loadBalancerTls, service({}, ports)).filter((finding) => finding.status === 'fail')).toHaveLength(5);
  });
  it('does not throw on wrong-typed ports and annotations', () => {
    expect(statuses(runCheck(loadBalancerTls, service({}, '"eighty"')))).toEqual(['not-applicable']);
  });
});
