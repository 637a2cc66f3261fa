/**
 * The Kubernetes half of the graph, first part: internet-facing load balancers, the Services and
 * Ingresses behind them, the workloads they select, and the ServiceAccounts the workloads run as.
 */
import type { Subject } from '../core/check.js';
import type { KubeObject } from '../core/inventory.js';
import type { KubeResourceRef } from '../core/types.js';
import { isEverywhereCidr } from '../k8s/cidr.js';
import { albIngressGroup, ingressExposure, INGRESS_ANNOTATIONS, serviceExposure } from '../k8s/exposure.js';
import { record, records, str, stringMap } from '../k8s/fields.js';
import { workloadsByNamespace } from '../k8s/namespaces.js';
import { kubeRef, objectsOf } from '../k8s/targets.js';
import type { Workload } from '../k8s/workload.js';
import { ids, type BuildState } from './context.js';

export interface WorkloadEntry {
  readonly subject: Subject<Workload>;
  readonly id: string;
  readonly namespace: string;
  readonly serviceAccount: string;
}

/** Workloads by namespace with their graph ids; the ServiceAccount each runs as. */
export function workloadEntries(state: BuildState): ReadonlyMap<string, readonly WorkloadEntry[]> {
  return state.ctx.memo('graph:workloads', () => {
    const out = new Map<string, WorkloadEntry[]>();
    for (const [key, subjects] of workloadsByNamespace(state.ctx)) {
      const namespace = key || 'default';
      const list = out.get(namespace) ?? [];
      for (const subject of subjects) {
        const object = subject.value.object;
        const spec = subject.value.spec;
        const serviceAccount = str(spec['serviceAccountName']) || str(spec['serviceAccount']) || 'default';
        list.push({ subject, id: ids.kube(object.kind, namespace, object.name), namespace, serviceAccount });
      }
      out.set(namespace, list);
    }
    return out;
  });
}

function serviceAccountRef(namespace: string, name: string, object: KubeObject | undefined): KubeResourceRef {
  return object ? kubeRef(object) : { apiVersion: 'v1', kind: 'ServiceAccount', namespace, name };
}

/** ServiceAccount objects of the inventory, by `namespace/name`. */
export function serviceAccountObjects(state: BuildState): ReadonlyMap<string, KubeObject> {
  return state.ctx.memo('graph:service-accounts', () => new Map(objectsOf('ServiceAccount', state.ctx).map((object) => [`${object.namespace ?? 'default'}/${object.name}`, object] as const)));
}

/** Adds (once) the node of a ServiceAccount, whether or not its object is in the inventory. */
export function serviceAccountNode(state: BuildState, namespace: string, name: string): string {
  const id = ids.kube('ServiceAccount', namespace, name);
  if (!state.graph.nodes.has(id)) {
    const object = serviceAccountObjects(state).get(`${namespace}/${name}`);
    const location = object?.provenance.location;
    state.graph.node({ id, kind: 'service-account', label: `ServiceAccount ${namespace}/${name}`, resource: serviceAccountRef(namespace, name, object), ...(location ? { location } : {}) });
  }
  return id;
}

/**
 * Adds (once) the node of a workload and its edge to the ServiceAccount it runs as. Only a
 * Service's `selects` edge leads into a workload, so the graph holds only the workloads an exposed
 * Service or Ingress selects: any other workload lies on no path (and at 100,000 objects, building
 * them all cost most of the graph).
 */
function workloadNode(state: BuildState, entry: WorkloadEntry): void {
  // node and edges are added once whatever the calls (two Services may select the same workload)
  const { subject } = entry;
  const object = subject.value.object;
  state.graph.node({ id: entry.id, kind: 'workload', label: `${object.kind} ${entry.namespace}/${object.name}`, resource: subject.ref, ...(subject.location ? { location: subject.location } : {}) });
  const account = serviceAccountNode(state, entry.namespace, entry.serviceAccount);
  const set = str(subject.value.spec['serviceAccountName']) || str(subject.value.spec['serviceAccount']);
  state.graph.edge({
    from: entry.id,
    to: account,
    kind: 'runs-as',
    label: 'runs as',
    because: set ? `its pods run as ServiceAccount ${entry.namespace}/${entry.serviceAccount}` : `its pods name no ServiceAccount, so they run as ${entry.namespace}/default`,
    severity: 'info',
    resource: subject.ref,
    ...(subject.location ? { location: subject.location } : {}),
  });
}

/** Workloads of a namespace whose pod labels a Service selector matches (a selector without labels selects nothing). */
function selected(state: BuildState, namespace: string, selector: Record<string, string>): WorkloadEntry[] {
  const pairs = Object.entries(selector);
  if (pairs.length === 0) return [];
  return (workloadEntries(state).get(namespace) ?? []).filter((entry) => pairs.every(([key, value]) => entry.subject.value.labels[key] === value));
}

function objectNode(state: BuildState, object: KubeObject, kind: 'service' | 'ingress'): string {
  const namespace = object.namespace ?? 'default';
  const id = ids.kube(object.kind, namespace, object.name);
  const location = object.provenance.location;
  state.graph.node({ id, kind, label: `${object.kind} ${namespace}/${object.name}`, resource: kubeRef(object), ...(location ? { location } : {}) });
  return id;
}

function serviceToWorkloads(state: BuildState, service: KubeObject, serviceId: string): void {
  const namespace = service.namespace ?? 'default';
  const selector = stringMap(record(service.raw['spec'])['selector']);
  for (const entry of selected(state, namespace, selector)) {
    workloadNode(state, entry);
    state.graph.edge({
      from: serviceId,
      to: entry.id,
      kind: 'selects',
      label: 'sends traffic to',
      because: `its selector ${Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',')} matches the pods`,
      severity: 'info',
      resource: kubeRef(service),
    });
  }
}

/** Internet-facing Services of type LoadBalancer open to everyone (K8S-NET-005). */
function addServiceExposure(state: BuildState): void {
  for (const service of objectsOf('Service', state.ctx)) {
    const exposure = serviceExposure(service);
    if (!exposure || exposure.scheme !== 'internet-facing' || !exposure.openToEveryone) continue;
    const namespace = service.namespace ?? 'default';
    const lb = `lb:Service:${namespace}/${service.name}`;
    state.graph.node({ id: lb, kind: 'load-balancer', label: `load balancer of Service ${namespace}/${service.name}` });
    const serviceId = objectNode(state, service, 'service');
    const cite = state.findings.cite('K8S-NET-005', kubeRef(service), 'high', service.provenance.location);
    const ranges = exposure.sourceRanges.length > 0 ? `its source ranges admit everyone (${exposure.sourceRanges.join(', ')})` : 'no loadBalancerSourceRanges';
    state.graph.edge({ from: ids.internet, to: lb, kind: 'exposes', label: 'reaches', because: `internet-facing (${exposure.schemeReason}) with ${ranges}`, ...cite });
    state.graph.edge({ from: lb, to: serviceId, kind: 'routes-to', label: 'forwards to', because: `the ${exposure.controller} load balancer of the Service`, severity: 'info', resource: kubeRef(service) });
    serviceToWorkloads(state, service, serviceId);
  }
}

/** The Service names an Ingress routes to: rules, default backend (networking.k8s.io/v1 and v1beta1 spellings). */
function backendServices(ingress: KubeObject): string[] {
  const spec = record(ingress.raw['spec']);
  const names = new Set<string>();
  const add = (backend: unknown) => {
    const value = record(backend);
    const name = str(record(value['service'])['name']) ?? str(value['serviceName']);
    if (name) names.add(name);
  };
  add(spec['defaultBackend']);
  add(spec['backend']);
  for (const rule of records(spec['rules'])) for (const path of records(record(rule['http'])['paths'])) add(path['backend']);
  return [...names];
}

/** Internet-facing ALB Ingresses that admit everyone (K8S-NET-007), and the Services they route to. */
function addIngressExposure(state: BuildState): void {
  const services = new Map(objectsOf('Service', state.ctx).map((service) => [`${service.namespace ?? 'default'}/${service.name}`, service] as const));
  for (const ingress of objectsOf('Ingress', state.ctx)) {
    const exposure = ingressExposure(ingress, state.ctx);
    if (!exposure.alb || exposure.scheme !== 'internet-facing' || (exposure.securityGroups ?? []).length > 0) continue;
    const cidrs = exposure.inboundCidrs ?? [];
    if (cidrs.length > 0 && !cidrs.some(isEverywhereCidr)) continue;
    const namespace = ingress.namespace ?? 'default';
    const group = albIngressGroup(ingress, state.ctx);
    const lb = group ? `lb:alb:group:${group}` : `lb:alb:${namespace}/${ingress.name}`;
    state.graph.node({ id: lb, kind: 'load-balancer', label: group ? `ALB of IngressGroup ${group}` : `ALB of Ingress ${namespace}/${ingress.name}` });
    const ingressId = objectNode(state, ingress, 'ingress');
    const cite = state.findings.cite('K8S-NET-007', kubeRef(ingress), 'medium', ingress.provenance.location);
    const open = cidrs.length === 0 ? `no ${INGRESS_ANNOTATIONS.inboundCidrs}, so it admits 0.0.0.0/0` : `its inbound CIDRs admit everyone (${cidrs.join(', ')})`;
    state.graph.edge({ from: ids.internet, to: lb, kind: 'exposes', label: 'reaches', because: `internet-facing (${exposure.schemeReason}) with ${open}`, ...cite });
    state.graph.edge({ from: lb, to: ingressId, kind: 'routes-to', label: 'serves', because: 'the ALB the AWS Load Balancer Controller makes for it', severity: 'info', resource: kubeRef(ingress) });
    for (const name of backendServices(ingress)) {
      const service = services.get(`${namespace}/${name}`);
      if (!service) continue;
      const serviceId = objectNode(state, service, 'service');
      state.graph.edge({ from: ingressId, to: serviceId, kind: 'routes-to', label: 'routes to', because: `a rule of the Ingress names Service ${name}`, severity: 'info', resource: kubeRef(ingress) });
      serviceToWorkloads(state, service, serviceId);
    }
  }
}

/** Internet-facing Services and Ingresses, and the workloads they select. */
export function addExposure(state: BuildState): void {
  addServiceExposure(state);
  addIngressExposure(state);
}
