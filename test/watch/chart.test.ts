import { execFileSync } from 'node:child_process';
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

type Doc = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> }; [key: string]: any };

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

function render(sets: readonly string[] = [], namespace = 'eksguard'): Doc[] {
  const out = execFileSync(helm, ['template', 'eksguard', path.join(repoRoot, CHART), '--namespace', namespace, '--include-crds', ...sets.flatMap((set) => ['--set', set])], { encoding: 'utf8' });
  return docs(out);
}

const find = (list: readonly Doc[], kind: string, name: string) => list.find((doc) => doc.kind === kind && doc.metadata.name === name);
const watchArgs = (list: readonly Doc[]): string[] => find(list, 'Deployment', 'eksguard-watch')!.spec.template.spec.containers[0].args;

beforeAll(() => {
  helm = projectHelm();
}, 30 * 60_000);

describe('the eksguard Helm chart', () => {
  it('passes helm lint --strict', () => {
    const out = execFileSync(helm, ['lint', '--strict', path.join(repoRoot, CHART)], { encoding: 'utf8' });
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

  it.each([
    ['defaults', []],
    ['with the AWS audit', ['--helm-set', 'aws.enabled=true', '--helm-set', 'aws.clusters[0]=prod', '--helm-set', 'aws.roleArn=arn:aws:iam::111122223333:role/eksguard-watch']],
  ])('has zero failures in eksguard scan --pss-level restricted (%s)', (_name, sets) => {
    const { json, result } = runCliJson(['scan', CHART, '--helm-bin', helm, '--helm-namespace', 'eksguard', '--pss-level', 'restricted', '--include-passed', ...sets], { cwd: repoRoot });
    expect(json.errors, result.stderr).toEqual([]);
    expect(json.summary.inputs).toMatchObject({ charts: 1 });
    expect(json.findings.filter((finding: any) => finding.status === 'fail').map((finding: any) => `${finding.checkId} ${finding.resource.kind}/${finding.resource.name}`)).toEqual([]);
    expect(json.findings.filter((finding: any) => finding.status === 'pass').length).toBeGreaterThan(30);
  });

  it('installs with helm install on the real kube-apiserver: every object accepted, the CRDs served', async () => {
    const cluster = await startLocalCluster('chart');
    const transport = createTransport(cluster.admin, { server: cluster.server, userAgent: 'eksguard-test' });
    try {
      const out = execFileSync(helm, ['install', 'eksguard', path.join(repoRoot, CHART), '--namespace', 'eksguard', '--create-namespace', '--kubeconfig', cluster.kubeconfig, '--set', 'aws.enabled=true', '--set', 'aws.clusters[0]=prod'], { encoding: 'utf8', timeout: 120_000 });
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
      ]) {
        await expect(get(target), target).resolves.toBeDefined();
      }
      execFileSync(helm, ['uninstall', 'eksguard', '--namespace', 'eksguard', '--kubeconfig', cluster.kubeconfig, '--wait'], { encoding: 'utf8', timeout: 120_000 });
      await expect(get('/apis/apps/v1/namespaces/eksguard/deployments/eksguard-watch')).rejects.toSatisfy((error) => error instanceof KubeApiError && error.status === 404);
    } finally {
      transport.close();
      await cluster.stop();
    }
  }, 15 * 60_000);
});
