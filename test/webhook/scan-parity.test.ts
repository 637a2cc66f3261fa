import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allChecks } from '../../src/checks/index.js';
import { runsAtAdmission } from '../../src/core/check.js';
import { createLogger } from '../../src/server/logger.js';
import { runWebhook, type RunningWebhook } from '../../src/server/run-webhook.js';
import { runCliJson } from '../e2e/run-cli.js';
import { makeWebhookCerts, type WebhookCerts } from './certs.js';
import { postReview } from './https-client.js';
import { admissionReview, compliantDeployment, privilegedPod } from './reviews.js';

/** Objects that exercise every area the webhook judges; each is scanned and reviewed on its own. */
const OBJECTS: Record<string, Record<string, unknown>> = {
  'privileged pod with a literal password': (() => {
    const pod = privilegedPod('shop', 'debug');
    (pod['spec'] as any).containers[0].env = [{ name: 'DB_PASSWORD', value: 'correct-horse-battery' }];
    (pod['spec'] as any).volumes = [{ name: 'sock', hostPath: { path: '/var/run/docker.sock' } }];
    (pod['spec'] as any).hostNetwork = true;
    return pod;
  })(),
  'compliant deployment': compliantDeployment(),
  'careless deployment': {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'api' } },
      template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'nginx:latest', securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }] } },
    },
  },
  'internet-facing load balancer': {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'shop', annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' } },
    spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 443 }] },
  },
  'configmap with an AWS key': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' }, data: { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE' } },
  'cluster-admin binding': {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'ci-admin' },
    subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' }],
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
  },
  'wildcard role': { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'all', namespace: 'shop' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] },
  'namespace without pod security': { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'legacy', labels: { team: 'a' } } },
  'allow-all network policy': {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'open', namespace: 'shop' },
    spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] },
  },
  'unencrypted EBS storage class': { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'gp3' }, provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3' } },
  'privileged Argo WorkflowTemplate': {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'WorkflowTemplate',
    metadata: { name: 'build', namespace: 'ci' },
    spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'docker:dind', securityContext: { privileged: true } } }] },
  },
  'Argo CronWorkflow on the host network': {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'CronWorkflow',
    metadata: { name: 'nightly', namespace: 'ci' },
    spec: { schedule: '0 1 * * *', workflowSpec: { entrypoint: 'run', hostNetwork: true, templates: [{ name: 'run', script: { image: 'python:3.12', command: ['python'], source: 'print(1)' } }] } },
  },
  'Argo Workflow with a docker socket': {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'release-1', namespace: 'ci' },
    spec: {
      entrypoint: 'push',
      volumes: [{ name: 'sock', hostPath: { path: '/var/run/docker.sock' } }],
      templates: [{ name: 'push', container: { image: 'docker:27', volumeMounts: [{ name: 'sock', mountPath: '/var/run/docker.sock' }] } }],
    },
  },
  'Argo ClusterWorkflowTemplate adding SYS_ADMIN': {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ClusterWorkflowTemplate',
    metadata: { name: 'debug' },
    spec: { templates: [{ name: 'debug', container: { image: 'busybox:1.36', securityContext: { capabilities: { add: ['SYS_ADMIN'] } } } }] },
  },
  'privileged OpenKruise CloneSet': {
    apiVersion: 'apps.kruise.io/v1alpha1',
    kind: 'CloneSet',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', securityContext: { privileged: true } }] } } },
  },
  'RayCluster worker group in the host PID namespace': {
    apiVersion: 'ray.io/v1',
    kind: 'RayCluster',
    metadata: { name: 'train', namespace: 'ml' },
    spec: {
      headGroupSpec: { template: { spec: { containers: [{ name: 'head', image: 'rayproject/ray:2.40.0' }] } } },
      workerGroupSpecs: [{ groupName: 'gpu', template: { spec: { hostPID: true, containers: [{ name: 'worker', image: 'rayproject/ray:2.40.0' }] } } }],
    },
  },
  // a custom resource without pod templates: the workload checks the webhook now runs for it find nothing to report
  'CiliumNetworkPolicy open to the world': {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { endpointSelector: {}, ingress: [{ fromEntities: ['cluster', 'world'] }] },
  },
  'plain-HTTP Ingress on an internet-facing ALB class': {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'shop', namespace: 'shop' },
    spec: { ingressClassName: 'public-alb', rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
  },
};

/** What the cluster holds besides the objects under review: scanned with them, and read by the webhook through its IngressClass lookup. */
const CLUSTER_OBJECTS: Record<string, unknown>[] = [
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: { name: 'public-alb' },
    spec: { controller: 'ingress.k8s.aws/alb', parameters: { apiGroup: 'elbv2.k8s.aws', kind: 'IngressClassParams', name: 'public' } },
  },
  { apiVersion: 'elbv2.k8s.aws/v1beta1', kind: 'IngressClassParams', metadata: { name: 'public' }, spec: { scheme: 'internet-facing' } },
];

/** Checks the webhook reports `skipped` for a workload template: the request lacks the namespace and its LimitRanges. */
const SKIPPED_FOR_TEMPLATES = new Set(['K8S-WL-003', 'K8S-WL-010']);

let certs: WebhookCerts;
let webhook: RunningWebhook;
const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-parity-'));

beforeAll(async () => {
  certs = makeWebhookCerts();
  const configFile = path.join(dir, 'config.yaml');
  // audit at info: the response's audit annotation then lists every failing check
  writeFileSync(configFile, 'defaults: { enforce: none, warn: none, audit: info }\nnamespaceLabels: { lookup: false }\n');
  const quiet = new Writable({ write: (_c, _e, callback) => callback() });
  scanned = scanAll();
  webhook = await runWebhook({
    certFile: certs.certFile,
    keyFile: certs.keyFile,
    port: 0,
    host: '127.0.0.1',
    configFile,
    registry: allChecks,
    logger: createLogger({ destination: quiet }),
    fetchIngressClasses: async () => CLUSTER_OBJECTS as never,
  });
});

afterAll(async () => {
  await webhook?.stop();
});

let scanned: any[] = [];

/** One scan of every object (one file each), as a user would run it; findings are then picked per object. */
function scanAll(): any[] {
  const manifests = path.join(dir, 'manifests');
  mkdirSync(manifests);
  for (const [name, object] of Object.entries(OBJECTS)) writeFileSync(path.join(manifests, `${name.replace(/\W+/g, '-')}.yaml`), yaml.dump(object));
  writeFileSync(path.join(manifests, 'cluster-objects.yaml'), CLUSTER_OBJECTS.map((object) => yaml.dump(object)).join('---\n'));
  const { json } = runCliJson(['scan', manifests, '--pss-level', 'restricted', '--fail-on', 'none']);
  expect(json.errors).toEqual([]);
  return json.findings;
}

function scanFailures(object: Record<string, unknown>): string[] {
  const metadata = object['metadata'] as { name: string; namespace?: string };
  const mine = scanned.filter(
    (f: any) => f.status === 'fail' && f.resource.kind === object['kind'] && f.resource.name === metadata.name && (f.resource.namespace ?? '') === (metadata.namespace ?? ''),
  );
  return [...new Set<string>(mine.map((f: any) => f.checkId))].sort();
}

async function webhookFailures(object: Record<string, unknown>): Promise<string[]> {
  const reply = await postReview(webhook.server.port, certs.ca, admissionReview(object));
  const annotation: string = reply.json().response.auditAnnotations?.['audit-violations'] ?? '';
  return annotation === '' ? [] : annotation.split(',').map((entry) => entry.replace(/\[.*\]$/, '')).sort();
}

describe('the webhook and scan give the same verdicts', () => {
  it.each(Object.entries(OBJECTS))('%s', async (name, object) => {
    const fromScan = scanFailures(object);
    const reviewed = await webhookFailures(object);
    const expected = fromScan.filter((id) => runsAtAdmission(allChecks.find((check) => check.id === id)!) && !(object['kind'] !== 'Pod' && object['kind'] !== 'Namespace' && SKIPPED_FOR_TEMPLATES.has(id)));
    expect(reviewed).toEqual(expected);
    if (name !== 'compliant deployment') expect(reviewed.length).toBeGreaterThan(0);
  });
});
