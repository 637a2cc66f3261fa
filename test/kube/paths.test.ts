/**
 * Attack paths with the Kubernetes half read from a real kube-apiserver (`--kube`) and the AWS
 * half from a snapshot: the path exists only when both halves join, and the objects of the path
 * are cited as the live cluster names them.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, IRSA_ROLE, IRSA_ROLE_ARN, awsFiles } from '../helpers/attack-world.js';
import { createObjects, namespace, runCliJsonAsync, startLocalCluster, type LocalCluster } from './local-cluster.js';

let cluster: LocalCluster;
let work: string;
const env = () => ({ KUBECONFIG: cluster.kubeconfig });

function exposedApi(ns: string, roleArn: string, serviceType: string): KubernetesObject[] {
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api', namespace: ns, annotations: { 'eks.amazonaws.com/role-arn': roleArn } } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: ns },
      spec: {
        selector: { matchLabels: { app: 'api' } },
        template: { metadata: { labels: { app: 'api' } }, spec: { serviceAccountName: 'api', containers: [{ name: 'api', image: 'registry.example/api:1.0' }] } },
      },
    } as KubernetesObject,
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: ns }, spec: { type: serviceType, selector: { app: 'api' }, ports: [{ port: 443 }] } } as KubernetesObject,
  ];
}

beforeAll(async () => {
  cluster = await startLocalCluster('kube-paths');
  work = mkdtempSync(path.join(tmpdir(), 'eksguard-kube-paths-'));
  for (const [name, body] of Object.entries(awsFiles({ irsaManaged: [ADMIN] }))) {
    const file = path.join(work, 'snapshot', name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(body));
  }
  await createObjects(cluster.admin, [namespace('payments'), namespace('internal')]);
  // payments/api is exposed and names the admin role; internal/api names it too but is only a ClusterIP Service
  await createObjects(cluster.admin, [...exposedApi('payments', IRSA_ROLE_ARN, 'LoadBalancer'), ...exposedApi('internal', IRSA_ROLE_ARN, 'ClusterIP')]);
}, 600_000);

afterAll(async () => {
  await cluster?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

type PathEntry = { checkId: string; status: string; nodes: { label: string; resource?: { context?: string } }[] };

describe('eksguard paths --kube with an AWS snapshot', () => {
  it('joins the live ServiceAccounts and Services with the IRSA role: one admin path, none from the internal Service', async () => {
    const { json, result } = await runCliJsonAsync(['paths', '--kube', '--aws-snapshot', path.join(work, 'snapshot'), '--fail-on', 'none'], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    const failing: PathEntry[] = json.paths.paths.filter((entry: PathEntry) => entry.status === 'fail');
    expect(failing.map((entry) => `${entry.checkId}: ${entry.nodes.map((node) => node.label).join(' > ')}`)).toEqual([
      `EKS-PATH-001: the internet > load balancer of Service payments/api > Service payments/api > Deployment payments/api > ServiceAccount payments/api > IAM role ${IRSA_ROLE} > admin of AWS account 111122223333`,
    ]);
    // the Kubernetes steps are the live objects of the kubeconfig context
    expect(failing[0]!.nodes[2]!.resource?.context).toBe('local-cluster');
  }, 180_000);

  it('without the AWS half the same live objects make a skipped path that names what to add', async () => {
    const { json, result } = await runCliJsonAsync(['paths', '--kube'], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    const payments = json.paths.paths.filter((entry: PathEntry) => entry.nodes.some((node) => node.label === 'Service payments/api'));
    expect(payments.length).toBeGreaterThan(0);
    expect(payments.every((entry: PathEntry) => entry.status === 'skipped')).toBe(true);
    expect(JSON.stringify(payments[0].missing)).toContain('add --aws, --aws-snapshot or infrastructure code');
  }, 180_000);
});
