import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import type { CheckExamples } from '../../../core/check.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { loadBalancerExposure } from './k8s-net-005-load-balancer-exposure.js';

const service = (annotations: string, spec: string) => `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  annotations: { ${annotations} }
spec:
${spec}  ports: [{ port: 443 }]
`;

const examples = loadBalancerExposure.examples as CheckExamples;

testCheck(loadBalancerExposure, {
  pass: [{ input: examples.pass[0]! }],
  fail: [
    {
      input: examples.fail[0]!,
      failures: [
        {
          path: 'spec.type',
          messageId: 'noRanges',
          data: { controller: 'the in-tree AWS cloud provider', scheme: 'no service.beta.kubernetes.io/aws-load-balancer-internal annotation', annotation: 'service.beta.kubernetes.io/load-balancer-source-ranges' },
          severity: 'high',
        },
      ],
    },
    {
      input: examples.fail[1]!,
      failures: [
        {
          path: 'spec.loadBalancerSourceRanges',
          messageId: 'openRanges',
          data: { controller: 'the AWS Load Balancer Controller', scheme: 'service.beta.kubernetes.io/aws-load-balancer-scheme is internet-facing', ranges: '0.0.0.0/0' },
        },
      ],
    },
  ],
});

describe('K8S-NET-005 internet-facing load balancers', () => {
  it('fails the in-tree default, naming the controller and the missing ranges', () => {
    const [finding] = failures(runCheck(loadBalancerExposure, service('', '  type: LoadBalancer\n')));
    expect(finding?.message).toContain(
      'the in-tree AWS cloud provider makes an internet-facing load balancer (no service.beta.kubernetes.io/aws-load-balancer-internal annotation)',
    );
    expect(finding?.message).toContain('accepts traffic from 0.0.0.0/0');
    expect(finding?.path).toBe('spec.type');
  });

  it('passes internal load balancers by either controller', () => {
    expect(statuses(runCheck(loadBalancerExposure, service('service.beta.kubernetes.io/aws-load-balancer-internal: "true"', '  type: LoadBalancer\n')))).toEqual(['pass']);
    expect(statuses(runCheck(loadBalancerExposure, service('service.beta.kubernetes.io/aws-load-balancer-type: external', '  type: LoadBalancer\n')))).toEqual(['pass']);
  });

  it('passes restricted source ranges from the spec or the annotation, and fails ranges that include everyone', () => {
    const lbc = 'service.beta.kubernetes.io/aws-load-balancer-type: external, service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing';
    expect(statuses(runCheck(loadBalancerExposure, service(lbc, '  type: LoadBalancer\n  loadBalancerSourceRanges: [198.51.100.0/24]\n')))).toEqual(['pass']);
    expect(statuses(runCheck(loadBalancerExposure, service(`${lbc}, service.beta.kubernetes.io/load-balancer-source-ranges: "198.51.100.0/24"`, '  type: LoadBalancer\n')))).toEqual(['pass']);
    const [open] = failures(runCheck(loadBalancerExposure, service(`${lbc}, service.beta.kubernetes.io/load-balancer-source-ranges: "10.0.0.0/8,0.0.0.0/0"`, '  type: LoadBalancer\n')));
    expect(open?.message).toContain('whose source ranges include everyone: 10.0.0.0/8, 0.0.0.0/0');
    expect(open?.path).toBe('metadata.annotations');
  });

  it('does not judge other Service types or load balancers of unknown controllers', () => {
    expect(statuses(runCheck(loadBalancerExposure, service('', '  type: ClusterIP\n')))).toEqual(['not-applicable']);
    expect(statuses(runCheck(loadBalancerExposure, service('', '  type: LoadBalancer\n  loadBalancerClass: example.com/lb\n')))).toEqual(['not-applicable']);
  });
});
