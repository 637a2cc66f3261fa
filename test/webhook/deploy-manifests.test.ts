import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { admissionChecks } from '../../src/admission/admission-checks.js';
import { allChecks } from '../../src/checks/index.js';
import { knownResources } from '../../src/sources/kube/resources.js';
import { runCliJson } from '../e2e/run-cli.js';
import { repoRoot } from './certs.js';

const deployDir = path.join(repoRoot, 'deploy/webhook');

function documents(): any[] {
  return readdirSync(deployDir)
    .filter((file) => file.endsWith('.yaml'))
    .flatMap((file) => yaml.loadAll(readFileSync(path.join(deployDir, file), 'utf8')))
    .filter((doc) => doc !== null && doc !== undefined);
}

function find(kind: string, name?: string): any {
  const found = documents().find((doc) => doc.kind === kind && (name === undefined || doc.metadata?.name === name));
  if (!found) throw new Error(`${kind} ${name ?? ''} not in deploy/webhook`);
  return found;
}

describe('deploy/webhook', () => {
  it('passes eksguard scan at PSS restricted with no failures at all', () => {
    const { json, result } = runCliJson(['scan', 'deploy/webhook', '--pss-level', 'restricted', '--fail-on', 'info']);
    expect(json.errors).toEqual([]);
    const failures = json.findings.filter((finding: any) => finding.status === 'fail' || finding.status === 'error');
    expect(failures.map((f: any) => `${f.checkId} ${f.resource.kind}/${f.resource.name} ${f.message}`)).toEqual([]);
    expect(json.summary.pass).toBeGreaterThan(40);
    expect(result.code).toBe(0);
  });

  it('runs two non-root replicas with a read-only root filesystem, no capabilities and limits', () => {
    const deployment = find('Deployment', 'eksguard-webhook');
    expect(deployment.spec.replicas).toBe(2);
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    const [container] = pod.containers;
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(container.resources.limits).toMatchObject({ memory: expect.any(String), cpu: expect.any(String) });
    expect(container.args).toEqual(expect.arrayContaining(['serve', '--tls-cert=/etc/eksguard/tls/tls.crt', '--tls-key=/etc/eksguard/tls/tls.key']));
    expect(container.readinessProbe.httpGet).toMatchObject({ path: '/readyz', scheme: 'HTTPS' });
    const pdb = find('PodDisruptionBudget', 'eksguard-webhook');
    expect(pdb.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    expect(pdb.spec.minAvailable).toBe(1);
  });

  it('skips kube-system and its own namespace, and sends the kinds the checks judge', () => {
    const configuration = find('ValidatingWebhookConfiguration', 'eksguard');
    for (const webhook of configuration.webhooks) {
      expect(webhook.admissionReviewVersions).toEqual(['v1']);
      expect(webhook.sideEffects).toBe('None');
      expect(webhook.clientConfig.service).toMatchObject({ namespace: 'eksguard-system', name: 'eksguard-webhook', path: '/validate' });
      expect(webhook.namespaceSelector.matchExpressions).toContainEqual({ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'eksguard-system'] });
    }
    const resources = configuration.webhooks.flatMap((webhook: any) => webhook.rules.flatMap((rule: any) => rule.resources));
    for (const resource of ['pods', 'deployments', 'daemonsets', 'statefulsets', 'cronjobs', 'jobs', 'services', 'ingresses', 'configmaps', 'networkpolicies', 'roles', 'clusterroles', 'rolebindings', 'clusterrolebindings']) {
      expect(resources).toContain(resource);
    }
    // Secrets are not sent: their values would travel to the webhook for no check that needs them
    expect(resources).not.toContain('secrets');
  });

  it('sends every kind a check that runs at admission selects, in every API group that serves it', () => {
    const configuration = find('ValidatingWebhookConfiguration', 'eksguard');
    const sent = new Set<string>(
      configuration.webhooks.flatMap((webhook: any) => webhook.rules.flatMap((rule: any) => rule.apiGroups.flatMap((group: string) => rule.resources.map((resource: string) => `${group}/${resource}`)))),
    );
    const kinds = new Set(admissionChecks(allChecks).flatMap((check) => check.target.kinds ?? []));
    // Nodes: judged from what a node reports; Secrets: not sent, their values would travel to the webhook (below)
    const notWritten = new Set(['Node', 'Secret']);
    const missing = knownResources()
      .filter((resource) => kinds.has(resource.kind) && !notWritten.has(resource.kind))
      .map((resource) => `${resource.group}/${resource.resource}`)
      .filter((key) => !sent.has(key));
    expect(missing).toEqual([]);
    // Calico serves its policies through its API server too (projectcalico.org/v3)
    expect(sent).toContain('projectcalico.org/networkpolicies');
    expect(sent).toContain('projectcalico.org/globalnetworkpolicies');
    // Argo Workflows' kinds, which the live source does not list (Workflows, ClusterWorkflowTemplates) but admission judges
    for (const resource of ['workflows', 'workflowtemplates', 'clusterworkflowtemplates', 'cronworkflows']) expect(sent).toContain(`argoproj.io/${resource}`);
  });

  it('sends Workflows on CREATE only: their controller updates them at every step, and their spec runs as submitted', () => {
    const configuration = find('ValidatingWebhookConfiguration', 'eksguard');
    const rules = configuration.webhooks.flatMap((webhook: any) => webhook.rules.map((rule: any) => ({ ...rule, webhook: webhook.name })));
    const workflows = rules.filter((rule: any) => rule.apiGroups.includes('argoproj.io') && rule.resources.includes('workflows'));
    expect(workflows).toEqual([expect.objectContaining({ operations: ['CREATE'], scope: 'Namespaced', webhook: 'namespaced.validate.eksguard.io' })]);
    const clusterTemplates = rules.filter((rule: any) => rule.resources.includes('clusterworkflowtemplates'));
    expect(clusterTemplates).toEqual([expect.objectContaining({ operations: ['CREATE', 'UPDATE'], scope: 'Cluster', webhook: 'cluster.validate.eksguard.io' })]);
  });

  it('registers the same rules in the Helm chart as in deploy/webhook', () => {
    const rulesOf = (text: string): string[] => [...text.matchAll(/^ {6}- apiGroups: (.*)\n {8}apiVersions: (.*)\n {8}operations: (.*)\n {8}resources: (.*)\n {8}scope: (.*)$/gm)].map((match) => match.slice(1).join(' '));
    const deployed = rulesOf(readFileSync(path.join(deployDir, 'validatingwebhookconfiguration.yaml'), 'utf8'));
    const charted = rulesOf(readFileSync(path.join(repoRoot, 'deploy/helm/eksguard/templates/webhook-certificates.yaml'), 'utf8'));
    expect(deployed.length).toBeGreaterThan(8);
    expect(charted).toEqual(deployed);
  });

  it('grants the webhook only get on namespaces and list on IngressClasses and IngressClassParams', () => {
    const role = find('ClusterRole', 'eksguard-webhook-namespace-reader');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['namespaces'], verbs: ['get'] }]);
    const classes = find('ClusterRole', 'eksguard-webhook-ingress-class-reader');
    expect(classes.rules).toEqual([
      { apiGroups: ['networking.k8s.io'], resources: ['ingressclasses'], verbs: ['list'] },
      { apiGroups: ['elbv2.k8s.aws'], resources: ['ingressclassparams'], verbs: ['list'] },
    ]);
    const roles = documents().filter((doc) => doc.kind === 'ClusterRole' || doc.kind === 'Role');
    expect(roles.map((doc) => doc.metadata.name).sort()).toEqual(['eksguard-webhook-ingress-class-reader', 'eksguard-webhook-namespace-reader']);
    for (const name of ['eksguard-webhook-namespace-reader', 'eksguard-webhook-ingress-class-reader']) {
      expect(find('ClusterRoleBinding', name).subjects).toEqual([{ kind: 'ServiceAccount', name: 'eksguard-webhook', namespace: 'eksguard-system' }]);
    }
  });

  it('sends Ingresses to the webhook, and caps the heap under the memory limit', () => {
    const configuration = find('ValidatingWebhookConfiguration', 'eksguard');
    const namespaced = configuration.webhooks.find((webhook: any) => webhook.name === 'namespaced.validate.eksguard.io');
    expect(namespaced.rules).toContainEqual(expect.objectContaining({ apiGroups: ['networking.k8s.io'], resources: expect.arrayContaining(['ingresses']), operations: ['CREATE', 'UPDATE'] }));
    const [container] = find('Deployment', 'eksguard-webhook').spec.template.spec.containers;
    const heap = Number(/--max-old-space-size=(\d+)/.exec(container.env.find((v: any) => v.name === 'NODE_OPTIONS').value)?.[1]);
    expect(heap).toBeLessThan(Number(container.resources.limits.memory.replace('Mi', '')) * 0.6);
  });

  it('ships a config the webhook accepts', async () => {
    const { parseWebhookConfigText } = await import('../../src/admission/config.js');
    const { allChecks } = await import('../../src/checks/index.js');
    const config = parseWebhookConfigText(find('ConfigMap', 'eksguard-webhook-config').data['config.yaml'], new Set(allChecks.map((c) => c.id)));
    expect(config.suppressions.filter((rule) => rule.origin === 'exemption').map((rule) => rule.resource)).toEqual([
      '*/kube-system/*',
      'Namespace/kube-system',
      '*/eksguard-system/*',
      'Namespace/eksguard-system',
    ]);
    expect(config.annotationSuppressions.allow).toBe(false);
  });
});
