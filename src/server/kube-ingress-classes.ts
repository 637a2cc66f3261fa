import type { KubeRaw } from '../core/inventory.js';
import { record, records, str } from '../k8s/fields.js';
import type { KubeReader } from './kube-api.js';

/** The cluster-scoped kinds an Ingress's class is read from; list items carry no kind, so it is set here. */
const KINDS = [
  { kind: 'IngressClass', apiVersion: 'networking.k8s.io/v1', path: '/apis/networking.k8s.io/v1/ingressclasses', optional: false },
  // the AWS Load Balancer Controller's custom resource: a 404 means it is not installed, so there are none
  { kind: 'IngressClassParams', apiVersion: 'elbv2.k8s.aws/v1beta1', path: '/apis/elbv2.k8s.aws/v1beta1/ingressclassparams', optional: true },
] as const;

const PAGE = 500;
const MAX_PAGES = 10;

/** Only what the checks read: a class's controller, parameters and default annotation; the params' spec. */
function slim(item: unknown, kind: string, apiVersion: string): KubeRaw {
  const object = record(item);
  const metadata = record(object['metadata']);
  const annotations = record(metadata['annotations']);
  return {
    apiVersion,
    kind,
    metadata: { name: str(metadata['name']) ?? '', ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
    spec: record(object['spec']),
  };
}

/**
 * Lists IngressClasses and IngressClassParams (RBAC: `list` on both, cluster-scoped), the few
 * objects K8S-NET-007 needs besides the Ingress itself to know whether an ALB serves it and
 * with which scheme, group and CIDRs. Rejects when either cannot be read, so the caller
 * reports the check skipped rather than judge without them.
 */
export function createIngressClassFetcher(reader: KubeReader): (signal: AbortSignal) => Promise<KubeRaw[]> {
  return async (signal) => {
    const objects: KubeRaw[] = [];
    for (const { kind, apiVersion, path, optional } of KINDS) {
      let token: string | undefined;
      let pages = 0;
      do {
        if (pages++ === MAX_PAGES) throw new Error(`list ${kind}: more than ${PAGE * MAX_PAGES} objects`);
        const reply = await reader.get(`${path}?limit=${PAGE}${token ? `&continue=${encodeURIComponent(token)}` : ''}`, signal);
        if (reply.status === 404 && optional) break;
        if (reply.status !== 200) throw new Error(`list ${kind}: HTTP ${reply.status}`);
        const body = record(reply.body);
        for (const item of records(body['items'])) objects.push(slim(item, kind, apiVersion));
        token = str(record(body['metadata'])['continue']);
      } while (token);
    }
    return objects;
  };
}
