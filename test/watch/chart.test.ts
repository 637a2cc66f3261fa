import { execFileSync } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadAll } from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliJson } from '../e2e/run-cli.js';
import { projectHelm } from '../helpers/renderers.js';
import { KubeApiError } from '../../src/sources/kube/api-error.js';
import { createTransport } from '../../src/sources/kube/transport.js';
import { repoRoot, startLocalCluster } from '../kube/local-cluster.js';

// The Helm chart of `eksguard watch` (deploy/helm/eksguard), rendered by the project's Helm (built
// from the Go module proxy by scripts/helm.sh): its defaults are exactly deploy/watch/ and
// deploy/crds/, its options change what they say, and eksguard's own scan of it has no failure.
const CHART = 'deploy/helm/eksguard';
let helm = '';

type Doc = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; [key: string]: any };

function docs(text: string): Doc[] {
  return (loadAll(text) as (Doc | null)[]).filter((doc): doc is Doc => doc !== null && doc !== undefined);
}

function keyed(list: readonly Doc[]): Map<string, Doc> {
  const map = new Map<string, Doc>();
  for (const doc of list) {
    const key = `${doc.kind}/${doc.metadata.namespace ?? ''}/${doc.metadata.name}`;
    expect(map.has(key), `${key} twice`).toBe(false);
    map.set(key, doc);
  }
  return map;
}

function plain(directory: string): Doc[] {
  return readdirSync(path.join(repoRoot, directory))
    .filter((file) => file.endsWith('.yaml'))
    .flatMap((file) => docs(readFileSync(path.join(repoRoot, directory, file), 'utf8')));
}

function render(sets: readonly string[] = [], namespace = 'eksguard', extra: readonly string[] = []): Doc[] {
  const out = execFileSync(helm, ['template', 'eksguard', path.join(repoRoot, CHART), '--namespace', namespace, '--include-crds', ...sets.flatMap((set) => ['--set', set]), ...extra], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return docs(out);
}

/** helm template's error for values the chart refuses */
function renderError(sets: readonly string[]): string {
  try {
    render(sets);
  } catch (error) {
    return String((error as { stderr?: string }).stderr);
  }
  throw new Error(`rendered with ${sets.join(' ')}`);
}

const WEBHOOK_CERT_MANAGER = ['webhook.enabled=true', 'webhook.certificates.mode=cert-manager'];
const MONITORING = ['serviceMonitor.enabled=true', 'prometheusRule.enabled=true', 'grafanaDashboard.enabled=true'];
const PROMETHEUS_OPERATOR = ['--api-versions', 'monitoring.coreos.com/v1/ServiceMonitor', '--api-versions', 'monitoring.coreos.com/v1/PrometheusRule'];
const pem = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');

const find = (list: readonly Doc[], kind: string, name: string) => list.find((doc) => doc.kind === kind && doc.metadata.name === name);
const watchArgs = (list: readonly Doc[]): string[] => find(list, 'Deployment', 'eksguard-watch')!.spec.template.spec.containers[0].args;

beforeAll(() => {
  helm = projectHelm();
}, 30 * 60_000);

describe('the eksguard Helm chart', () => {
  it.each([
    ['defaults', []],
    ['webhook with Helm certificates and monitoring', ['webhook.enabled=true', ...MONITORING]],
    ['webhook with cert-manager', WEBHOOK_CERT_MANAGER],
  ])('passes helm lint --strict (%s)', (_name, sets) => {
    const out = execFileSync(helm, ['lint', '--strict', path.join(repoRoot, CHART), ...sets.flatMap((set) => ['--set', set])], { encoding: 'utf8' });
    expect(out).toContain('0 chart(s) failed');
  });

  it('renders by default exactly the objects of deploy/watch/ and deploy/crds/', () => {
    const rendered = keyed(render(['createNamespace=true']));
    const expected = keyed([...plain('deploy/watch'), ...plain('deploy/crds')]);
    expect([...rendered.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, doc] of expected) expect(rendered.get(key), key).toEqual(doc);
    // without createNamespace (helm install --create-namespace), everything but the Namespace
    expect(render().some((doc) => doc.kind === 'Namespace')).toBe(false);
  });

  it('follows the release namespace everywhere a namespace is named', () => {
    const rendered = render(['createNamespace=true'], 'security');
    expect(JSON.stringify(rendered)).not.toMatch(/"namespace":"eksguard"/);
    expect(find(rendered, 'Namespace', 'security')).toBeDefined();
    expect(find(rendered, 'ClusterRoleBinding', 'eksguard-watcher')!.subjects).toEqual([{ kind: 'ServiceAccount', name: 'eksguard-watch', namespace: 'security' }]);
  });

  it('turns on the AWS audit with IRSA, its flags and its egress; leaves out optional objects', () => {
    const rendered = render(['aws.enabled=true', 'aws.regions[0]=eu-west-1', 'aws.clusters[0]=prod', 'aws.intervalSeconds=900', 'aws.roleArn=arn:aws:iam::111122223333:role/eksguard-watch', 'extraArgs[0]=--report-api=both']);
    expect(watchArgs(rendered)).toEqual(['watch', '--port=8080', '--aws', '--aws-interval=900', '--region=eu-west-1', '--cluster=prod', '--report-api=both']);
    expect(find(rendered, 'ServiceAccount', 'eksguard-watch')!.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/eksguard-watch' });
    const egress = find(rendered, 'NetworkPolicy', 'eksguard-watch')!.spec.egress;
    expect(egress).toContainEqual({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }] });
    expect(egress).toContainEqual({ ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] });
    // without AWS: no annotation, no flags, no wide egress
    const plainRender = render(['aws.roleArn=arn:aws:iam::111122223333:role/ignored']);
    expect(find(plainRender, 'ServiceAccount', 'eksguard-watch')!.metadata.annotations).toBeUndefined();
    expect(watchArgs(plainRender)).toEqual(['watch', '--port=8080']);
    expect(JSON.stringify(find(plainRender, 'NetworkPolicy', 'eksguard-watch'))).not.toContain('0.0.0.0/0');
    const minimal = render(['rbac.secretMetadata=false', 'networkPolicy.enabled=false', 'metricsService.enabled=false', 'replicas=1']);
    expect(minimal.filter((doc) => doc.metadata.name === 'eksguard-watcher-secret-metadata')).toEqual([]);
    expect(minimal.filter((doc) => doc.kind === 'NetworkPolicy' || doc.kind === 'Service')).toEqual([]);
    expect(find(minimal, 'Deployment', 'eksguard-watch')!.spec.replicas).toBe(1);
  });

  it('renders with webhook.enabled exactly the webhook of deploy/webhook/ and its cert-manager Certificate', () => {
    const watchOnly = new Set(keyed(render([], 'eksguard-system')).keys());
    const rendered = keyed(render(WEBHOOK_CERT_MANAGER, 'eksguard-system').filter((doc) => !watchOnly.has(`${doc.kind}/${doc.metadata.namespace ?? ''}/${doc.metadata.name}`)));
    // the plain manifests' own Namespace and default-deny come from the chart's createNamespace and networkPolicy
    const plainWebhook = [...plain('deploy/webhook'), ...plain('deploy/webhook/cert-manager')].filter((doc) => doc.kind !== 'Namespace' && doc.metadata.name !== 'default-deny');
    // cert-manager's CA injector owns caBundle: the chart leaves it out, so an upgrade never blanks it
    for (const doc of plainWebhook) if (doc.kind === 'ValidatingWebhookConfiguration') for (const hook of doc.webhooks) delete hook.clientConfig.caBundle;
    const expected = keyed(plainWebhook);
    expect([...rendered.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, doc] of expected) expect(rendered.get(key), key).toEqual(doc);
  });

  it('makes with Helm certificates one CA for the Secret and the caBundle, a serving certificate for the Service, and keeps no CA key', () => {
    const rendered = render(['webhook.enabled=true'], 'security');
    const secret = find(rendered, 'Secret', 'eksguard-webhook-tls')!;
    expect(secret.type).toBe('kubernetes.io/tls');
    expect(Object.keys(secret.data).sort()).toEqual(['ca.crt', 'tls.crt', 'tls.key']);
    const webhooks = find(rendered, 'ValidatingWebhookConfiguration', 'eksguard')!;
    expect(webhooks.metadata.annotations).toBeUndefined();
    for (const hook of webhooks.webhooks) {
      expect(hook.clientConfig.caBundle).toBe(secret.data['ca.crt']);
      expect(hook.clientConfig.service).toEqual({ namespace: 'security', name: 'eksguard-webhook', path: '/validate', port: 443 });
      expect(hook.namespaceSelector.matchExpressions).toEqual([{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'security'] }]);
    }
    const ca = new X509Certificate(pem(secret.data['ca.crt']));
    const serving = new X509Certificate(pem(secret.data['tls.crt']));
    expect(ca.ca).toBe(true);
    expect(serving.ca).toBe(false);
    expect(serving.checkIssued(ca) && serving.verify(ca.publicKey)).toBe(true);
    expect(serving.checkPrivateKey(createPrivateKey(pem(secret.data['tls.key'])))).toBe(true);
    expect(serving.checkHost('eksguard-webhook.security.svc')).toBe('eksguard-webhook.security.svc');
    expect(serving.checkHost('eksguard-webhook.eksguard.svc')).toBeUndefined();
    expect(new Date(serving.validTo).getTime()).toBeGreaterThan(Date.now() + 3000 * 86_400_000);
    // one private key in the whole render: the serving key; the CA's was used once and dropped
    expect(rendered.flatMap((doc) => Object.values(doc['data'] ?? {})).filter((value) => typeof value === 'string' && pem(value).includes('PRIVATE KEY'))).toHaveLength(1);
    // without cluster access every render is a new pair (lookup finds nothing): the trade-off docs/watch.md describes
    expect(find(render(['webhook.enabled=true'], 'security'), 'Secret', 'eksguard-webhook-tls')!.data['ca.crt']).not.toBe(secret.data['ca.crt']);
  });

  it('follows the webhook values: failure policy, timeout, exclusions, replicas, config; refuses bad ones', () => {
    const rendered = render(['webhook.enabled=true', 'webhook.failurePolicy=Ignore', 'webhook.timeoutSeconds=3', 'webhook.excludeNamespaces[0]=monitoring', 'webhook.replicas=1', 'webhook.config.defaults.enforce=critical', 'webhook.config.pss.level=baseline']);
    const [namespaced, cluster] = find(rendered, 'ValidatingWebhookConfiguration', 'eksguard')!.webhooks;
    expect([namespaced.failurePolicy, namespaced.timeoutSeconds, cluster.failurePolicy]).toEqual(['Ignore', 3, 'Ignore']);
    expect(namespaced.namespaceSelector.matchExpressions[0].values).toEqual(['kube-system', 'eksguard', 'monitoring']);
    const config = loadAll(find(rendered, 'ConfigMap', 'eksguard-webhook-config')!.data['config.yaml'])[0] as any;
    expect(config).toMatchObject({ defaults: { enforce: 'critical', warn: 'high', audit: 'low' }, pss: { level: 'baseline' }, exemptions: [{ namespaces: ['kube-system', 'eksguard', 'monitoring'] }] });
    expect(find(rendered, 'Deployment', 'eksguard-webhook')!.spec.replicas).toBe(1);
    // one replica: no budget (minAvailable 1 would block every node drain)
    expect(find(rendered, 'PodDisruptionBudget', 'eksguard-webhook')).toBeUndefined();
    expect(find(render(['webhook.enabled=true']), 'PodDisruptionBudget', 'eksguard-webhook')!.spec.minAvailable).toBe(1);
    expect(render(['webhook.enabled=true', 'networkPolicy.enabled=false']).filter((doc) => doc.kind === 'NetworkPolicy')).toEqual([]);
    expect(renderError(['webhook.enabled=true', 'webhook.certificates.mode=self-signed'])).toMatch(/webhook.certificates.mode must be helm or cert-manager, not "self-signed"/);
    expect(renderError(['webhook.enabled=true', 'webhook.timeoutSeconds=31'])).toMatch(/webhook.timeoutSeconds must be 1 to 30/);
    expect(renderError(['webhook.enabled=true', 'webhook.failurePolicy=Closed'])).toMatch(/webhook.failurePolicy must be Fail or Ignore/);
  });

  it('creates the ServiceMonitor and the PrometheusRule only where their CRDs are served, with the rules and dashboard of deploy/watch/monitoring/', () => {
    const without = render(MONITORING);
    expect(without.filter((doc) => doc.apiVersion === 'monitoring.coreos.com/v1')).toEqual([]);
    const rendered = render([...MONITORING, 'serviceMonitor.labels.release=prom'], 'eksguard', PROMETHEUS_OPERATOR);
    const monitor = find(rendered, 'ServiceMonitor', 'eksguard-watch')!;
    expect(monitor.metadata.labels!['release']).toBe('prom');
    expect(monitor.spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s', honorLabels: true }]);
    const service = find(rendered, 'Service', 'eksguard-watch-metrics')!;
    expect(service.spec.ports.map((port: any) => port.name)).toContain(monitor.spec.endpoints[0].port);
    expect(monitor.spec.selector.matchLabels).toEqual(service.metadata.labels);
    const plainRule = docs(readFileSync(path.join(repoRoot, 'deploy/watch/monitoring/prometheusrule.yaml'), 'utf8'))[0]!;
    expect(find(rendered, 'PrometheusRule', 'eksguard-watch')!.spec).toEqual(plainRule['spec']);
    const dashboard = find(rendered, 'ConfigMap', 'eksguard-watch-dashboard')!;
    expect(dashboard.metadata.labels!['grafana_dashboard']).toBe('1');
    expect(JSON.parse(dashboard.data['eksguard-watch.json'])).toEqual(JSON.parse(readFileSync(path.join(repoRoot, 'deploy/watch/monitoring/grafana-dashboard.json'), 'utf8')));
    expect(renderError(['serviceMonitor.enabled=true', 'metricsService.enabled=false'])).toMatch(/serviceMonitor.enabled needs metricsService.enabled/);
    expect(find(rendered, 'ServiceMonitor', 'eksguard-webhook')).toBeUndefined();
    // with the webhook: its /metrics over HTTPS, trusting the CA of its own Secret, in both certificate modes
    for (const mode of ['helm', 'cert-manager']) {
      const withWebhook = render([...MONITORING, 'webhook.enabled=true', `webhook.certificates.mode=${mode}`], 'security', PROMETHEUS_OPERATOR);
      const webhookMonitor = find(withWebhook, 'ServiceMonitor', 'eksguard-webhook')!;
      const webhookService = find(withWebhook, 'Service', 'eksguard-webhook')!;
      expect(webhookMonitor.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'eksguard', 'app.kubernetes.io/component': 'webhook' });
      expect(webhookService.metadata.labels).toMatchObject(webhookMonitor.spec.selector.matchLabels);
      expect(find(withWebhook, 'Service', 'eksguard-watch-metrics')!.metadata.labels).not.toMatchObject(webhookMonitor.spec.selector.matchLabels);
      expect(webhookService.spec.ports.map((port: any) => port.name)).toContain(webhookMonitor.spec.endpoints[0].port);
      expect(webhookMonitor.spec.endpoints[0]).toMatchObject({ scheme: 'https', path: '/metrics', tlsConfig: { serverName: 'eksguard-webhook.security.svc', ca: { secret: { name: 'eksguard-webhook-tls', key: 'ca.crt' } } } });
      const tlsSecret = mode === 'helm' ? find(withWebhook, 'Secret', 'eksguard-webhook-tls')?.metadata.name : find(withWebhook, 'Certificate', 'eksguard-webhook')?.spec.secretName;
      expect(tlsSecret).toBe('eksguard-webhook-tls');
    }
  });

  it.each([
    ['defaults', []],
    ['with the AWS audit', ['--helm-set', 'aws.enabled=true', '--helm-set', 'aws.clusters[0]=prod', '--helm-set', 'aws.roleArn=arn:aws:iam::111122223333:role/eksguard-watch']],
    ['with the webhook (Helm certificates) and the dashboard', ['--helm-set', 'webhook.enabled=true', '--helm-set', 'grafanaDashboard.enabled=true']],
    ['with the webhook (cert-manager)', WEBHOOK_CERT_MANAGER.flatMap((set) => ['--helm-set', set])],
  ])('has zero failures in eksguard scan --pss-level restricted (%s)', (_name, sets) => {
    const { json, result } = runCliJson(['scan', CHART, '--helm-bin', helm, '--helm-namespace', 'eksguard', '--pss-level', 'restricted', '--include-passed', ...sets], { cwd: repoRoot });
    expect(json.errors, result.stderr).toEqual([]);
    expect(json.summary.inputs).toMatchObject({ charts: 1 });
    expect(json.findings.filter((finding: any) => finding.status === 'fail').map((finding: any) => `${finding.checkId} ${finding.resource.kind}/${finding.resource.name}`)).toEqual([]);
    expect(json.findings.filter((finding: any) => finding.status === 'pass').length).toBeGreaterThan(30);
  });

  it('installs with helm install on the real kube-apiserver (webhook on, Helm certificates): every object accepted, the CRDs served, certificates kept on upgrade', async () => {
    const cluster = await startLocalCluster('chart');
    const transport = createTransport(cluster.admin, { server: cluster.server, userAgent: 'eksguard-test' });
    const helmRun = (args: readonly string[]) => execFileSync(helm, [...args, '--kubeconfig', cluster.kubeconfig], { encoding: 'utf8', timeout: 120_000 });
    const release = ['eksguard', path.join(repoRoot, CHART), '--namespace', 'eksguard', '--set', 'aws.enabled=true', '--set', 'aws.clusters[0]=prod', '--set', 'webhook.enabled=true'];
    try {
      const out = helmRun(['install', ...release, '--create-namespace']);
      expect(out).toMatch(/STATUS: deployed/);
      const get = (target: string) => transport.getJson(target) as Promise<any>;
      const deployment = await get('/apis/apps/v1/namespaces/eksguard/deployments/eksguard-watch');
      expect(deployment.spec.template.spec.containers[0].args).toContain('--aws');
      expect(deployment.metadata.annotations['meta.helm.sh/release-name']).toBe('eksguard');
      for (const target of [
        '/api/v1/namespaces/eksguard/serviceaccounts/eksguard-watch',
        '/apis/rbac.authorization.k8s.io/v1/clusterroles/eksguard-watcher',
        '/apis/rbac.authorization.k8s.io/v1/namespaces/eksguard/roles/eksguard-watch-leader',
        '/apis/networking.k8s.io/v1/namespaces/eksguard/networkpolicies/eksguard-watch',
        '/api/v1/namespaces/eksguard/services/eksguard-watch-metrics',
        '/apis/wgpolicyk8s.io/v1alpha2/clusterpolicyreports',
        '/apis/openreports.io/v1alpha1/clusterreports',
        '/apis/apps/v1/namespaces/eksguard/deployments/eksguard-webhook',
        '/api/v1/namespaces/eksguard/services/eksguard-webhook',
        '/api/v1/namespaces/eksguard/configmaps/eksguard-webhook-config',
        '/apis/policy/v1/namespaces/eksguard/poddisruptionbudgets/eksguard-webhook',
        '/apis/networking.k8s.io/v1/namespaces/eksguard/networkpolicies/eksguard-webhook',
      ]) {
        await expect(get(target), target).resolves.toBeDefined();
      }
      const secretPath = '/api/v1/namespaces/eksguard/secrets/eksguard-webhook-tls';
      const webhooksPath = '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/eksguard';
      const secret = await get(secretPath);
      const webhooks = await get(webhooksPath);
      expect(webhooks.webhooks.map((hook: any) => hook.clientConfig.caBundle)).toEqual([secret.data['ca.crt'], secret.data['ca.crt']]);

      // no webhook pod runs here (no kubelet): namespaced writes outside the excluded namespaces fail closed...
      const configMap = (namespace: string) => ({ method: 'POST' as const, path: `/api/v1/namespaces/${namespace}/configmaps`, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'probe', namespace } } });
      // ...while a Namespace (cluster-scoped: fails open) can still be created
      await transport.send({ method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } } });
      await expect(transport.send(configMap('shop'))).rejects.toSatisfy((error) => error instanceof KubeApiError && /failed calling webhook "namespaced.validate.eksguard.io"/.test(error.message));
      // ...and kube-system and the release namespace are never judged, so the cluster and eksguard can recover
      await expect(transport.send(configMap('kube-system'))).resolves.toBeDefined();
      await expect(transport.send(configMap('eksguard'))).resolves.toBeDefined();

      // an upgrade reads the Secret back (lookup): the same pair, the same caBundle, no window where they disagree
      expect(helmRun(['upgrade', ...release, '--set', 'webhook.timeoutSeconds=3'])).toMatch(/STATUS: deployed/);
      const upgraded = await get(webhooksPath);
      expect(upgraded.webhooks[0].timeoutSeconds).toBe(3);
      expect((await get(secretPath)).data).toEqual(secret.data);
      expect(upgraded.webhooks.map((hook: any) => hook.clientConfig.caBundle)).toEqual([secret.data['ca.crt'], secret.data['ca.crt']]);

      helmRun(['uninstall', 'eksguard', '--namespace', 'eksguard', '--wait']);
      for (const target of ['/apis/apps/v1/namespaces/eksguard/deployments/eksguard-watch', webhooksPath, secretPath]) {
        await expect(get(target), target).rejects.toSatisfy((error) => error instanceof KubeApiError && error.status === 404);
      }
      // the webhook is gone: writes in shop are admitted again
      await expect(transport.send(configMap('shop'))).resolves.toBeDefined();
    } finally {
      transport.close();
      await cluster.stop();
    }
  }, 15 * 60_000);
});
