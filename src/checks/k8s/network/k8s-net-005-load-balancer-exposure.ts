import { defineCheck, fail, notApplicable, pass } from '../../../core/check.js';
import { fieldPath, type FieldPath } from '../../../core/field-path.js';
import type { KubeObject } from '../../../core/inventory.js';
import { SERVICE_ANNOTATIONS, serviceExposure, type ServiceExposure } from '../../../k8s/exposure.js';
import { objectsOfKind } from '../../../k8s/targets.js';
import { BPG } from '../workload/offences.js';

const CONTROLLER_NAMES: Readonly<Record<ServiceExposure['controller'], string>> = {
  'in-tree': 'the in-tree AWS cloud provider',
  'aws-load-balancer-controller': 'the AWS Load Balancer Controller',
  'eks-auto-mode': 'EKS Auto Mode',
  other: 'another controller',
};

function rangesPath(exposure: ServiceExposure): FieldPath {
  return exposure.sourceRangesFrom === 'annotation' ? fieldPath('metadata', 'annotations') : fieldPath('spec', 'loadBalancerSourceRanges');
}

/**
 * K8S-NET-005: a Service of type LoadBalancer that gets an internet-facing
 * AWS load balancer restricts its sources with `loadBalancerSourceRanges` (or
 * the source-ranges annotation), and none of them is 0.0.0.0/0 or ::/0. Which
 * controller reconciles the Service, and its default scheme, are decided in
 * k8s/exposure.ts. A Service another controller handles (an unknown
 * loadBalancerClass) is not applicable.
 */
export const loadBalancerExposure = defineCheck<KubeObject>({
  id: 'K8S-NET-005',
  title: 'Internet-facing load balancers must restrict source ranges',
  area: 'network',
  severity: 'high',
  target: objectsOfKind('Service'),
  needs: ['kube:Service'],
  admission: { judges: 'the type, annotations and source ranges of the Service' },
  scope: 'object',
  rationale:
    'A Service of type LoadBalancer on EKS creates an AWS load balancer. Unless it is internal or limited to known source ranges, the application behind it (often an admin UI or an API never meant for the internet) is reachable by anyone, and internet scanners find new load balancers within minutes.',
  remediation:
    'Make the load balancer internal (`service.beta.kubernetes.io/aws-load-balancer-scheme: internal` with the AWS Load Balancer Controller, `service.beta.kubernetes.io/aws-load-balancer-internal: "true"` with the in-tree provider), or set `spec.loadBalancerSourceRanges` to the client CIDRs that need it. For public HTTP services prefer an Ingress with an ALB, TLS and AWS WAF.',
  messages: {
    openRanges: '{{controller}} makes an internet-facing load balancer ({{scheme}}) whose source ranges include everyone: {{ranges}}',
    noRanges: '{{controller}} makes an internet-facing load balancer ({{scheme}}) with no loadBalancerSourceRanges or {{annotation}} annotation, so it accepts traffic from 0.0.0.0/0',
  },
  references: [
    BPG.networkSecurity,
    'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/annotations/',
    'https://kubernetes.io/docs/tasks/access-application-cluster/create-external-load-balancer/',
  ],
  standards: [],
  examples: {
    pass: [
      `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-type: external
    service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing
spec:
  type: LoadBalancer
  loadBalancerSourceRanges: [203.0.113.0/24]
  selector: { app: web }
  ports: [{ port: 443, targetPort: 8443 }]
`,
      `apiVersion: v1
kind: Service
metadata: { name: api, namespace: shop }
spec:
  type: LoadBalancer
  loadBalancerClass: service.k8s.aws/nlb
  selector: { app: api }
  ports: [{ port: 443 }]
`,
    ],
    fail: [
      `apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  type: LoadBalancer
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080 }]
`,
      `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-type: external
    service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing
spec:
  type: LoadBalancer
  loadBalancerSourceRanges: [0.0.0.0/0]
  selector: { app: web }
  ports: [{ port: 80 }]
`,
    ],
  },
  evaluate(service) {
    if (service.apiVersion !== 'v1') return notApplicable('not a core v1 Service');
    const exposure = serviceExposure(service);
    if (!exposure) return notApplicable('not a Service of type LoadBalancer');
    const controller = CONTROLLER_NAMES[exposure.controller];
    if (exposure.scheme === undefined) return notApplicable(exposure.schemeReason);
    if (exposure.scheme === 'internal') return pass(`${controller} makes an internal load balancer: ${exposure.schemeReason}`);
    if (!exposure.openToEveryone) {
      return pass(`internet-facing (${exposure.schemeReason}) but limited to ${exposure.sourceRanges.join(', ')}`);
    }
    if (exposure.sourceRanges.length > 0) {
      return fail({
        messageId: 'openRanges',
        data: { controller, scheme: exposure.schemeReason, ranges: exposure.sourceRanges.join(', ') },
        path: rangesPath(exposure),
        absolutePath: true,
      });
    }
    return fail({ messageId: 'noRanges', data: { controller, scheme: exposure.schemeReason, annotation: SERVICE_ANNOTATIONS.sourceRanges }, path: fieldPath('spec', 'type'), absolutePath: true });
  },
});
