import { defineCheck, fail, notApplicable, pass } from '../../../core/check.js';
import { fieldPath } from '../../../core/field-path.js';
import type { KubeObject } from '../../../core/inventory.js';
import { record, str } from '../../../k8s/fields.js';
import { objectsOfKind } from '../../../k8s/targets.js';
import { BPG } from '../workload/offences.js';

/** Addresses named in a message: an attacker-written list can be long. */
const SHOWN_ADDRESSES = 5;

/**
 * K8S-NET-010: no Service sets `spec.externalIPs`. kube-proxy sends traffic for those addresses,
 * from any pod or node, to the Service's endpoints (CVE-2020-8554), and EKS customers cannot turn on
 * the DenyServiceExternalIPs admission plugin: only a policy (this check at admission) stops it.
 */
export const serviceExternalIps = defineCheck<KubeObject>({
  id: 'K8S-NET-010',
  title: 'Services should not set externalIPs',
  area: 'network',
  severity: 'medium',
  target: objectsOfKind('Service'),
  needs: ['kube:Service'],
  admission: { judges: 'the externalIPs of the Service' },
  scope: 'object',
  rationale:
    'kube-proxy routes traffic for every address in a Service\'s `externalIPs` to that Service\'s pods, whoever sends it and whatever the address really is (CVE-2020-8554): whoever may create or patch a Service can intercept the cluster\'s traffic to any IP, a database or an AWS endpoint. Kubernetes never validates the addresses, and on EKS the API server\'s DenyServiceExternalIPs plugin cannot be enabled.',
  remediation:
    'Remove `spec.externalIPs`; expose the Service with type LoadBalancer or an Ingress instead. Enforce it at admission (`eksguard serve`, or a ValidatingAdmissionPolicy that rejects Services with externalIPs).',
  messages: {
    externalIps: "the Service sets externalIPs {{addresses}}: traffic from any pod or node to those addresses goes to this Service's pods (CVE-2020-8554)",
  },
  references: [BPG.networkSecurity, 'https://github.com/kubernetes/kubernetes/issues/97076', 'https://kubernetes.io/docs/concepts/services-networking/service/#external-ips'],
  standards: [],
  examples: {
    pass: [
      `apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080 }]
`,
    ],
    fail: [
      `apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  selector: { app: web }
  ports: [{ port: 443 }]
  externalIPs: [10.0.12.7]
`,
    ],
  },
  evaluate(service) {
    if (service.apiVersion !== 'v1') return notApplicable('not a core v1 Service');
    const spec = record(service.raw['spec']);
    const listed = spec['externalIPs'];
    const addresses = Array.isArray(listed) ? listed.map((address) => str(address) ?? String(address)) : [];
    if (addresses.length === 0) return pass('sets no externalIPs');
    const shown = addresses.slice(0, SHOWN_ADDRESSES).join(', ');
    const more = addresses.length > SHOWN_ADDRESSES ? ` and ${addresses.length - SHOWN_ADDRESSES} more` : '';
    return fail({ messageId: 'externalIps', data: { addresses: `${shown}${more}` }, path: fieldPath('spec', 'externalIPs'), absolutePath: true });
  },
});
