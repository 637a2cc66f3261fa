import type { Check } from '../../../core/check.js';
import { defaultDenyEgress } from './k8s-net-003-default-deny-egress.js';
import { defaultDenyIngress } from './k8s-net-002-default-deny-ingress.js';
import { imdsEgressCheck } from './k8s-net-009-imds-egress.js';
import { ingressExposureCheck } from './k8s-net-007-ingress-exposure.js';
import { ingressFromEverywhereCheck } from './k8s-net-008-ingress-from-everywhere.js';
import { loadBalancerExposure } from './k8s-net-005-load-balancer-exposure.js';
import { namespaceHasPolicy } from './k8s-net-001-namespace-has-policy.js';
import { nodePortService } from './k8s-net-006-node-port-service.js';
import { serviceExternalIps } from './k8s-net-010-service-external-ips.js';
import { workloadSelected } from './k8s-net-004-workload-selected.js';
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
