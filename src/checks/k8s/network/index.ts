import type { Check } from '../../../core/check.js';
import { defaultDenyEgress } from './default-deny-egress.js';
import { defaultDenyIngress } from './default-deny-ingress.js';
import { imdsEgressCheck } from './imds-egress.js';
import { ingressExposureCheck } from './ingress-exposure.js';
import { ingressFromEverywhereCheck } from './ingress-from-everywhere.js';
import { loadBalancerExposure } from './load-balancer-exposure.js';
import { namespaceHasPolicy } from './namespace-has-policy.js';
import { nodePortService } from './node-port-service.js';
import { serviceExternalIps } from './service-external-ips.js';
import { workloadSelected } from './workload-selected.js';
import { loadBalancerTls } from './k8s-net-011-load-balancer-tls.js';

export const networkChecks: readonly Check[] = [
  namespaceHasPolicy,
  defaultDenyIngress,
  defaultDenyEgress,
  workloadSelected,
  loadBalancerExposure,
  nodePortService,
  ingressExposureCheck,
  ingressFromEverywhereCheck,
  imdsEgressCheck,
  serviceExternalIps,
  loadBalancerTls,
];
