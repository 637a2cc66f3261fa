import { describe, expect, it } from 'vitest';
import { createContext } from '../core/engine.js';
import { DEFAULT_SETTINGS, FIXED_NOW, inventoryFromYaml } from '../../test/helpers/run-check.js';
import { ingressExposure, parseListenPorts, serviceExposure } from './exposure.js';

function service(annotations: Record<string, string>, spec = '') {
  const lines = Object.entries(annotations).map(([key, value]) => `    ${key}: ${JSON.stringify(value)}`);
  const yaml = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
${lines.length > 0 ? `  annotations:\n${lines.join('\n')}\n` : ''}spec:
  type: LoadBalancer
${spec}`;
  return inventoryFromYaml(yaml).kube[0]!;
}

const INTERNAL = 'service.beta.kubernetes.io/aws-load-balancer-internal';
const SCHEME = 'service.beta.kubernetes.io/aws-load-balancer-scheme';
const TYPE = 'service.beta.kubernetes.io/aws-load-balancer-type';

describe('Service exposure', () => {
  it('ignores Services that are not of type LoadBalancer', () => {
    const object = inventoryFromYaml('apiVersion: v1\nkind: Service\nmetadata: { name: a }\nspec: { type: NodePort }\n').kube[0]!;
    expect(serviceExposure(object)).toBeUndefined();
  });

  it('applies the in-tree provider: internet-facing unless the internal annotation is set to anything but false', () => {
    expect(serviceExposure(service({}))).toMatchObject({ controller: 'in-tree', scheme: 'internet-facing', openToEveryone: true });
    expect(serviceExposure(service({ [INTERNAL]: 'true' }))).toMatchObject({ controller: 'in-tree', scheme: 'internal' });
    expect(serviceExposure(service({ [INTERNAL]: '0.0.0.0/0' }))).toMatchObject({ scheme: 'internal' });
    expect(serviceExposure(service({ [INTERNAL]: 'false' }))).toMatchObject({ scheme: 'internet-facing' });
    expect(serviceExposure(service({ [INTERNAL]: '' }))).toMatchObject({ scheme: 'internet-facing' });
    // the in-tree provider does not read the controller's scheme annotation
    expect(serviceExposure(service({ [SCHEME]: 'internal' }))).toMatchObject({ controller: 'in-tree', scheme: 'internet-facing' });
    expect(serviceExposure(service({ [TYPE]: 'nlb' }))).toMatchObject({ controller: 'in-tree', scheme: 'internet-facing' });
  });

  it('applies the AWS Load Balancer Controller: internal unless the scheme says internet-facing', () => {
    expect(serviceExposure(service({ [TYPE]: 'external' }))).toMatchObject({ controller: 'aws-load-balancer-controller', scheme: 'internal' });
    expect(serviceExposure(service({ [TYPE]: 'nlb-ip' }))).toMatchObject({ controller: 'aws-load-balancer-controller', scheme: 'internal' });
    expect(serviceExposure(service({}, '  loadBalancerClass: service.k8s.aws/nlb\n'))).toMatchObject({ controller: 'aws-load-balancer-controller', scheme: 'internal' });
    expect(serviceExposure(service({ [TYPE]: 'external', [SCHEME]: 'internet-facing' }))).toMatchObject({ scheme: 'internet-facing' });
    // the scheme annotation wins over the deprecated internal annotation
    expect(serviceExposure(service({ [TYPE]: 'external', [SCHEME]: 'internet-facing', [INTERNAL]: 'true' }))).toMatchObject({ scheme: 'internet-facing' });
    expect(serviceExposure(service({ [TYPE]: 'external', [INTERNAL]: 'false' }))).toMatchObject({ scheme: 'internet-facing' });
    expect(serviceExposure(service({ [TYPE]: 'external', [INTERNAL]: 'F' }))).toMatchObject({ scheme: 'internet-facing' });
    expect(serviceExposure(service({ [TYPE]: 'external', [INTERNAL]: 'maybe' }))).toMatchObject({ scheme: 'internal' });
    expect(serviceExposure(service({ [TYPE]: 'external', [SCHEME]: 'public' }))?.schemeReason).toMatch(/creates no load balancer/);
  });

  it('applies EKS Auto Mode and leaves unknown classes undecided', () => {
    expect(serviceExposure(service({}, '  loadBalancerClass: eks.amazonaws.com/nlb\n'))).toMatchObject({ controller: 'eks-auto-mode', scheme: 'internal' });
    const other = serviceExposure(service({}, '  loadBalancerClass: example.com/metallb\n'));
    expect(other).toMatchObject({ controller: 'other', otherClass: 'example.com/metallb' });
    expect(other?.scheme).toBeUndefined();
  });

  it('reads source ranges from the spec first, then the annotation', () => {
    expect(serviceExposure(service({}, '  loadBalancerSourceRanges: [203.0.113.0/24]\n'))).toMatchObject({
      sourceRanges: ['203.0.113.0/24'],
      sourceRangesFrom: 'spec.loadBalancerSourceRanges',
      openToEveryone: false,
    });
    expect(serviceExposure(service({ 'service.beta.kubernetes.io/load-balancer-source-ranges': ' 10.0.0.0/8, 192.168.0.0/16 ' }))).toMatchObject({
      sourceRanges: ['10.0.0.0/8', '192.168.0.0/16'],
      sourceRangesFrom: 'annotation',
      openToEveryone: false,
    });
    expect(
      serviceExposure(service({ 'service.beta.kubernetes.io/load-balancer-source-ranges': '10.0.0.0/8' }, '  loadBalancerSourceRanges: [0.0.0.0/0]\n')),
    ).toMatchObject({ sourceRanges: ['0.0.0.0/0'], openToEveryone: true });
    expect(serviceExposure(service({}, '  loadBalancerSourceRanges: [10.0.0.0/8, "::/0"]\n'))).toMatchObject({ openToEveryone: true });
  });
});

function ingressContext(yaml: string) {
  const ctx = createContext({ inventory: inventoryFromYaml(yaml), settings: DEFAULT_SETTINGS, now: FIXED_NOW });
  const ingress = ctx.inventory.kube.find((object) => object.kind === 'Ingress')!;
  return ingressExposure(ingress, ctx);
}

function ingress(annotations: Record<string, string>, spec = '  ingressClassName: alb\n') {
  const lines = Object.entries(annotations).map(([key, value]) => `    ${key}: ${JSON.stringify(value)}`);
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
${lines.length > 0 ? `  annotations:\n${lines.join('\n')}\n` : ''}spec:
${spec}`;
}

/** An ALB IngressClass whose IngressClassParams carry `spec`, followed by a document separator. */
function albClassWithParams(className: string, paramsName: string, spec: string): string {
  return `apiVersion: elbv2.k8s.aws/v1beta1
kind: IngressClassParams
metadata: { name: ${paramsName} }
spec: ${spec}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: { name: ${className} }
spec:
  controller: ingress.k8s.aws/alb
  parameters: { apiGroup: elbv2.k8s.aws, kind: IngressClassParams, name: ${paramsName} }
---
`;
}

describe('Ingress exposure', () => {
  it('recognises ALB Ingresses by class name, legacy annotation, IngressClass controller and default class', () => {
    expect(ingressContext(ingress({})).alb).toBe(true);
    expect(ingressContext(ingress({ 'kubernetes.io/ingress.class': 'alb' }, '  rules: []\n')).alb).toBe(true);
    expect(ingressContext(ingress({}, '  ingressClassName: nginx\n')).alb).toBe(false);
    expect(ingressContext(ingress({}, '  rules: []\n'))).toMatchObject({ alb: false, classReason: 'no ingress class' });
    const withClass = `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: { name: public }
spec: { controller: ingress.k8s.aws/alb }
---
${ingress({}, '  ingressClassName: public\n')}`;
    expect(ingressContext(withClass)).toMatchObject({ alb: true, classReason: 'IngressClass public (controller ingress.k8s.aws/alb)' });
    const notAlb = `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: { name: alb }
spec: { controller: k8s.io/ingress-nginx }
---
${ingress({})}`;
    expect(ingressContext(notAlb).alb).toBe(false);
    const byDefault = `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: { name: auto, annotations: { ingressclass.kubernetes.io/is-default-class: "true" } }
spec: { controller: eks.amazonaws.com/alb }
---
${ingress({}, '  rules: []\n')}`;
    expect(ingressContext(byDefault).alb).toBe(true);
  });

  it('defaults to an internal ALB with one HTTP:80 listener, or HTTPS:443 when a certificate is set', () => {
    expect(ingressContext(ingress({}))).toMatchObject({ scheme: 'internal', listeners: [{ protocol: 'HTTP', port: 80 }], sslRedirect: false });
    expect(ingressContext(ingress({ 'alb.ingress.kubernetes.io/certificate-arn': 'arn:aws:acm:eu-west-1:1:certificate/x' }))).toMatchObject({
      listeners: [{ protocol: 'HTTPS', port: 443 }],
    });
    // spec.tls alone adds no HTTPS listener to an ALB
    expect(ingressContext(ingress({}, '  ingressClassName: alb\n  tls: [{ hosts: [a.example.com] }]\n'))).toMatchObject({
      hasTls: true,
      listeners: [{ protocol: 'HTTP', port: 80 }],
    });
  });

  it('reads listen-ports, ssl-redirect, inbound-cidrs and security-groups', () => {
    const exposure = ingressContext(
      ingress({
        'alb.ingress.kubernetes.io/scheme': 'internet-facing',
        'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}, {"HTTPS": 443}]',
        'alb.ingress.kubernetes.io/ssl-redirect': '443',
        'alb.ingress.kubernetes.io/inbound-cidrs': '10.0.0.0/8, 203.0.113.0/24',
        'alb.ingress.kubernetes.io/security-groups': 'sg-1',
      }),
    );
    expect(exposure).toMatchObject({
      scheme: 'internet-facing',
      listeners: [
        { protocol: 'HTTP', port: 80 },
        { protocol: 'HTTPS', port: 443 },
      ],
      sslRedirect: true,
      inboundCidrs: ['10.0.0.0/8', '203.0.113.0/24'],
      securityGroups: ['sg-1'],
    });
    // a redirect to a port that is not an HTTPS listener does not count
    expect(ingressContext(ingress({ 'alb.ingress.kubernetes.io/ssl-redirect': '443' })).sslRedirect).toBe(false);
    expect(ingressContext(ingress({ 'alb.ingress.kubernetes.io/listen-ports': 'not json' })).listeners).toBeUndefined();
  });

  it('lets IngressClassParams override the scheme and inbound CIDRs', () => {
    const yaml = `${albClassWithParams('public', 'public-params', '{ scheme: internet-facing, inboundCIDRs: [198.51.100.0/24] }')}${ingress({ 'alb.ingress.kubernetes.io/scheme': 'internal' }, '  ingressClassName: public\n')}`;
    expect(ingressContext(yaml)).toMatchObject({ scheme: 'internet-facing', inboundCidrs: ['198.51.100.0/24'] });
  });

  describe('IngressGroups', () => {
    const member = (name: string, namespace: string, annotations: Record<string, string>, spec = '  ingressClassName: alb\n') =>
      ingress(annotations, spec).replace('  name: web\n  namespace: shop\n', `  name: ${name}\n  namespace: ${namespace}\n`);
    const exposureOf = (yaml: string, name: string) => {
      const ctx = createContext({ inventory: inventoryFromYaml(yaml), settings: DEFAULT_SETTINGS, now: FIXED_NOW });
      return ingressExposure(ctx.inventory.kube.find((object) => object.kind === 'Ingress' && object.name === name)!, ctx);
    };
    const group = 'alb.ingress.kubernetes.io/group.name';
    const scheme = 'alb.ingress.kubernetes.io/scheme';

    it('give every member the scheme one member sets, across namespaces', () => {
      const yaml = [member('public', 'shop', { [group]: 'edge', [scheme]: 'internet-facing' }), member('admin', 'ops', { [group]: 'edge' })].join('---\n');
      expect(exposureOf(yaml, 'admin')).toMatchObject({
        scheme: 'internet-facing',
        schemeReason: 'Ingress shop/public: alb.ingress.kubernetes.io/scheme is internet-facing (IngressGroup edge shares one ALB)',
      });
      expect(exposureOf(yaml, 'public').schemeReason).toBe('alb.ingress.kubernetes.io/scheme is internet-facing (IngressGroup edge shares one ALB)');
    });

    it('keep Ingresses outside the group, and Ingresses without a group, apart', () => {
      const yaml = [
        member('public', 'shop', { [group]: 'edge', [scheme]: 'internet-facing' }),
        member('other', 'shop', { [group]: 'back-office' }),
        member('alone', 'shop', {}),
        member('nginx', 'shop', { [group]: 'edge' }, '  ingressClassName: nginx\n'),
      ].join('---\n');
      expect(exposureOf(yaml, 'other')).toMatchObject({ scheme: 'internal', schemeReason: 'no alb.ingress.kubernetes.io/scheme: the default is internal' });
      expect(exposureOf(yaml, 'alone').scheme).toBe('internal');
      expect(exposureOf(yaml, 'nginx').alb).toBe(false);
    });

    it('count a group whose members set different schemes as internet-facing', () => {
      const yaml = [member('a', 'shop', { [group]: 'edge', [scheme]: 'internal' }), member('b', 'shop', { [group]: 'edge', [scheme]: 'internet-facing' })].join('---\n');
      expect(exposureOf(yaml, 'a')).toMatchObject({
        scheme: 'internet-facing',
        schemeReason:
          'IngressGroup edge sets conflicting schemes (Ingress shop/a internal, Ingress shop/b internet-facing): the controller stops updating its ALB, which keeps the scheme it has',
      });
    });

    it('apply one member\'s ssl-redirect and a shared port\'s inbound CIDRs to the others', () => {
      const ports = 'alb.ingress.kubernetes.io/listen-ports';
      const yaml = [
        member('secure', 'shop', { [group]: 'edge', [ports]: '[{"HTTP": 80}, {"HTTPS": 443}]', 'alb.ingress.kubernetes.io/ssl-redirect': '443', 'alb.ingress.kubernetes.io/inbound-cidrs': '198.51.100.0/24' }),
        member('plain', 'shop', { [group]: 'edge' }),
        member('other-port', 'shop', { [group]: 'edge', [ports]: '[{"HTTP": 8080}]' }),
      ].join('---\n');
      expect(exposureOf(yaml, 'plain')).toMatchObject({ listeners: [{ protocol: 'HTTP', port: 80 }], sslRedirect: true, inboundCidrs: ['198.51.100.0/24'] });
      expect(exposureOf(yaml, 'other-port')).toMatchObject({ sslRedirect: true, inboundCidrs: [] });
      // outside the group nothing carries over
      const apart = yaml.replace(`name: plain\n  namespace: shop\n  annotations:\n    ${group}: "edge"`, `name: plain\n  namespace: shop\n  annotations:\n    ${group}: "other"`);
      expect(apart).not.toBe(yaml);
      expect(exposureOf(apart, 'plain')).toMatchObject({ sslRedirect: false, inboundCidrs: [] });
    });

    it('take the group from IngressClassParams before the annotation, and the named security groups from any member', () => {
      const yaml = `${albClassWithParams('shared', 'shared', '{ group: { name: edge }, scheme: internet-facing }')}${member('via-params', 'shop', { [group]: 'ignored', 'alb.ingress.kubernetes.io/security-groups': 'sg-1, sg-2' }, '  ingressClassName: shared\n')}---
${member('via-annotation', 'ops', { [group]: 'edge' })}`;
      expect(exposureOf(yaml, 'via-annotation')).toMatchObject({
        scheme: 'internet-facing',
        schemeReason: 'Ingress shop/via-params: IngressClassParams shared sets scheme internet-facing (IngressGroup edge shares one ALB)',
        securityGroups: ['sg-1', 'sg-2'],
      });
    });
  });

  it('parses listen-ports strictly', () => {
    expect(parseListenPorts('[{"HTTPS": 8443}]')).toEqual([{ protocol: 'HTTPS', port: 8443 }]);
    expect(parseListenPorts('[{"HTTP": 80, "HTTPS": 443}]')).toEqual([
      { protocol: 'HTTP', port: 80 },
      { protocol: 'HTTPS', port: 443 },
    ]);
    expect(parseListenPorts('[{"TCP": 80}]')).toBeUndefined();
    expect(parseListenPorts('[{"HTTP": "80"}]')).toBeUndefined();
    expect(parseListenPorts('{"HTTP": 80}')).toBeUndefined();
    expect(parseListenPorts('[1]')).toBeUndefined();
  });
});
