import { defineCheck, fail, notApplicable, pass, type Verdict } from '../../../core/check.js';
import { fieldPath } from '../../../core/field-path.js';
import type { KubeObject } from '../../../core/inventory.js';
import { serviceExposure } from '../../../k8s/exposure.js';
import { record, records, str, stringMap } from '../../../k8s/fields.js';
import { objectsOfKind } from '../../../k8s/targets.js';
import { BPG } from '../workload/offences.js';

const SVC = 'service.beta.kubernetes.io/';
export const TLS_ANNOTATIONS = { cert: `${SVC}aws-load-balancer-ssl-cert`, ports: `${SVC}aws-load-balancer-ssl-ports` } as const;

/** Ports that say they carry TLS to the pods themselves (TCP passthrough): the load balancer needs no certificate. */
const TLS_APP_PROTOCOLS = new Set(['https', 'tls', 'grpcs', 'wss']);
const TLS_PORT_NAME = /^(https|tls|grpcs|wss)(-|$)/;

/** Ports named in a message at most: a Service may list many. */
const SHOWN_PORTS = 5;

interface PortFacts {
  index: number;
  port: string;
  name?: string;
  protocol: string;
  passthrough: boolean;
}

function portsOf(service: KubeObject): PortFacts[] {
  return records(record(service.raw['spec'])['ports']).map((port, index) => {
    const number = port['port'];
    const name = str(port['name']);
    const appProtocol = str(port['appProtocol'])?.toLowerCase();
    return {
      index,
      port: typeof number === 'number' || typeof number === 'string' ? String(number) : '?',
      ...(name ? { name } : {}),
      protocol: (str(port['protocol']) ?? 'TCP').toUpperCase(),
      // appProtocol, when set, is what the port says it carries; the name is only a convention
      passthrough: appProtocol !== undefined ? TLS_APP_PROTOCOLS.has(appProtocol) : name !== undefined && TLS_PORT_NAME.test(name.toLowerCase()),
    };
  });
}

/** The TLS listeners a certificate gives: `ssl-ports` lists port numbers or names, `*` or no list means every port. */
function tlsPorts(annotations: Record<string, string>): (port: PortFacts) => boolean {
  if (!annotations[TLS_ANNOTATIONS.cert]?.trim()) return () => false;
  const listed = (annotations[TLS_ANNOTATIONS.ports] ?? '*').split(',').map((item) => item.trim()).filter((item) => item !== '');
  if (listed.length === 0 || listed.includes('*')) return () => true;
  return (port) => listed.includes(port.port) || (port.name !== undefined && listed.includes(port.name));
}

/**
 * K8S-NET-011: fails for each TCP port of a Service of type LoadBalancer (in-tree CLB/NLB, AWS Load
 * Balancer Controller or EKS Auto Mode NLB) that gets no TLS listener (no
 * `aws-load-balancer-ssl-cert`, or the port is left out of `aws-load-balancer-ssl-ports`) and does not
 * declare TLS passthrough (`appProtocol` https/tls, or a port name starting with https or tls).
 * Medium for an internet-facing load balancer, low for an internal one.
 */
export const loadBalancerTls = defineCheck<KubeObject>({
  id: 'K8S-NET-011',
  title: 'Load balancer Services should terminate TLS or pass TLS through',
  area: 'network',
  severity: 'medium',
  target: objectsOfKind('Service'),
  needs: ['kube:Service'],
  admission: { judges: 'the type, annotations and ports of the Service' },
  scope: 'object',
  rationale:
    'A Service of type LoadBalancer gets a Classic or Network Load Balancer whose listeners are plain TCP unless the Service names an ACM certificate: credentials, session cookies and API tokens then cross the VPC, and for an internet-facing load balancer the internet, in clear text. CIS EKS 5.4.4 asks for TLS certificates on load balancer listeners.',
  remediation:
    'Add `service.beta.kubernetes.io/aws-load-balancer-ssl-cert: <ACM certificate ARN>` and list the TLS ports in `service.beta.kubernetes.io/aws-load-balancer-ssl-ports` (for example "443"); remove plain ports, or, where the pods terminate TLS themselves, mark the port with `appProtocol: https` (or `tls`).',
  messages: {
    noCertificate: `port {{port}} of this {{scheme}} load balancer carries plain TCP: the Service has no ${TLS_ANNOTATIONS.cert}, and the port does not declare TLS to the pods (appProtocol https or tls)`,
    notInSslPorts: `port {{port}} of this {{scheme}} load balancer carries plain TCP: it is not in ${TLS_ANNOTATIONS.ports}, and the port does not declare TLS to the pods (appProtocol https or tls)`,
  },
  references: [
    BPG.networkSecurity,
    'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/annotations/#ssl-cert',
    'https://kubernetes.io/docs/reference/labels-annotations-taints/#service-beta-kubernetes-io-aws-load-balancer-ssl-cert',
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
    service.beta.kubernetes.io/aws-load-balancer-ssl-cert: arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-0000-4000-8000-000000000000
    service.beta.kubernetes.io/aws-load-balancer-ssl-ports: "443"
spec:
  type: LoadBalancer
  selector: { app: web }
  ports: [{ name: https, port: 443, targetPort: 8080 }]
`,
    ],
    fail: [
      `apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  type: LoadBalancer
  selector: { app: web }
  ports: [{ name: http, port: 80, targetPort: 8080 }]
`,
    ],
  },
  evaluate(service): Verdict | Verdict[] {
    if (service.apiVersion !== 'v1') return notApplicable('not a core v1 Service');
    const exposure = serviceExposure(service);
    if (!exposure) return notApplicable('not a Service of type LoadBalancer');
    if (exposure.scheme === undefined) return notApplicable(exposure.schemeReason);
    const annotations = stringMap(record(service.raw['metadata'])['annotations']);
    const terminated = tlsPorts(annotations);
    const ports = portsOf(service).filter((port) => port.protocol === 'TCP');
    if (ports.length === 0) return notApplicable('no TCP port: TLS listeners are for TCP');
    const plain = ports.filter((port) => !terminated(port) && !port.passthrough);
    if (plain.length === 0) return pass(`every TCP port gets a TLS listener or passes TLS through to the pods`);
    const where = exposure.scheme === 'internet-facing' ? 'internet-facing' : 'internal';
    const severity = exposure.scheme === 'internet-facing' ? 'medium' : 'low';
    const messageId = annotations[TLS_ANNOTATIONS.cert]?.trim() ? 'notInSslPorts' : 'noCertificate';
    return plain.slice(0, SHOWN_PORTS).map((port) =>
      fail({
        messageId,
        data: { port: port.name ? `${port.port} (${port.name})` : port.port, scheme: where },
        path: fieldPath('spec', 'ports', port.index),
        absolutePath: true,
        severity,
      }),
    );
  },
});
