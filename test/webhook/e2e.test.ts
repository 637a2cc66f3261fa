/**
 * End to end: a real kube-apiserver (scripts/local-cluster.sh) calls `eksguard serve` (the
 * built CLI) on 127.0.0.1 through a ValidatingWebhookConfiguration with a url and caBundle,
 * as it would call the in-cluster Service. The cluster runs in its own run directory, and
 * the webhook only selects this run's namespaces, so other tests' clusters are untouched.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import yaml from 'js-yaml';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeReader } from '../../src/server/kube-api.js';
import { credentialsFromKubeConfig } from '../../src/server/kube-credentials.js';
import { createKubeNamespaceFetcher } from '../../src/server/kube-namespaces.js';
import { createIngressClassFetcher } from '../../src/server/kube-ingress-classes.js';
import { cliPath } from '../e2e/run-cli.js';
import { makeWebhookCerts, repoRoot, type WebhookCerts } from './certs.js';
import { request } from './https-client.js';
import { kubeClientFrom, type KubeClient } from './kube-client.js';
import { compliantDeployment, privilegedPod } from './reviews.js';

const run = randomBytes(3).toString('hex');
const ns = { enforce: `enforce-${run}`, warn: `warn-${run}`, exempt: `exempt-${run}`, dead: `dead-${run}`, ingress: `ingress-${run}` };
const ALB_CLASS = `e2e-alb-${run}`;
let configFile: string;
const clusterEnv = { ...process.env, LOCAL_CLUSTER_RUN_DIR: path.join(repoRoot, '.cache/local-cluster/run-webhook-e2e') };
const WEBHOOK = `eksguard-e2e-${run}`;
const DEAD_WEBHOOK = `eksguard-e2e-dead-${run}`;

let kube: KubeClient;
let certs: WebhookCerts;
let serve: ChildProcess;
let servePort: number;
let serveLog = '';
let serveExit: Promise<number | null>;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}\nwebhook log:\n${serveLog.slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function webhookConfiguration(name: string, options: { port: number; caBundle: string; failurePolicy: 'Fail' | 'Ignore'; selector: Record<string, string> }) {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name },
    webhooks: [
      {
        name: 'validate.eksguard.io',
        admissionReviewVersions: ['v1'],
        sideEffects: 'None',
        failurePolicy: options.failurePolicy,
        timeoutSeconds: 5,
        clientConfig: { url: `https://127.0.0.1:${options.port}/validate`, caBundle: options.caBundle },
        namespaceSelector: { matchLabels: options.selector },
        rules: [
          { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods'], scope: 'Namespaced' },
          { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments'], scope: 'Namespaced' },
          { apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['ingresses'], scope: 'Namespaced' },
          { apiGroups: ['argoproj.io'], apiVersions: ['v1alpha1'], operations: ['CREATE', 'UPDATE'], resources: ['workflowtemplates'], scope: 'Namespaced' },
        ],
      },
    ],
  };
}

async function createNamespace(name: string, labels: Record<string, string>): Promise<void> {
  const reply = await kube.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
}

function createPod(namespace: string, name: string, query = '', annotations?: Record<string, string>) {
  const pod = privilegedPod(namespace, name);
  if (annotations) (pod['metadata'] as Record<string, unknown>)['annotations'] = annotations;
  return kube.request('POST', `/api/v1/namespaces/${namespace}/pods${query}`, pod);
}

/** The webhook's config file, replaced in one rename (as a ConfigMap update is one symlink swap). */
function writeConfig(extra: string): void {
  writeFileSync(
    `${configFile}.tmp`,
    `failurePolicy: Fail
defaults: { enforce: none, warn: none, audit: low }
exemptions:
  - { namespaces: [${ns.exempt}], reason: e2e exempt namespace }
namespaceLabels: { lookup: true, cacheSeconds: 5 }
ingressClasses: { lookup: true, cacheSeconds: 1 }
server: { shutdownDelaySeconds: 0, shutdownGraceSeconds: 5 }
${extra}`,
  );
  renameSync(`${configFile}.tmp`, configFile);
}

const logLines = () => serveLog.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));

function ingress(name: string, annotations: Record<string, string>) {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: ns.ingress, annotations },
    spec: { ingressClassName: ALB_CLASS, rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
  };
}

beforeAll(async () => {
  const started = spawnSync('bash', [path.join(repoRoot, 'scripts/local-cluster.sh'), 'start'], { env: clusterEnv, encoding: 'utf8', timeout: 1_500_000 });
  const kubeconfig = /^export KUBECONFIG=(.+)$/m.exec(started.stdout ?? '')?.[1];
  if (started.status !== 0 || !kubeconfig) throw new Error(`local cluster did not start (exit ${started.status}):\n${(started.stderr ?? '').slice(-3000)}`);
  kube = kubeClientFrom(kubeconfig);

  await createNamespace(ns.enforce, { [`eksguard-e2e`]: run, 'eksguard.io/enforce': 'high' });
  await createNamespace(ns.warn, { [`eksguard-e2e`]: run, 'eksguard.io/warn': 'medium' });
  await createNamespace(ns.exempt, { [`eksguard-e2e`]: run, 'eksguard.io/enforce': 'info' });
  await createNamespace(ns.dead, { [`eksguard-e2e-dead`]: run });
  await createNamespace(ns.ingress, { [`eksguard-e2e`]: run, 'eksguard.io/enforce': 'medium' });
  const ingressClass = await kube.request('POST', '/apis/networking.k8s.io/v1/ingressclasses', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: { name: ALB_CLASS },
    spec: { controller: 'ingress.k8s.aws/alb' },
  });
  expect(ingressClass.status, JSON.stringify(ingressClass.body)).toBe(201);

  certs = makeWebhookCerts();
  servePort = await freePort();
  configFile = path.join(certs.dir, 'config.yaml');
  writeConfig('');
  serve = spawn(process.execPath, [cliPath, 'serve', '--tls-cert', certs.certFile, '--tls-key', certs.keyFile, '--port', String(servePort), '--host', '127.0.0.1', '--config', configFile], {
    env: { ...process.env, KUBECONFIG: kubeconfig },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  serve.stdout!.on('data', (chunk: Buffer) => (serveLog += chunk.toString('utf8')));
  serve.stderr!.on('data', (chunk: Buffer) => (serveLog += chunk.toString('utf8')));
  serveExit = new Promise((resolve) => serve.on('exit', (code) => resolve(code)));
  await until('the webhook to be ready', async () => ((await request({ port: servePort, ca: certs.ca, path: '/readyz' })).status === 200 ? true : undefined));

  const created = await kube.request('POST', '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations', webhookConfiguration(WEBHOOK, { port: servePort, caBundle: certs.caBundle, failurePolicy: 'Fail', selector: { 'eksguard-e2e': run } }));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  // The API server picks up webhook configurations asynchronously: wait until it calls us.
  await until('the API server to call the webhook', async () => {
    const reply = await createPod(ns.enforce, `probe-${Date.now()}`, '?dryRun=All');
    return reply.status === 403 || reply.status === 400 ? true : undefined;
  });
}, 1_800_000);

afterAll(async () => {
  if (kube) {
    await kube.request('DELETE', `/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/${WEBHOOK}`).catch(() => undefined);
    await kube.request('DELETE', `/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/${DEAD_WEBHOOK}`).catch(() => undefined);
    await kube.request('DELETE', `/apis/networking.k8s.io/v1/ingressclasses/${ALB_CLASS}`).catch(() => undefined);
    await kube.request('DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/workflowtemplates.argoproj.io').catch(() => undefined);
  }
  if (serve && serve.exitCode === null) serve.kill('SIGTERM');
  spawnSync('bash', [path.join(repoRoot, 'scripts/local-cluster.sh'), 'stop'], { env: clusterEnv, timeout: 120_000 });
}, 180_000);

describe('eksguard serve behind a real kube-apiserver', () => {
  it('denies a privileged Pod in an enforcing namespace, with the message', async () => {
    const reply = await createPod(ns.enforce, 'debugger');
    expect(reply.status).toBe(403);
    expect(reply.body.message).toContain(`admission webhook "validate.eksguard.io" denied the request: eksguard: Pod ${ns.enforce}/debugger fails 1 check at or above high (enforce):`);
    expect(reply.body.message).toMatch(/- PSS-privileged \[critical\] at spec.containers\[0\].securityContext.privileged: .*Fix: Remove/);
  });

  it('denies a privileged Argo WorkflowTemplate at the field its template writes, and admits a restricted one', async () => {
    const definition = await kube.request('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'workflowtemplates.argoproj.io' },
      spec: {
        group: 'argoproj.io',
        scope: 'Namespaced',
        names: { plural: 'workflowtemplates', singular: 'workflowtemplate', kind: 'WorkflowTemplate', listKind: 'WorkflowTemplateList' },
        versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    });
    expect([201, 409], JSON.stringify(definition.body)).toContain(definition.status);
    const template = (name: string, securityContext: Record<string, unknown>) => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'WorkflowTemplate',
      metadata: { name, namespace: ns.enforce },
      spec: { entrypoint: 'main', securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, templates: [{ name: 'main', container: { image: 'public.ecr.aws/docker/library/busybox:1.36', securityContext } }] },
    });
    const collection = `/apis/argoproj.io/v1alpha1/namespaces/${ns.enforce}/workflowtemplates`;
    // the API server serves a new CRD, and calls webhooks for it, a moment after it is created
    const denied = await until('the API server to send WorkflowTemplates to the webhook', async () => {
      const reply = await kube.request('POST', `${collection}?dryRun=All`, template('build', { privileged: true }));
      return reply.status === 403 ? reply : undefined;
    });
    expect(denied.body.message).toContain(`eksguard: WorkflowTemplate ${ns.enforce}/build fails`);
    expect(denied.body.message).toMatch(/- PSS-privileged \[critical\] at spec\.templates\[0\]\.container\.securityContext\.privileged: /);
    const restricted = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } };
    const admitted = await kube.request('POST', collection, template('lint', restricted));
    expect(admitted.status, JSON.stringify(admitted.body)).toBe(201);
  });

  it('denies dry-run requests like any other', async () => {
    const reply = await createPod(ns.enforce, 'dry', '?dryRun=All');
    expect(reply.status).toBe(403);
    expect(reply.body.message).toContain('PSS-privileged');
  });

  it('admits a compliant Deployment', async () => {
    const reply = await kube.request('POST', `/apis/apps/v1/namespaces/${ns.enforce}/deployments`, compliantDeployment(ns.enforce, 'web'));
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.warnings).toEqual([]);
  });

  it('admits in a warn namespace and returns warnings the client sees', async () => {
    const reply = await createPod(ns.warn, 'debugger');
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.warnings.some((w) => w.startsWith('eksguard: PSS-privileged [critical] at spec.containers[0].securityContext.privileged'))).toBe(true);
    expect(reply.warnings.some((w) => w.startsWith('eksguard: PSS-runAsNonRoot [medium]'))).toBe(true);
  });

  it('admits anything in an exempt namespace', async () => {
    const reply = await createPod(ns.exempt, 'debugger');
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  });

  it('does not let a Pod exempt itself with an ignore annotation, with or without a reason', async () => {
    for (const [name, reason] of [['self-exempt-empty', ''], ['self-exempt-reason', 'debugging, ticket OPS-1']] as const) {
      const reply = await createPod(ns.enforce, name, '?dryRun=All', { 'eksguard.io/ignore.PSS-privileged': reason });
      expect(reply.status, name).toBe(403);
      expect(reply.body.message).toContain('PSS-privileged [critical]');
    }
    const line = await until('the decision naming the ignored annotation', async () => logLines().find((entry) => entry.name === 'self-exempt-reason' && entry.msg === 'denied'), 5000);
    expect(line.ignoredAnnotations).toEqual(['PSS-privileged']);
  });

  it('judges Ingresses with the IngressClass it reads through the API (K8S-NET-007)', async () => {
    const open = await kube.request('POST', `/apis/networking.k8s.io/v1/namespaces/${ns.ingress}/ingresses?dryRun=All`, ingress('public', { 'alb.ingress.kubernetes.io/scheme': 'internet-facing' }));
    expect(open.status, JSON.stringify(open.body)).toBe(403);
    expect(open.body.message).toContain('K8S-NET-007 [medium]');
    const closed = await kube.request(
      'POST',
      `/apis/networking.k8s.io/v1/namespaces/${ns.ingress}/ingresses?dryRun=All`,
      ingress('internal', {
        'alb.ingress.kubernetes.io/scheme': 'internal',
        'alb.ingress.kubernetes.io/certificate-arn': 'arn:aws:acm:eu-west-1:123456789012:certificate/x',
        'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS": 443}]',
      }),
    );
    expect(closed.status, JSON.stringify(closed.body)).toBe(201);
  });

  it('takes a changed config file without a restart, and keeps the previous one when the new one is broken', async () => {
    writeConfig('checks: { PSS-privileged: { enabled: false } }\n');
    await until('the reloaded config to admit a privileged Pod', async () => ((await createPod(ns.enforce, `reload-${Date.now()}`, '?dryRun=All')).status === 201 ? true : undefined), 10_000);
    writeConfig('failurePolicy: Ignore\n');
    await until('the refusal in the log', async () => logLines().find((line) => line.msg === 'config reload refused; still serving the previous config'), 10_000);
    expect(logLines().find((line) => line.msg === 'config reload refused; still serving the previous config').err).toMatch(/config.yaml:\d+:\d+: duplicate key/);
    expect((await createPod(ns.enforce, `still-${Date.now()}`, '?dryRun=All')).status).toBe(201);
    writeConfig('');
    await until('the restored config to deny again', async () => ((await createPod(ns.enforce, `again-${Date.now()}`, '?dryRun=All')).status === 403 ? true : undefined), 10_000);
  });

  it('logs each decision by request uid without object contents', async () => {
    // stdout is buffered (flushed at least every 500 ms): wait for the lines to arrive
    const parsed = logLines;
    const exempt = await until('the exempt decision in the log', async () => parsed().find((line) => line.msg === 'exempt' && line.namespace === ns.exempt), 5000);
    expect(exempt).toMatchObject({ exemptBy: 'e2e exempt namespace', kind: 'Pod', name: 'debugger', suppressed: { 'PSS-privileged': 'exemption' } });
    const denial = parsed().find((line) => line.msg === 'denied' && line.name === 'debugger' && line.namespace === ns.enforce);
    expect(denial).toMatchObject({ kind: 'Pod', operation: 'CREATE', user: 'local-cluster-admin', policy: 'labels', checks: { enforce: ['PSS-privileged'] } });
    expect(denial.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(serveLog).not.toContain('amazonlinux');
  });

  it('follows the failurePolicy while the webhook is down: Fail refuses, Ignore admits', async () => {
    const dead = await freePort();
    const created = await kube.request(
      'POST',
      '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations',
      webhookConfiguration(DEAD_WEBHOOK, { port: dead, caBundle: certs.caBundle, failurePolicy: 'Fail', selector: { 'eksguard-e2e-dead': run } }),
    );
    expect(created.status).toBe(201);
    const refused = await until('the API server to call the dead webhook', async () => {
      const reply = await createPod(ns.dead, `p-${Date.now()}`);
      return reply.status === 500 ? reply : undefined;
    });
    expect(refused.body.message).toMatch(/failed calling webhook "validate.eksguard.io".*connection refused/s);

    const patched = await kube.request('PATCH', `/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/${DEAD_WEBHOOK}`, {
      webhooks: [{ ...webhookConfiguration(DEAD_WEBHOOK, { port: dead, caBundle: certs.caBundle, failurePolicy: 'Ignore', selector: { 'eksguard-e2e-dead': run } }).webhooks[0] }],
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const admitted = await until('failurePolicy Ignore to apply', async () => {
      const reply = await createPod(ns.dead, `q-${Date.now()}`);
      return reply.status === 201 ? reply : undefined;
    });
    expect(admitted.status).toBe(201);
  });

  it("reads namespace labels with the webhook ServiceAccount and the read-only RBAC of deploy/webhook", async () => {
    for (const file of ['namespace.yaml', 'rbac.yaml']) {
      for (const doc of yaml.loadAll(readFileSync(path.join(repoRoot, 'deploy/webhook', file), 'utf8')) as any[]) {
        if (!doc) continue;
        const plural = { Namespace: 'namespaces', ServiceAccount: 'serviceaccounts', ClusterRole: 'clusterroles', ClusterRoleBinding: 'clusterrolebindings' }[doc.kind as string];
        const base = doc.apiVersion === 'v1' ? '/api/v1' : `/apis/${doc.apiVersion}`;
        const scope = doc.metadata.namespace ? `/namespaces/${doc.metadata.namespace}` : '';
        const reply = await kube.request('POST', `${base}${scope}/${plural}`, doc);
        expect([201, 409], JSON.stringify(reply.body)).toContain(reply.status);
      }
    }
    const tokenReply = await kube.request('POST', '/api/v1/namespaces/eksguard-system/serviceaccounts/eksguard-webhook/token', {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds: 600 },
    });
    expect(tokenReply.status, JSON.stringify(tokenReply.body)).toBe(201);
    const config = new KubeConfig();
    config.loadFromOptions({
      clusters: [{ name: 'local', server: kube.server, caData: kube.ca!.toString('base64'), skipTLSVerify: false }],
      users: [{ name: 'webhook', token: tokenReply.body.status.token }],
      contexts: [{ name: 'local', cluster: 'local', user: 'webhook' }],
      currentContext: 'local',
    });
    const reader = createKubeReader(credentialsFromKubeConfig(config)!);
    const fetchLabels = createKubeNamespaceFetcher(reader);
    try {
      const labels = await fetchLabels(ns.enforce, AbortSignal.timeout(5000));
      expect(labels).toMatchObject({ 'eksguard.io/enforce': 'high' });
      expect(await fetchLabels(`missing-${run}`, AbortSignal.timeout(5000))).toBeUndefined();
      // IngressClasses are listed; IngressClassParams are not installed here (404 = none), and the role may list them
      const classes = await createIngressClassFetcher(reader)(AbortSignal.timeout(5000));
      expect(classes).toContainEqual(expect.objectContaining({ kind: 'IngressClass', metadata: { name: ALB_CLASS } }));
    } finally {
      reader.close();
    }
    // and nothing else: the same token cannot list pods or read secrets
    const options = { ca: kube.ca, headers: { Authorization: `Bearer ${tokenReply.body.status.token}` } };
    for (const forbidden of [`/api/v1/namespaces/${ns.enforce}/pods`, `/api/v1/namespaces/${ns.enforce}/secrets`, '/api/v1/namespaces']) {
      const status = await new Promise<number>((resolve, reject) => {
        https.get(new URL(forbidden, kube.server), options, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject);
      });
      expect(status, forbidden).toBe(403);
    }
  });

  it('stops on SIGTERM, and then its failurePolicy Fail keeps privileged Pods out', async () => {
    serve.kill('SIGTERM');
    expect(await serveExit).toBe(0);
    expect(serveLog).toContain('"msg":"stopped"');
    const reply = await createPod(ns.enforce, 'while-down');
    expect(reply.status).toBe(500);
    expect(reply.body.message).toMatch(/failed calling webhook "validate.eksguard.io"/);
  });
});
