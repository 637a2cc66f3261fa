import { describe, expect, it } from 'vitest';
import { allChecks } from '../checks/index.js';
import { FIXED_NOW } from '../../test/helpers/run-check.js';
import { admissionReview, compliantDeployment, privilegedPod } from '../../test/webhook/reviews.js';
import { admissionChecks } from './admission-checks.js';
import { defaultWebhookConfig, parseWebhookConfig, type WebhookConfigInput } from './config.js';
import { reviewAdmission, type AdmissionDeps, type Outcome } from './evaluate.js';
import { defaultPolicy, policyFromLabels } from './policy.js';
import { parseAdmissionReview } from './review.js';

const known = new Set(allChecks.map((check) => check.id));
const checks = admissionChecks(allChecks);

function deps(config: WebhookConfigInput = {}, labels: Record<string, Record<string, string>> = {}): AdmissionDeps & { lookups: string[] } {
  const parsed = parseWebhookConfig(config, known);
  const lookups: string[] = [];
  return {
    config: parsed,
    checks,
    now: () => FIXED_NOW,
    lookups,
    namespacePolicy: async (namespace) => {
      lookups.push(namespace);
      const found = labels[namespace];
      return found ? policyFromLabels(found, parsed.defaults) : defaultPolicy(parsed.defaults, 'lookup-failed');
    },
  };
}

async function review(body: Record<string, any>, d = deps()): Promise<Outcome> {
  const parsed = parseAdmissionReview(body);
  if (!parsed.ok) throw new Error(parsed.problem.message);
  return reviewAdmission(parsed.request, d);
}

const enforcing = { shop: { 'eksguard.io/enforce': 'high', 'eksguard.io/warn': 'medium' } };

describe('reviewAdmission', () => {
  it('denies a privileged Pod in an enforcing namespace with the check, path and fix', async () => {
    const outcome = await review(admissionReview(privilegedPod()), deps({}, enforcing));
    expect(outcome.response.allowed).toBe(false);
    expect(outcome.response.status?.code).toBe(403);
    expect(outcome.response.status?.message).toMatch(/^eksguard: Pod shop\/node-debugger fails 1 check at or above high \(enforce\):\n- PSS-privileged \[critical\] at spec.containers\[0\].securityContext.privileged: .*Fix: /);
    expect(outcome.response.warnings?.some((w) => w.includes('PSS-runAsNonRoot [medium]'))).toBe(true);
    expect(outcome.response.uid).toBe('705ab4f5-6393-11e8-b7cc-42010a800002');
  });

  it('admits a compliant Deployment with no warnings', async () => {
    const outcome = await review(admissionReview(compliantDeployment()), deps({ defaults: { warn: 'info' } }, { shop: { 'eksguard.io/enforce': 'info' } }));
    expect(outcome.response).toEqual({ uid: expect.any(String), allowed: true });
  });

  it('denies a Service with externalIPs (K8S-NET-010, CVE-2020-8554) where medium is enforced', async () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'mitm', namespace: 'shop' }, spec: { ports: [{ port: 443 }], externalIPs: ['10.0.12.7'] } };
    const outcome = await review(admissionReview(service), deps({}, { shop: { 'eksguard.io/enforce': 'medium' } }));
    expect(outcome.response.allowed).toBe(false);
    expect(outcome.response.status?.message).toMatch(/- K8S-NET-010 \[medium\] at spec\.externalIPs: the Service sets externalIPs 10\.0\.12\.7: /);
  });

  it('denies a privileged Argo Rollout, which runs its pod template as a Deployment does', async () => {
    const rollout = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'canary', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'canary' } }, template: { metadata: { labels: { app: 'canary' } }, spec: { containers: [{ name: 'app', image: 'registry.example/app:1', securityContext: { privileged: true } }] } } },
    };
    const outcome = await review(admissionReview(rollout), deps({}, enforcing));
    expect(outcome.response.allowed).toBe(false);
    expect(outcome.response.status?.message).toMatch(/- PSS-privileged \[critical\] at spec\.template\.spec\.containers\[0\]\.securityContext\.privileged/);
  });

  it('judges Cilium and Calico policies by their own rules (K8S-NET-008), as a NetworkPolicy is', async () => {
    const low = { shop: { 'eksguard.io/enforce': 'low' } };
    const policies = [
      { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'open', namespace: 'shop' }, spec: { endpointSelector: {}, ingress: [{ fromEntities: ['world'] }] } },
      { apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name: 'open' }, spec: { endpointSelector: {}, ingress: [{ fromEntities: ['all'] }] } },
      { apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name: 'open' }, spec: { selector: 'all()', ingress: [{ action: 'Allow' }] } },
      { apiVersion: 'crd.projectcalico.org/v1', kind: 'NetworkPolicy', metadata: { name: 'open', namespace: 'shop' }, spec: { selector: 'all()', ingress: [{ action: 'Allow' }] } },
    ];
    for (const policy of policies) {
      const outcome = await review(admissionReview(policy), deps({ defaults: { enforce: 'low' } }, low));
      expect(outcome.response.allowed, policy.kind).toBe(false);
      expect(outcome.response.status?.message, policy.kind).toMatch(/- K8S-NET-008 \[low\]/);
    }
    const closed = { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'closed', namespace: 'shop' }, spec: { endpointSelector: {}, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'web' } }] }] } };
    expect((await review(admissionReview(closed), deps({}, low))).response.allowed).toBe(true);
  });

  it('denies an image from outside config registries: (K8S-WL-012), admits one from inside, and skips the check without a list', async () => {
    const pod = (image: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop' }, spec: { containers: [{ name: 'web', image }] } });
    const registries = { registries: ['111122223333.dkr.ecr.eu-west-1.amazonaws.com', 'docker.io/library'] };
    const denied = await review(admissionReview(pod('ghcr.io/someone/miner:1')), deps(registries, enforcing));
    expect(denied.response.allowed).toBe(false);
    expect(denied.response.status?.message).toContain('- K8S-WL-012 [high] at spec.containers[0].image: container "web" uses image "ghcr.io/someone/miner:1" (ghcr.io/someone/miner), from no approved registry');
    const admitted = await review(admissionReview(pod('111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/web:2')), deps(registries, enforcing));
    expect(admitted.response.status?.message ?? '').not.toContain('K8S-WL-012');
    const unlisted = await review(admissionReview(pod('ghcr.io/someone/miner:1')), deps({}, enforcing));
    expect(unlisted.response.status?.message ?? '').not.toContain('K8S-WL-012');
    expect(() => parseWebhookConfig({ registries: ['https://ghcr.io'] }, known)).toThrow(/registries\[0\].*has a scheme/);
  });

  it('evaluates dry-run requests like any other', async () => {
    const outcome = await review(admissionReview(privilegedPod(), { dryRun: true }), deps({}, enforcing));
    expect(outcome.response.allowed).toBe(false);
  });

  it('does not let an object exempt itself with an ignore annotation, and says so', async () => {
    for (const reason of ['', 'node debugging, ticket OPS-12']) {
      const pod = privilegedPod();
      (pod['metadata'] as Record<string, unknown>)['annotations'] = { 'eksguard.io/ignore.PSS-privileged': reason };
      const outcome = await review(admissionReview(pod), deps({}, enforcing));
      expect(outcome.response.allowed).toBe(false);
      expect(outcome.response.status?.message).toContain('PSS-privileged [critical]');
      expect(outcome.response.warnings).toContain(
        'eksguard: eksguard.io/ignore.PSS-privileged is not honoured: object annotations do not suppress checks at admission here (annotationSuppressions in the webhook config)',
      );
      if (outcome.kind !== 'evaluated') throw new Error('not evaluated');
      expect(outcome.suppressed).toEqual({});
      expect(outcome.ignoredAnnotations).toEqual(['PSS-privileged']);
    }
  });

  describe('when the config allows annotation suppressions', () => {
    const allowing = { annotationSuppressions: { allow: true, usernames: ['system:serviceaccount:ci:deployer'], groups: ['platform'], namespaces: ['shop'] } };
    const annotated = (reason: string, extra: Record<string, string> = {}) => {
      const pod = privilegedPod();
      (pod['metadata'] as Record<string, unknown>)['annotations'] = { 'eksguard.io/ignore.PSS-privileged': reason, ...extra };
      return pod;
    };

    it('honours an annotation with a reason from a listed user or group in a listed namespace', async () => {
      for (const who of [{ username: 'system:serviceaccount:ci:deployer' }, { username: 'carol', groups: ['platform'] }]) {
        const outcome = await review(admissionReview(annotated('node debugging, ticket OPS-12'), who), deps(allowing, enforcing));
        expect(outcome.response.allowed).toBe(true);
        if (outcome.kind !== 'evaluated') throw new Error('not evaluated');
        expect(outcome.suppressed).toEqual({ 'PSS-privileged': 'annotation' });
      }
    });

    it('ignores it from anyone else, in any other namespace, or without a reason', async () => {
      const elsewhere = { ...enforcing, other: enforcing.shop };
      const cases: [Record<string, unknown>, Parameters<typeof admissionReview>[1]][] = [
        [annotated('ticket OPS-12'), { username: 'mallory', groups: ['devs'] }],
        [{ ...annotated('ticket OPS-12'), metadata: { name: 'p', namespace: 'other', annotations: { 'eksguard.io/ignore.PSS-privileged': 'ticket OPS-12' } } }, { username: 'system:serviceaccount:ci:deployer' }],
        [annotated('   '), { username: 'system:serviceaccount:ci:deployer' }],
      ];
      for (const [pod, who] of cases) {
        const outcome = await review(admissionReview(pod, who), deps(allowing, elsewhere));
        expect(outcome.response.allowed, JSON.stringify(who)).toBe(false);
      }
    });

    it('still fails an expired annotation and says so', async () => {
      const pod = annotated('temporary', { 'eksguard.io/ignore-expires.PSS-privileged': '2020-01-01' });
      const outcome = await review(admissionReview(pod, { username: 'system:serviceaccount:ci:deployer' }), deps(allowing, enforcing));
      expect(outcome.response.status?.message).toContain('PSS-privileged [critical] (suppression expired)');
    });
  });

  it('applies config suppressions and check overrides through the engine', async () => {
    const suppressed = await review(admissionReview(privilegedPod()), deps({ suppressions: [{ check: 'PSS-*', resource: 'Pod/shop/*', reason: 'migration' }] }, enforcing));
    expect(suppressed.response.allowed).toBe(true);
    if (suppressed.kind !== 'evaluated') throw new Error('not evaluated');
    expect(suppressed.suppressed).toMatchObject({ 'PSS-privileged': 'suppression', 'PSS-runAsNonRoot': 'suppression' });
    const raised = await review(admissionReview(privilegedPod()), deps({ checks: { 'PSS-runAsNonRoot': { severity: 'critical' } } }, enforcing));
    expect(raised.response.status?.message).toContain('PSS-runAsNonRoot [critical]');
    const disabled = await review(admissionReview(privilegedPod()), deps({ checks: { 'PSS-privileged': { enabled: false } } }, enforcing));
    expect(disabled.response.allowed).toBe(true);
  });

  it('uses the PSS level of the config', async () => {
    const pod = privilegedPod();
    (pod['spec'] as any).containers[0].securityContext = {};
    const restricted = await review(admissionReview(pod), deps({}, { shop: { 'eksguard.io/enforce': 'medium' } }));
    expect(restricted.response.allowed).toBe(false);
    const baseline = await review(admissionReview(pod), deps({ pss: { level: 'baseline' }, checks: { 'K8S-WL-004': { enabled: false } } }, { shop: { 'eksguard.io/enforce': 'medium' } }));
    expect(baseline.response.allowed).toBe(true);
  });

  it('admits exempt namespaces, users and groups without looking up labels, and names what the exemption suppressed', async () => {
    const d = deps({
      defaults: { enforce: 'info' },
      exemptions: [
        { namespaces: ['ops'], reason: 'operators' },
        { usernames: ['root-bot'], reason: 'the bot' },
        { groups: ['break-glass'], reason: 'emergencies' },
      ],
    });
    for (const options of [{ namespace: 'ops' }, { username: 'root-bot' }, { groups: ['break-glass'] }]) {
      const outcome = await review(admissionReview(privilegedPod(options.namespace ?? 'shop'), options), d);
      expect(outcome.kind).toBe('exempt');
      expect(outcome.response.allowed).toBe(true);
      if (outcome.kind !== 'exempt') throw new Error('not exempt');
      expect(outcome.suppressed).toMatchObject({ 'PSS-privileged': 'exemption' });
    }
    expect(d.lookups).toEqual([]);
  });

  it('exempts a requester from the listed checks only, in the listed namespaces only', async () => {
    const config = { exemptions: [{ namespaces: ['shop'], groups: ['platform'], checks: ['PSS-privileged'], reason: 'node tooling' }] };
    const d = deps(config, { ...enforcing, other: enforcing.shop });
    const platform = await review(admissionReview(privilegedPod(), { groups: ['platform'] }), d);
    expect(platform.response.allowed).toBe(true);
    if (platform.kind !== 'evaluated') throw new Error('not evaluated');
    expect(platform.suppressed).toEqual({ 'PSS-privileged': 'exemption' });
    expect((await review(admissionReview(privilegedPod(), { groups: ['devs'] }), d)).response.allowed).toBe(false);
    expect((await review(admissionReview(privilegedPod('other'), { groups: ['platform'] }), d)).response.allowed).toBe(false);
  });

  it('falls back to the config defaults when labels are unknown', async () => {
    const outcome = await review(admissionReview(privilegedPod('elsewhere')), deps({ defaults: { enforce: 'critical' } }));
    expect(outcome.response.allowed).toBe(false);
    if (outcome.kind === 'evaluated') expect(outcome.policy.source).toBe('lookup-failed');
  });

  it('takes the namespace from the request when the object has none', async () => {
    const pod = privilegedPod();
    delete (pod['metadata'] as Record<string, unknown>)['namespace'];
    const d = deps({}, enforcing);
    const outcome = await review(admissionReview(pod, { namespace: 'shop' }), d);
    expect(d.lookups).toEqual(['shop']);
    expect(outcome.response.status?.message).toContain('Pod shop/node-debugger');
  });

  it('judges cluster-scoped objects by the cluster defaults', async () => {
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'everything' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] };
    const d = deps({ defaults: { enforce: 'high' } });
    const outcome = await review(admissionReview(role), d);
    expect(d.lookups).toEqual([]);
    if (outcome.kind !== 'evaluated') throw new Error('not evaluated');
    expect(outcome.policy.source).toBe('cluster-scoped');
  });

  it('does not judge DELETE, CONNECT or status updates', async () => {
    const d = deps({ defaults: { enforce: 'info' } });
    expect((await review(admissionReview(null, { operation: 'DELETE', oldObject: privilegedPod() }), d)).kind).toBe('not-evaluated');
    expect((await review(admissionReview(privilegedPod(), { operation: 'CONNECT' }), d)).kind).toBe('not-evaluated');
    expect((await review(admissionReview(privilegedPod(), { operation: 'UPDATE', subResource: 'status', oldObject: privilegedPod() }), d)).kind).toBe('not-evaluated');
  });

  it('judges the ephemeralcontainers subresource, which carries the whole Pod', async () => {
    const outcome = await review(admissionReview(privilegedPod(), { operation: 'UPDATE', subResource: 'ephemeralcontainers', oldObject: privilegedPod() }), deps({}, enforcing));
    expect(outcome.kind).toBe('evaluated');
  });

  it('never denies an update that only touches bookkeeping (finalizers), but denies a real change', async () => {
    const old = privilegedPod();
    const finalizing = privilegedPod();
    (finalizing['metadata'] as Record<string, unknown>)['finalizers'] = [];
    (finalizing['metadata'] as Record<string, unknown>)['resourceVersion'] = '42';
    const bookkeeping = await review(admissionReview(finalizing, { operation: 'UPDATE', oldObject: old }), deps({}, enforcing));
    expect(bookkeeping.response.allowed).toBe(true);
    expect(bookkeeping.response.warnings?.length).toBeGreaterThan(0);

    const relabelled = privilegedPod();
    (relabelled['metadata'] as Record<string, unknown>)['labels'] = { tier: 'debug' };
    const changed = await review(admissionReview(relabelled, { operation: 'UPDATE', oldObject: old }), deps({}, enforcing));
    expect(changed.response.allowed).toBe(false);
  });

  it('skips checks that need objects the request does not carry, instead of guessing', async () => {
    const outcome = await review(admissionReview(compliantDeployment()), deps());
    if (outcome.kind !== 'evaluated') throw new Error('not evaluated');
    const skipped = new Set(outcome.findings.filter((f) => f.status === 'skipped').map((f) => f.checkId));
    // the namespace's Pod Security label and its LimitRanges are not in a Deployment's request
    for (const id of ['K8S-WL-010', 'K8S-WL-003']) if (checks.some((c) => c.id === id)) expect(skipped).toContain(id);
    expect(outcome.findings.filter((f) => f.status === 'fail')).toEqual([]);
  });

  it('judges a Namespace object by its own labels', async () => {
    if (!checks.some((c) => c.id === 'K8S-WL-010')) return;
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { team: 'a' } } };
    const outcome = await review(admissionReview(namespace, { namespace: 'shop' }), deps({ defaults: { enforce: 'medium' } }));
    expect(outcome.response.status?.message).toContain('K8S-WL-010 [medium]');
  });

  it('denies a binding to cluster-admin, and passes a binding to a custom role it cannot see', async () => {
    const binding = (role: string) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `ci-${role}` },
      subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    });
    const d = deps({ defaults: { enforce: 'high' } });
    const admin = await review(admissionReview(binding('cluster-admin')), d);
    expect(admin.response.status?.message).toContain('K8S-RBAC-001 [high] at subjects[0]');
    const custom = await review(admissionReview(binding('team-deployer')), d);
    expect(custom.response.allowed).toBe(true);
  });

  it('denies a Role that grants everything', async () => {
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'all', namespace: 'shop' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] };
    const outcome = await review(admissionReview(role), deps({}, enforcing));
    expect(outcome.response.status?.message).toContain('K8S-RBAC-002 [high]');
  });

  it('adds the audited check IDs as an audit annotation', async () => {
    const outcome = await review(admissionReview(privilegedPod()), deps({ defaults: { audit: 'critical' } }));
    expect(outcome.response.auditAnnotations).toEqual({ 'audit-violations': 'PSS-privileged[critical]' });
  });

  it('uses the default config without a config file', async () => {
    const config = defaultWebhookConfig(known);
    const outcome = await review(admissionReview(privilegedPod()), { ...deps(), config });
    expect(outcome.response.allowed).toBe(true);
    expect(outcome.response.warnings?.[0]).toMatch(/PSS-privileged/);
  });
});

describe('Ingresses at admission (K8S-NET-007)', () => {
  const albClass = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: { name: 'alb' },
    spec: { controller: 'ingress.k8s.aws/alb', parameters: { apiGroup: 'elbv2.k8s.aws', kind: 'IngressClassParams', name: 'alb-params' } },
  };
  const params = (scheme: string) => ({ apiVersion: 'elbv2.k8s.aws/v1beta1', kind: 'IngressClassParams', metadata: { name: 'alb-params' }, spec: { scheme } });
  const ingress = (annotations: Record<string, string> = {}) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', namespace: 'shop', annotations },
    spec: { ingressClassName: 'alb', rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
  });
  const enforcingMedium = { shop: { 'eksguard.io/enforce': 'medium' } };
  const withClasses = (lookup: () => Promise<{ ok: true; objects: any[] } | { ok: false; reason: string }>) => ({ ...deps({}, enforcingMedium), ingressClasses: lookup });
  const net007 = (outcome: Outcome) => (outcome.kind === 'evaluated' ? outcome.findings.find((f) => f.checkId === 'K8S-NET-007') : undefined);

  it('denies what scan fails: an internet-facing ALB (scheme from its IngressClassParams) serving plain HTTP to everyone', async () => {
    const outcome = await review(admissionReview(ingress()), withClasses(async () => ({ ok: true, objects: [albClass, params('internet-facing')] })));
    expect(net007(outcome)?.status).toBe('fail');
    expect(outcome.response.allowed).toBe(false);
    expect(outcome.response.status?.message).toContain('K8S-NET-007 [medium]');
  });

  it('admits the same Ingress when its class makes the ALB internal and it redirects to HTTPS', async () => {
    const safe = ingress({
      'alb.ingress.kubernetes.io/certificate-arn': 'arn:aws:acm:eu-west-1:123456789012:certificate/x',
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}, {"HTTPS": 443}]',
      'alb.ingress.kubernetes.io/ssl-redirect': '443',
    });
    const outcome = await review(admissionReview(safe), withClasses(async () => ({ ok: true, objects: [albClass, params('internal')] })));
    expect(net007(outcome)?.status).toBe('pass');
    expect(outcome.response.allowed).toBe(true);
  });

  it('reports the check skipped, never a guess, when the IngressClasses cannot be read', async () => {
    const outcome = await review(admissionReview(ingress()), withClasses(async () => ({ ok: false, reason: 'the IngressClasses could not be read (error: list IngressClass: HTTP 403)' })));
    expect(net007(outcome)).toMatchObject({ status: 'skipped', message: expect.stringContaining('HTTP 403') });
    expect(outcome.response.allowed).toBe(true);
  });

  it('reports the check skipped without lookups (ingressClasses.lookup: false)', async () => {
    const outcome = await review(admissionReview(ingress()), deps({}, enforcingMedium));
    expect(net007(outcome)?.status).toBe('skipped');
  });

  it('reports it skipped for a member of an IngressGroup, whose ALB the other members share', async () => {
    const grouped = ingress({ 'alb.ingress.kubernetes.io/group.name': 'shared' });
    const outcome = await review(admissionReview(grouped), withClasses(async () => ({ ok: true, objects: [albClass, params('internet-facing')] })));
    expect(net007(outcome)).toMatchObject({ status: 'skipped', message: expect.stringContaining('IngressGroup shared') });
  });

  it('asks for the IngressClasses only for Ingresses', async () => {
    let asked = 0;
    await review(admissionReview(privilegedPod()), withClasses(async () => (asked++, { ok: true, objects: [] })));
    expect(asked).toBe(0);
  });
});
