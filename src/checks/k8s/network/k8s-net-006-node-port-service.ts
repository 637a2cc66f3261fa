import { defineCheck, fail, notApplicable, pass } from '../../../core/check.js';
import { fieldPath } from '../../../core/field-path.js';
import type { KubeObject } from '../../../core/inventory.js';
import { record, records, str } from '../../../k8s/fields.js';
import { objectsOfKind } from '../../../k8s/targets.js';
import { BPG } from '../workload/offences.js';

/**
 * K8S-NET-006: no Service has `type: NodePort`. LoadBalancer Services also
 * allocate node ports, but they are judged by K8S-NET-005; this check is about
 * Services that deliberately open a port on every node.
 */
export const nodePortService = defineCheck<KubeObject>({
  id: 'K8S-NET-006',
  title: 'Services should not be of type NodePort',
  area: 'network',
  severity: 'low',
  target: objectsOfKind('Service'),
  needs: ['kube:Service'],
  admission: { judges: 'the type of the Service' },
  scope: 'object',
  rationale:
    'A NodePort Service opens the same port on every node, outside NetworkPolicy-style per-pod reasoning, and anything that can reach a node IP (other VPC workloads, peered networks, a permissive node security group) reaches the service.',
  remediation:
    'Use a ClusterIP Service behind an Ingress or a LoadBalancer with IP targets (`alb.ingress.kubernetes.io/target-type: ip`, `service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip`), which need no node port. Where NodePort is required (ALB instance targets), keep node security groups closed to all but the load balancer.',
  messages: {
    nodePort: 'the Service is of type NodePort and opens {{ports}} on every node',
  },
  references: [BPG.networkSecurity, 'https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport'],
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
  type: NodePort
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }]
`,
    ],
  },
  evaluate(service) {
    if (service.apiVersion !== 'v1') return notApplicable('not a core v1 Service');
    const spec = record(service.raw['spec']);
    const type = str(spec['type']) ?? 'ClusterIP';
    if (type !== 'NodePort') return pass(`type ${type}`);
    const ports = records(spec['ports'])
      .map((port) => port['nodePort'])
      .filter((port) => typeof port === 'number');
    const which = ports.length > 0 ? `node port(s) ${ports.join(', ')}` : 'a node port chosen by the cluster';
    return fail({ messageId: 'nodePort', data: { ports: which }, path: fieldPath('spec', 'type'), absolutePath: true });
  },
});
