import type { CheckContext } from '../core/check.js';
import type { KubeObject } from '../core/inventory.js';
import { isEverywhereCidr } from './cidr.js';
import { asRecord, record, records, str, stringMap, strings } from './fields.js';
import { objectsOf } from './targets.js';

/**
 * Whether AWS load balancers that Kubernetes objects create face the
 * internet, by the rules of the controller that reconciles each object:
 *
 * Services of type LoadBalancer
 * - the legacy in-tree AWS cloud provider handles Services without
 *   `spec.loadBalancerClass` whose `aws-load-balancer-type` is not `external`
 *   or `nlb-ip`; it makes internet-facing load balancers unless
 *   `service.beta.kubernetes.io/aws-load-balancer-internal` is set to anything
 *   but `false` (its code treats every other non-empty value as internal);
 * - the AWS Load Balancer Controller handles `loadBalancerClass:
 *   service.k8s.aws/nlb` and, without a class, `aws-load-balancer-type:
 *   external` or `nlb-ip`. Its NLBs are internal unless
 *   `aws-load-balancer-scheme: internet-facing`; the older
 *   `aws-load-balancer-internal: "false"` also makes them internet-facing;
 * - EKS Auto Mode (`loadBalancerClass: eks.amazonaws.com/nlb`) reads the same
 *   scheme annotation with the same internal default.
 * - Source ranges: `spec.loadBalancerSourceRanges`, else the
 *   `service.beta.kubernetes.io/load-balancer-source-ranges` annotation
 *   (Kubernetes' own precedence); none means 0.0.0.0/0.
 *
 * Ingresses served by an ALB (IngressClass controller `ingress.k8s.aws/alb`
 * or `eks.amazonaws.com/alb`, class name `alb`, or annotation
 * `kubernetes.io/ingress.class: alb`)
 * - `alb.ingress.kubernetes.io/scheme` defaults to internal; IngressClassParams
 *   `spec.scheme` overrides the annotation;
 * - `listen-ports` defaults to HTTP:80, or HTTPS:443 only when
 *   `certificate-arn` is set (spec.tls alone does not add an HTTPS listener);
 *   `ssl-redirect` turns every HTTP listener into a redirect;
 * - `inbound-cidrs` defaults to 0.0.0.0/0 (and ::/0 for dualstack) and is
 *   ignored when `alb.ingress.kubernetes.io/security-groups` names the groups;
 * - Ingresses of one IngressGroup (`alb.ingress.kubernetes.io/group.name`, or
 *   IngressClassParams `spec.group.name`, which wins; groups span namespaces)
 *   share one ALB, its scheme and its named security groups: the value any
 *   member sets applies to all;
 * - a listener port of that ALB admits the inbound CIDRs any member using the
 *   port names, and `ssl-redirect` (from any member) applies to all of them.
 *
 * Known limits: an existing NLB keeps its scheme when the LBC's scheme
 * annotation is absent; a group whose members conflict on a setting other than
 * the scheme is read as if the first value held (the controller stops updating
 * such a group); the LBC's Service mutating webhook may add
 * `loadBalancerClass` to new Services. None of these is visible in the objects,
 * so they are not modelled.
 */

export type LoadBalancerController = 'in-tree' | 'aws-load-balancer-controller' | 'eks-auto-mode' | 'other';
export type Scheme = 'internet-facing' | 'internal';

export interface ServiceExposure {
  readonly controller: LoadBalancerController;
  /** the class name when another controller handles the Service */
  readonly otherClass?: string;
  /** undefined when the controller is unknown to eksguard */
  readonly scheme?: Scheme;
  /** why the scheme is what it is, for messages */
  readonly schemeReason: string;
  /** source CIDRs allowed to reach the load balancer; empty means unrestricted */
  readonly sourceRanges: readonly string[];
  readonly sourceRangesFrom?: 'spec.loadBalancerSourceRanges' | 'annotation';
  /** true when no range is set or one of them is 0.0.0.0/0 or ::/0 */
  readonly openToEveryone: boolean;
}

const SVC = 'service.beta.kubernetes.io/';
export const SERVICE_ANNOTATIONS = {
  internal: `${SVC}aws-load-balancer-internal`,
  scheme: `${SVC}aws-load-balancer-scheme`,
  type: `${SVC}aws-load-balancer-type`,
  sourceRanges: `${SVC}load-balancer-source-ranges`,
} as const;

const LBC_SERVICE_CLASS = 'service.k8s.aws/nlb';
const AUTO_MODE_SERVICE_CLASS = 'eks.amazonaws.com/nlb';

function annotationsOf(object: KubeObject): Record<string, string> {
  return stringMap(record(object.raw['metadata'])['annotations']);
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Go's strconv.ParseBool, which the AWS Load Balancer Controller uses for boolean annotations. */
function parseGoBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

function serviceController(spec: Record<string, unknown>, annotations: Record<string, string>): { controller: LoadBalancerController; otherClass?: string } {
  const loadBalancerClass = str(spec['loadBalancerClass']);
  if (loadBalancerClass === LBC_SERVICE_CLASS) return { controller: 'aws-load-balancer-controller' };
  if (loadBalancerClass === AUTO_MODE_SERVICE_CLASS) return { controller: 'eks-auto-mode' };
  if (loadBalancerClass) return { controller: 'other', otherClass: loadBalancerClass };
  const type = annotations[SERVICE_ANNOTATIONS.type];
  if (type === 'external' || type === 'nlb-ip') return { controller: 'aws-load-balancer-controller' };
  return { controller: 'in-tree' };
}

function lbcScheme(annotations: Record<string, string>): { scheme: Scheme; reason: string } {
  const scheme = annotations[SERVICE_ANNOTATIONS.scheme];
  if (scheme === 'internet-facing') return { scheme, reason: `${SERVICE_ANNOTATIONS.scheme} is internet-facing` };
  if (scheme === 'internal') return { scheme, reason: `${SERVICE_ANNOTATIONS.scheme} is internal` };
  if (scheme !== undefined) {
    // The controller refuses to reconcile an unknown scheme, so no load balancer is made.
    return { scheme: 'internal', reason: `${SERVICE_ANNOTATIONS.scheme} "${scheme}" is not a scheme the controller accepts; it creates no load balancer` };
  }
  const internal = annotations[SERVICE_ANNOTATIONS.internal];
  const parsed = internal === undefined ? undefined : parseGoBool(internal);
  if (parsed === false) return { scheme: 'internet-facing', reason: `${SERVICE_ANNOTATIONS.internal} is "${internal}"` };
  if (parsed === true) return { scheme: 'internal', reason: `${SERVICE_ANNOTATIONS.internal} is "${internal}"` };
  return { scheme: 'internal', reason: `no ${SERVICE_ANNOTATIONS.scheme} annotation: the controller's default is internal` };
}

function inTreeScheme(annotations: Record<string, string>): { scheme: Scheme; reason: string } {
  const internal = annotations[SERVICE_ANNOTATIONS.internal];
  if (internal === undefined || internal === '' || internal === 'false') {
    return { scheme: 'internet-facing', reason: internal === undefined ? `no ${SERVICE_ANNOTATIONS.internal} annotation` : `${SERVICE_ANNOTATIONS.internal} is "${internal}"` };
  }
  return { scheme: 'internal', reason: `${SERVICE_ANNOTATIONS.internal} is "${internal}"` };
}

/** How a Service of type LoadBalancer is exposed; undefined for other Service types. */
export function serviceExposure(service: KubeObject): ServiceExposure | undefined {
  const spec = record(service.raw['spec']);
  if (str(spec['type']) !== 'LoadBalancer') return undefined;
  const annotations = annotationsOf(service);
  const { controller, otherClass } = serviceController(spec, annotations);
  const specRanges = strings(spec['loadBalancerSourceRanges']).map((r) => r.trim()).filter((r) => r !== '');
  const annotationRanges = splitList(annotations[SERVICE_ANNOTATIONS.sourceRanges] ?? '');
  const sourceRanges = specRanges.length > 0 ? specRanges : annotationRanges;
  const sourceRangesFrom = specRanges.length > 0 ? ('spec.loadBalancerSourceRanges' as const) : annotationRanges.length > 0 ? ('annotation' as const) : undefined;
  const openToEveryone = sourceRanges.length === 0 || sourceRanges.some(isEverywhereCidr);
  const base = { sourceRanges, ...(sourceRangesFrom ? { sourceRangesFrom } : {}), openToEveryone };
  if (controller === 'other') {
    return { controller, ...(otherClass ? { otherClass } : {}), schemeReason: `loadBalancerClass ${otherClass} is handled by a controller eksguard does not model`, ...base };
  }
  const { scheme, reason } = controller === 'in-tree' ? inTreeScheme(annotations) : lbcScheme(annotations);
  return { controller, scheme, schemeReason: reason, ...base };
}

const ALB = 'alb.ingress.kubernetes.io/';
export const INGRESS_ANNOTATIONS = {
  scheme: `${ALB}scheme`,
  listenPorts: `${ALB}listen-ports`,
  sslRedirect: `${ALB}ssl-redirect`,
  inboundCidrs: `${ALB}inbound-cidrs`,
  securityGroups: `${ALB}security-groups`,
  certificateArn: `${ALB}certificate-arn`,
  ipAddressType: `${ALB}ip-address-type`,
  groupName: `${ALB}group.name`,
  legacyClass: 'kubernetes.io/ingress.class',
  defaultClass: 'ingressclass.kubernetes.io/is-default-class',
} as const;

const ALB_CONTROLLERS: ReadonlySet<string> = new Set(['ingress.k8s.aws/alb', 'eks.amazonaws.com/alb']);

export interface Listener {
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly port: number;
}

export interface IngressExposure {
  /** true when an AWS ALB serves the Ingress */
  readonly alb: boolean;
  /** how the class was decided, for messages */
  readonly classReason: string;
  /** ALB only */
  readonly scheme?: Scheme;
  readonly schemeReason?: string;
  /** ALB only: listeners, or undefined when listen-ports cannot be read */
  readonly listeners?: readonly Listener[];
  readonly listenersReason?: string;
  /** ALB only: HTTP listeners redirect to HTTPS */
  readonly sslRedirect?: boolean;
  /** ALB only: the CIDRs allowed in, empty when the default (everyone) applies */
  readonly inboundCidrs?: readonly string[];
  /** ALB only: security groups named by annotation replace inbound-cidrs */
  readonly securityGroups?: readonly string[];
  /** spec.tls has at least one entry */
  readonly hasTls: boolean;
}

interface IngressClassInfo {
  readonly controller?: string;
  readonly isDefault: boolean;
  readonly params?: KubeObject;
}

type Memo = Pick<CheckContext, 'memo' | 'inventory'>;

function ingressClasses(ctx: Memo): { byName: ReadonlyMap<string, IngressClassInfo>; defaults: readonly IngressClassInfo[] } {
  return ctx.memo('k8s:ingressClasses', () => {
    const params = new Map(objectsOf('IngressClassParams', ctx).map((object) => [object.name, object]));
    const byName = new Map<string, IngressClassInfo>();
    const defaults: IngressClassInfo[] = [];
    for (const object of objectsOf('IngressClass', ctx)) {
      const spec = record(object.raw['spec']);
      const parameters = record(spec['parameters']);
      const paramsObject = str(parameters['kind']) === 'IngressClassParams' ? params.get(str(parameters['name']) ?? '') : undefined;
      const controller = str(spec['controller']);
      const info: IngressClassInfo = {
        ...(controller ? { controller } : {}),
        isDefault: annotationsOf(object)[INGRESS_ANNOTATIONS.defaultClass] === 'true',
        ...(paramsObject ? { params: paramsObject } : {}),
      };
      byName.set(object.name, info);
      if (info.isDefault) defaults.push(info);
    }
    return { byName, defaults };
  });
}

function resolveClass(ingress: KubeObject, ctx: Memo): { alb: boolean; reason: string; info?: IngressClassInfo } {
  const spec = record(ingress.raw['spec']);
  const annotations = annotationsOf(ingress);
  const classes = ingressClasses(ctx);
  const legacy = annotations[INGRESS_ANNOTATIONS.legacyClass];
  if (legacy !== undefined) return { alb: legacy === 'alb', reason: `${INGRESS_ANNOTATIONS.legacyClass}: ${legacy}` };
  const className = str(spec['ingressClassName']);
  if (className) {
    const info = classes.byName.get(className);
    if (info?.controller) return { alb: ALB_CONTROLLERS.has(info.controller), reason: `IngressClass ${className} (controller ${info.controller})`, info };
    return { alb: className === 'alb', reason: `ingressClassName ${className}` };
  }
  const fallback = classes.defaults[0];
  if (fallback?.controller) return { alb: ALB_CONTROLLERS.has(fallback.controller), reason: `the default IngressClass (controller ${fallback.controller})`, info: fallback };
  return { alb: false, reason: 'no ingress class' };
}

/** Parses `[{"HTTP": 80}, {"HTTPS": 443}]`; undefined when the JSON cannot be read (the controller then rejects the Ingress). */
export function parseListenPorts(text: string): Listener[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  const out: Listener[] = [];
  for (const item of parsed) {
    const entry = asRecord(item);
    if (!entry) return undefined;
    for (const [protocol, port] of Object.entries(entry)) {
      if ((protocol !== 'HTTP' && protocol !== 'HTTPS') || typeof port !== 'number') return undefined;
      out.push({ protocol, port });
    }
  }
  return out;
}

function isIngressApi(object: KubeObject): boolean {
  return object.apiVersion.startsWith('networking.k8s.io/') || object.apiVersion.startsWith('extensions/');
}

/** The explicit IngressGroup of an ALB Ingress: its IngressClassParams' `spec.group.name` wins over the annotation. */
function explicitGroup(ingress: KubeObject, info: IngressClassInfo | undefined): string | undefined {
  const fromParams = info?.params ? str(record(record(info.params.raw['spec'])['group'])['name']) : undefined;
  const name = fromParams ?? annotationsOf(ingress)[INGRESS_ANNOTATIONS.groupName];
  return name ? name : undefined;
}

interface GroupMember {
  readonly ingress: KubeObject;
  readonly params?: KubeObject;
}

/** What the Ingresses of one IngressGroup set for their shared ALB, read once per group. */
interface GroupView {
  readonly name: string | undefined;
  readonly size: number;
  /** explicit schemes, in inventory order */
  readonly said: readonly { ingress: KubeObject; value: string; by: string }[];
  readonly schemes: readonly string[];
  /** the security groups the first member naming any names */
  readonly securityGroups: readonly string[];
  readonly redirectPort?: number;
  readonly httpsPorts: ReadonlySet<number>;
  /** per listener port, the CIDRs the first member using the port and naming any names */
  readonly cidrsByPort: ReadonlyMap<number, readonly string[]>;
}

function groupView(name: string | undefined, members: readonly GroupMember[]): GroupView {
  const said: { ingress: KubeObject; value: string; by: string }[] = [];
  let securityGroups: string[] = [];
  let redirectPort: number | undefined;
  const httpsPorts = new Set<number>();
  const cidrsByPort = new Map<number, string[]>();
  for (const member of members) {
    const scheme = explicitScheme(member);
    if (scheme) said.push({ ingress: member.ingress, ...scheme });
    if (securityGroups.length === 0) securityGroups = splitList(annotationsOf(member.ingress)[INGRESS_ANNOTATIONS.securityGroups] ?? '');
    redirectPort ??= ownRedirectPort(member.ingress);
    const listeners = ownListeners(member.ingress).listeners ?? [];
    const cidrs = ownInboundCidrs(member);
    for (const listener of listeners) {
      if (listener.protocol === 'HTTPS') httpsPorts.add(listener.port);
      if (cidrs.length > 0 && !cidrsByPort.has(listener.port)) cidrsByPort.set(listener.port, cidrs);
    }
  }
  return {
    name,
    size: members.length,
    said,
    schemes: [...new Set(said.map((entry) => entry.value))],
    securityGroups,
    ...(redirectPort !== undefined ? { redirectPort } : {}),
    httpsPorts,
    cidrsByPort,
  };
}

/** The view of each explicit IngressGroup (cluster-wide: a group spans namespaces), its members in inventory order. */
function albGroups(ctx: Memo): ReadonlyMap<string, GroupView> {
  return ctx.memo('k8s:albIngressGroups', () => {
    const groups = new Map<string, GroupMember[]>();
    for (const ingress of objectsOf('Ingress', ctx)) {
      if (!isIngressApi(ingress)) continue;
      const { alb, info } = resolveClass(ingress, ctx);
      const group = alb ? explicitGroup(ingress, info) : undefined;
      if (group === undefined) continue;
      const member: GroupMember = { ingress, ...(info?.params ? { params: info.params } : {}) };
      const members = groups.get(group);
      if (members) members.push(member);
      else groups.set(group, [member]);
    }
    return new Map([...groups].map(([name, members]) => [name, groupView(name, members)]));
  });
}

function describeIngress(ingress: KubeObject): string {
  return `Ingress ${ingress.namespace ? `${ingress.namespace}/` : ''}${ingress.name}`;
}

/** A member's own say on the scheme: IngressClassParams `spec.scheme`, else the annotation. */
function explicitScheme(member: GroupMember): { value: string; by: string } | undefined {
  const paramsScheme = member.params ? str(record(member.params.raw['spec'])['scheme']) : undefined;
  if (paramsScheme === 'internet-facing' || paramsScheme === 'internal') return { value: paramsScheme, by: `IngressClassParams ${member.params!.name} sets scheme ${paramsScheme}` };
  const annotation = annotationsOf(member.ingress)[INGRESS_ANNOTATIONS.scheme];
  return annotation === undefined ? undefined : { value: annotation, by: `${INGRESS_ANNOTATIONS.scheme} is ${annotation}` };
}

const SAYERS_SHOWN = 5;

/**
 * The scheme of the ALB serving an Ingress. The Ingresses of one IngressGroup share one ALB and
 * its scheme: the one scheme any of them sets explicitly, internal when none does; the controller
 * refuses to reconcile a group whose members set different schemes, and the ALB then keeps the
 * scheme it has, which eksguard cannot see, so such a group counts as internet-facing if any
 * member asks for it.
 */
function albScheme(self: KubeObject, group: GroupView): { scheme: Scheme; reason: string } {
  const inGroup = group.name !== undefined && group.size > 1 ? ` (IngressGroup ${group.name} shares one ALB)` : '';
  if (group.schemes.length === 0) {
    return { scheme: 'internal', reason: inGroup ? `no Ingress of IngressGroup ${group.name} sets ${INGRESS_ANNOTATIONS.scheme}: the default is internal` : `no ${INGRESS_ANNOTATIONS.scheme}: the default is internal` };
  }
  if (group.schemes.length > 1) {
    const shown = group.said.slice(0, SAYERS_SHOWN).map((entry) => `${describeIngress(entry.ingress)} ${entry.value}`);
    const more = group.said.length > SAYERS_SHOWN ? ` and ${group.said.length - SAYERS_SHOWN} more` : '';
    const scheme: Scheme = group.schemes.includes('internet-facing') ? 'internet-facing' : 'internal';
    return { scheme, reason: `IngressGroup ${group.name} sets conflicting schemes (${shown.join(', ')}${more}): the controller stops updating its ALB, which keeps the scheme it has` };
  }
  const deciding = group.said.find((entry) => entry.ingress === self) ?? group.said[0]!;
  const scheme: Scheme = group.schemes[0] === 'internet-facing' ? 'internet-facing' : 'internal';
  const by = deciding.ingress === self ? deciding.by : `${describeIngress(deciding.ingress)}: ${deciding.by}`;
  return { scheme, reason: `${by}${inGroup}` };
}

/** An ALB Ingress's own listeners: listen-ports, else HTTP:80, or HTTPS:443 with a certificate; undefined when listen-ports cannot be read. */
function ownListeners(ingress: KubeObject): { listeners: Listener[] | undefined; reason: string } {
  const annotations = annotationsOf(ingress);
  const rawPorts = annotations[INGRESS_ANNOTATIONS.listenPorts];
  if (rawPorts !== undefined) return { listeners: parseListenPorts(rawPorts), reason: `${INGRESS_ANNOTATIONS.listenPorts} is ${rawPorts}` };
  if ((annotations[INGRESS_ANNOTATIONS.certificateArn] ?? '').trim() !== '') {
    return { listeners: [{ protocol: 'HTTPS', port: 443 }], reason: `without ${INGRESS_ANNOTATIONS.listenPorts} the listener is HTTPS:443, because ${INGRESS_ANNOTATIONS.certificateArn} is set` };
  }
  return { listeners: [{ protocol: 'HTTP', port: 80 }], reason: `without ${INGRESS_ANNOTATIONS.listenPorts} or ${INGRESS_ANNOTATIONS.certificateArn} the only listener is HTTP:80` };
}

/** CIDRs a member names for its listeners: its IngressClassParams' inboundCIDRs, else the annotation. */
function ownInboundCidrs(member: GroupMember): string[] {
  const fromParams = member.params ? strings(record(member.params.raw['spec'])['inboundCIDRs']) : [];
  return fromParams.length > 0 ? fromParams : splitList(annotationsOf(member.ingress)[INGRESS_ANNOTATIONS.inboundCidrs] ?? '');
}

function ownRedirectPort(ingress: KubeObject): number | undefined {
  const redirect = annotationsOf(ingress)[INGRESS_ANNOTATIONS.sslRedirect]?.trim();
  return redirect !== undefined && /^\d+$/.test(redirect) ? Number(redirect) : undefined;
}

/**
 * The explicit IngressGroup of an Ingress an ALB serves, or undefined. The members of a group
 * share one ALB, so judging one member needs the others (the webhook, which sees one, uses it
 * to know when it cannot judge alone).
 */
export function albIngressGroup(ingress: KubeObject, ctx: Memo): string | undefined {
  const { alb, info } = resolveClass(ingress, ctx);
  return alb ? explicitGroup(ingress, info) : undefined;
}

/** How an Ingress is exposed; ALB details only when an AWS ALB serves it. */
export function ingressExposure(ingress: KubeObject, ctx: Memo): IngressExposure {
  const spec = record(ingress.raw['spec']);
  const hasTls = records(spec['tls']).length > 0;
  const { alb, reason: classReason, info } = resolveClass(ingress, ctx);
  if (!alb) return { alb, classReason, hasTls };
  const self: GroupMember = { ingress, ...(info?.params ? { params: info.params } : {}) };
  const name = explicitGroup(ingress, info);
  const group = (name !== undefined ? albGroups(ctx).get(name) : undefined) ?? groupView(undefined, [self]);
  const { scheme, reason: schemeReason } = albScheme(ingress, group);
  const { listeners, reason: listenersReason } = ownListeners(ingress);
  const own = listeners ?? [];
  const ownSecurityGroups = splitList(annotationsOf(ingress)[INGRESS_ANNOTATIONS.securityGroups] ?? '');
  const ownCidrs = ownInboundCidrs(self);
  // a listener port of the group's ALB admits the CIDRs any member using it names; everyone when none does
  const inboundCidrs = ownCidrs.length > 0 ? ownCidrs : (own.map((listener) => group.cidrsByPort.get(listener.port)).find((cidrs) => cidrs !== undefined) ?? []);
  // ssl-redirect applies to the whole ALB; its target must be an HTTPS listener of the group, or the controller rejects it
  const redirectPort = ownRedirectPort(ingress) ?? group.redirectPort;
  const sslRedirect = redirectPort !== undefined && (group.httpsPorts.has(redirectPort) || own.some((listener) => listener.protocol === 'HTTPS' && listener.port === redirectPort));
  return {
    alb,
    classReason,
    scheme,
    schemeReason,
    ...(listeners ? { listeners } : {}),
    listenersReason,
    sslRedirect,
    inboundCidrs: [...inboundCidrs],
    securityGroups: ownSecurityGroups.length > 0 ? ownSecurityGroups : [...group.securityGroups],
    hasTls,
  };
}
