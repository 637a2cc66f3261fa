import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import type { CheckExamples } from '../../../core/check.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { ingressExposureCheck } from './k8s-net-007-ingress-exposure.js';

const ingress = (annotations: string, spec = '  ingressClassName: alb\n') => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations: { ${annotations} }
spec:
${spec}  rules: [{ http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] } }]
`;

const CERT = 'alb.ingress.kubernetes.io/certificate-arn: "arn:aws:acm:eu-west-1:123456789012:certificate/x"';

const examples = ingressExposureCheck.examples as CheckExamples;

testCheck(ingressExposureCheck, {
  pass: [{ input: examples.pass[0]! }],
  fail: [{ input: examples.fail[1]!, failures: [{ path: 'spec', messageId: 'exposed', data: { ingress: 'the Ingress (ingressClassName nginx)', problems: 'it has no spec.tls, so it serves plain HTTP' }, severity: 'medium' }] }],
});

describe('K8S-NET-007 Ingress TLS and ALB sources', () => {
  it('fails an ALB whose default listener is HTTP, and explains that spec.tls does not change it', () => {
    const [finding] = failures(runCheck(ingressExposureCheck, ingress('', '  ingressClassName: alb\n  tls: [{ hosts: [a.example.com] }]\n')));
    expect(finding?.message).toBe(
      'the ALB of this Ingress (ingressClassName alb): it serves plain HTTP on port 80 with no alb.ingress.kubernetes.io/ssl-redirect: without alb.ingress.kubernetes.io/listen-ports or alb.ingress.kubernetes.io/certificate-arn the only listener is HTTP:80; spec.tls alone adds no HTTPS listener to an ALB',
    );
    expect(finding?.path).toBe('metadata.annotations');
  });

  it('passes an internal ALB with a certificate (HTTPS:443 by default)', () => {
    expect(statuses(runCheck(ingressExposureCheck, ingress(CERT)))).toEqual(['pass']);
  });

  it('passes HTTP listeners that redirect to an HTTPS listener, not to a missing one', () => {
    const both = `${CERT}, alb.ingress.kubernetes.io/listen-ports: '[{"HTTP": 80}, {"HTTPS": 443}]'`;
    expect(statuses(runCheck(ingressExposureCheck, ingress(`${both}, alb.ingress.kubernetes.io/ssl-redirect: "443"`)))).toEqual(['pass']);
    expect(statuses(runCheck(ingressExposureCheck, ingress(`${both}, alb.ingress.kubernetes.io/ssl-redirect: "8443"`)))).toEqual(['fail']);
    expect(statuses(runCheck(ingressExposureCheck, ingress(both)))).toEqual(['fail']);
  });

  it('fails an internet-facing ALB without inbound-cidrs or with 0.0.0.0/0, but defers to named security groups', () => {
    const publicTls = `${CERT}, alb.ingress.kubernetes.io/scheme: internet-facing`;
    expect(failures(runCheck(ingressExposureCheck, ingress(publicTls)))[0]?.message).toContain('with no alb.ingress.kubernetes.io/inbound-cidrs, so it admits 0.0.0.0/0');
    expect(failures(runCheck(ingressExposureCheck, ingress(`${publicTls}, alb.ingress.kubernetes.io/inbound-cidrs: "0.0.0.0/0"`)))[0]?.message).toContain('admit everyone (0.0.0.0/0)');
    expect(statuses(runCheck(ingressExposureCheck, ingress(`${publicTls}, alb.ingress.kubernetes.io/inbound-cidrs: "203.0.113.0/24"`)))).toEqual(['pass']);
    const withGroups = runCheck(ingressExposureCheck, ingress(`${publicTls}, alb.ingress.kubernetes.io/security-groups: sg-0123`));
    expect(statuses(withGroups)).toEqual(['pass']);
    expect(withGroups[0]?.message).toContain('security groups');
  });

  it('judges an Ingress by its IngressGroup\'s shared ALB: scheme and the CIDRs of a shared listener', () => {
    const admin = ingress(`${CERT}, alb.ingress.kubernetes.io/group.name: edge`).replace('name: web\n  namespace: shop', 'name: admin\n  namespace: ops');
    const publicMember = (cidrs: string) => ingress(`${CERT}, alb.ingress.kubernetes.io/group.name: edge, alb.ingress.kubernetes.io/scheme: internet-facing${cidrs}`);
    const findings = runCheck(ingressExposureCheck, `${publicMember('')}---\n${admin}`);
    expect(statuses(findings)).toEqual(['fail', 'fail']);
    expect(failures(findings)[1]?.message).toBe(
      'the ALB of this Ingress (ingressClassName alb): it is internet-facing (Ingress shop/web: alb.ingress.kubernetes.io/scheme is internet-facing (IngressGroup edge shares one ALB)) with no alb.ingress.kubernetes.io/inbound-cidrs, so it admits 0.0.0.0/0',
    );
    // the group's HTTPS:443 listener admits the CIDRs the other member names
    expect(statuses(runCheck(ingressExposureCheck, `${publicMember(', alb.ingress.kubernetes.io/inbound-cidrs: "203.0.113.0/24"')}---\n${admin}`))).toEqual(['pass', 'pass']);
    // alone, the same Ingress is internal and passes
    expect(statuses(runCheck(ingressExposureCheck, admin))).toEqual(['pass']);
  });

  it('reports both problems of one Ingress in one finding', () => {
    const [finding] = failures(runCheck(ingressExposureCheck, ingress('alb.ingress.kubernetes.io/scheme: internet-facing')));
    expect(finding?.message).toMatch(/plain HTTP .*; and it is internet-facing/);
  });

  it('judges other controllers by spec.tls alone', () => {
    expect(statuses(runCheck(ingressExposureCheck, ingress('', '  ingressClassName: nginx\n  tls: [{ secretName: t }]\n')))).toEqual(['pass']);
    expect(failures(runCheck(ingressExposureCheck, ingress('', '  ingressClassName: nginx\n')))[0]?.message).toBe(
      'the Ingress (ingressClassName nginx): it has no spec.tls, so it serves plain HTTP',
    );
  });

  it('fails an unreadable listen-ports annotation', () => {
    expect(failures(runCheck(ingressExposureCheck, ingress(`alb.ingress.kubernetes.io/listen-ports: "[HTTP:80]"`)))[0]?.message).toContain('cannot be read');
  });
});
