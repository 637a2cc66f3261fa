import { defineCheck, fail, notApplicable, pass } from '../../../core/check.js';
import { fieldPath, type FieldPath } from '../../../core/field-path.js';
import type { KubeObject } from '../../../core/inventory.js';
import { isEverywhereCidr } from '../../../k8s/cidr.js';
import { ingressExposure, INGRESS_ANNOTATIONS, type IngressExposure } from '../../../k8s/exposure.js';
import { objectsOfKind } from '../../../k8s/targets.js';
import { BPG, CIS_EKS } from '../workload/offences.js';

const ANNOTATIONS = fieldPath('metadata', 'annotations');

interface Problem {
  text: string;
  path: FieldPath;
}

function albProblems(exposure: IngressExposure): Problem[] {
  const problems: Problem[] = [];
  if (!exposure.listeners) {
    problems.push({ text: `its ${INGRESS_ANNOTATIONS.listenPorts} cannot be read, so the controller will not reconcile it as intended`, path: ANNOTATIONS });
  } else {
    const http = exposure.listeners.filter((listener) => listener.protocol === 'HTTP');
    if (http.length > 0 && !exposure.sslRedirect) {
      const tlsNote = exposure.hasTls ? '; spec.tls alone adds no HTTPS listener to an ALB' : '';
      problems.push({
        text: `it serves plain HTTP on port ${http.map((l) => l.port).join(', ')} with no ${INGRESS_ANNOTATIONS.sslRedirect}: ${exposure.listenersReason}${tlsNote}`,
        path: ANNOTATIONS,
      });
    }
  }
  if (exposure.scheme === 'internet-facing' && (exposure.securityGroups ?? []).length === 0) {
    const cidrs = exposure.inboundCidrs ?? [];
    if (cidrs.length === 0) {
      problems.push({ text: `it is internet-facing (${exposure.schemeReason}) with no ${INGRESS_ANNOTATIONS.inboundCidrs}, so it admits 0.0.0.0/0`, path: ANNOTATIONS });
    } else if (cidrs.some(isEverywhereCidr)) {
      problems.push({ text: `it is internet-facing and its ${INGRESS_ANNOTATIONS.inboundCidrs} admit everyone (${cidrs.join(', ')})`, path: ANNOTATIONS });
    }
  }
  return problems;
}

/**
 * K8S-NET-007: an Ingress does not serve plain HTTP, and an internet-facing
 * ALB restricts its sources with `inbound-cidrs`. For an ALB the listeners
 * come from `listen-ports` (default HTTP:80, or HTTPS:443 when
 * `certificate-arn` is set) and `ssl-redirect` makes HTTP listeners
 * redirect; `security-groups` replaces inbound-cidrs with groups eksguard
 * cannot see, so the source check is then left to the security-group checks.
 * For other controllers an Ingress without `spec.tls` serves plain HTTP.
 */
export const ingressExposureCheck = defineCheck<KubeObject>({
  id: 'K8S-NET-007',
  title: 'Ingresses must use TLS, and internet-facing ALBs must restrict sources',
  area: 'network',
  severity: 'medium',
  target: objectsOfKind('Ingress'),
  needs: ['kube:Ingress', 'kube:IngressClass', 'kube:IngressClassParams'],
  scope: 'namespace',
  admission: { judges: 'the Ingress, with the cluster\'s IngressClasses and IngressClassParams read through the API (below); `skipped` when they cannot be read, or when the Ingress shares an ALB with the other members of an IngressGroup' },
  rationale:
    'Plain HTTP exposes session cookies, tokens and data to anyone on the path and lets them be altered in flight. An internet-facing ALB without inbound-cidrs accepts requests from the whole internet, which is rarely what an internal tool or staging site intends. The Ingresses of one IngressGroup (`alb.ingress.kubernetes.io/group.name`, across namespaces) share one ALB: one member that asks for internet-facing puts every member on the internet, so each is judged with the scheme, security groups, ssl-redirect and per-port inbound CIDRs of the whole group.',
  remediation:
    'For ALB Ingresses set `alb.ingress.kubernetes.io/certificate-arn` and `listen-ports: \'[{"HTTPS":443}]\'` (or add HTTP:80 with `ssl-redirect: "443"`), and `alb.ingress.kubernetes.io/inbound-cidrs` with the client ranges when the ALB is internet-facing; otherwise use `scheme: internal`. For other ingress controllers add a `spec.tls` entry with a certificate.',
  messages: {
    exposed: '{{ingress}}: {{problems}}',
  },
  references: [BPG.networkSecurity, 'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/', CIS_EKS],
  standards: [],
  examples: {
    pass: [
      `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations:
    alb.ingress.kubernetes.io/scheme: internet-facing
    alb.ingress.kubernetes.io/certificate-arn: arn:aws:acm:eu-west-1:123456789012:certificate/0b8c6f0e-1111-2222-3333-444455556666
    alb.ingress.kubernetes.io/listen-ports: '[{"HTTP": 80}, {"HTTPS": 443}]'
    alb.ingress.kubernetes.io/ssl-redirect: "443"
    alb.ingress.kubernetes.io/inbound-cidrs: 203.0.113.0/24
spec:
  ingressClassName: alb
  rules:
    - http:
        paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }]
`,
      `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: shop }
spec:
  ingressClassName: nginx
  tls: [{ hosts: [shop.example.com], secretName: shop-tls }]
  rules:
    - host: shop.example.com
      http:
        paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }]
`,
    ],
    fail: [
      `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations:
    kubernetes.io/ingress.class: alb
    alb.ingress.kubernetes.io/scheme: internet-facing
spec:
  tls: [{ hosts: [shop.example.com] }]
  rules:
    - http:
        paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }]
`,
      `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: shop }
spec:
  ingressClassName: nginx
  rules:
    - http:
        paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }]
`,
    ],
  },
  evaluate(ingress, ctx) {
    if (!ingress.apiVersion.startsWith('networking.k8s.io/') && !ingress.apiVersion.startsWith('extensions/')) {
      return notApplicable('not a Kubernetes Ingress');
    }
    const exposure = ingressExposure(ingress, ctx);
    const problems = exposure.alb ? albProblems(exposure) : exposure.hasTls ? [] : [{ text: 'it has no spec.tls, so it serves plain HTTP', path: fieldPath('spec') }];
    if (problems.length === 0) {
      if (!exposure.alb) return pass(`spec.tls is set (${exposure.classReason})`);
      const sources =
        exposure.scheme !== 'internet-facing'
          ? `is ${exposure.scheme}`
          : (exposure.securityGroups ?? []).length > 0
            ? `takes its sources from the security groups in ${INGRESS_ANNOTATIONS.securityGroups} (judge them with the security-group checks)`
            : `admits only ${(exposure.inboundCidrs ?? []).join(', ')}`;
      return pass(`ALB (${exposure.classReason}) serves no plain HTTP and ${sources}`);
    }
    const subject = exposure.alb ? `the ALB of this Ingress (${exposure.classReason})` : `the Ingress (${exposure.classReason})`;
    return fail({ messageId: 'exposed', data: { ingress: subject, problems: problems.map((problem) => problem.text).join('; and ') }, path: problems[0]!.path, absolutePath: true });
  },
});
