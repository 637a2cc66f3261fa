import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { loadAll } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allChecks } from '../../src/checks/index.js';
import { isCheckEnabled } from '../../src/core/engine.js';
import { collectCluster } from '../../src/sources/kube/index.js';
import { loadKubeconfig } from '../../src/sources/kube/kubeconfig.js';
import { createTransport } from '../../src/sources/kube/transport.js';
import { createObjects, runCliAsync, runCliJsonAsync, namespace, pod, repoRoot, serviceAccountToken, startLocalCluster, writeKubeconfig, type LocalCluster } from './local-cluster.js';

// Scans with the shipped least-privilege role (deploy/rbac/eksguard-reader.yaml),
// as ServiceAccounts whose tokens come from the TokenRequest API, and with
// roles that lack one permission each: the scan must go on and say what it missed.
let cluster: LocalCluster;
let work: string;
const kubeconfigs: Record<string, string> = {};

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

const shipped = loadAll(readFileSync(path.join(repoRoot, 'deploy/rbac/eksguard-reader.yaml'), 'utf8')) as (KubernetesObject & { rules?: Rule[] })[];
const readerRules = shipped.find((doc) => doc.kind === 'ClusterRole' && doc.metadata?.name === 'eksguard-reader')!.rules!;

/** The shipped reader rules without one resource. */
/** The reader's rules without one resource of one API group (Calico's CRDs also have `networkpolicies`). */
function readerWithout(resource: string, group: string): Rule[] {
  return readerRules
    .map((rule) => (rule.resources && (rule.apiGroups ?? []).includes(group) ? { ...rule, resources: rule.resources.filter((r) => r !== resource) } : rule))
    .filter((rule) => !rule.resources || rule.resources.length > 0);
}

function clusterRole(name: string, rules: Rule[]): KubernetesObject {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules } as KubernetesObject;
}

function bind(kind: 'ClusterRoleBinding' | 'RoleBinding', name: string, role: string, serviceAccount: string, ns?: string): KubernetesObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name, ...(ns ? { namespace: ns } : {}) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ kind: 'ServiceAccount', name: serviceAccount, namespace: 'eksguard' }],
  } as KubernetesObject;
}

const serviceAccount = (name: string): KubernetesObject => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'eksguard' } });

beforeAll(async () => {
  cluster = await startLocalCluster('kube-reader');
  work = mkdtempSync(path.join(tmpdir(), 'eksguard-kube-reader-'));
  // The shipped file as a user would apply it (Namespace and ServiceAccount first).
  await createObjects(cluster.admin, shipped, 1);
  await createObjects(cluster.admin, [
    namespace('apps'),
    serviceAccount('no-netpol'),
    serviceAccount('no-pods'),
    serviceAccount('no-secrets'),
    serviceAccount('team-apps'),
    clusterRole('reader-without-networkpolicies', readerWithout('networkpolicies', 'networking.k8s.io')),
    clusterRole('reader-without-pods', readerWithout('pods', '')),
    bind('ClusterRoleBinding', 'no-netpol', 'reader-without-networkpolicies', 'no-netpol'),
    bind('ClusterRoleBinding', 'no-pods', 'reader-without-pods', 'no-pods'),
    bind('ClusterRoleBinding', 'no-secrets', 'eksguard-reader', 'no-secrets'),
    bind('ClusterRoleBinding', 'no-netpol-secrets', 'eksguard-reader-secret-metadata', 'no-netpol'),
    bind('ClusterRoleBinding', 'no-pods-secrets', 'eksguard-reader-secret-metadata', 'no-pods'),
  ]);
  await createObjects(cluster.admin, [
    pod('apps', 'root', { containers: [{ name: 'c', image: 'busybox:1.36', securityContext: { privileged: true } }] }),
    // a team that may read its own namespace only
    bind('RoleBinding', 'team-apps', 'eksguard-reader', 'team-apps', 'apps'),
    bind('RoleBinding', 'team-apps-secrets', 'eksguard-reader-secret-metadata', 'team-apps', 'apps'),
  ]);
  for (const name of ['eksguard-scanner', 'no-netpol', 'no-pods', 'no-secrets', 'team-apps']) {
    const token = await serviceAccountToken(cluster.admin, 'eksguard', name);
    kubeconfigs[name] = writeKubeconfig(path.join(work, `${name}.kubeconfig`), cluster, { token });
  }
}, 30 * 60_000);

afterAll(async () => {
  await cluster?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const scan = (kubeconfig: string, ...args: string[]) => runCliJsonAsync(['scan', '--kube', '--kubeconfig', kubeconfig, '--fail-on', 'none', ...args], { env: { KUBECONFIG: '' } });

/** The registered checks (enabled by default) that read one of these data keys. */
function checksNeeding(...keys: string[]): string[] {
  return allChecks.filter((check) => isCheckEnabled(check, undefined) && check.needs.some((need) => keys.includes(need))).map((check) => check.id);
}

describe('scan --kube with the shipped eksguard-reader role', () => {
  it('scans completely as a ServiceAccount bound to it', async () => {
    const { json, result } = await scan(kubeconfigs['eksguard-scanner']!);
    expect(result.code, result.stderr).toBe(0);
    expect(json.gaps).toEqual([]);
    expect(json.errors).toEqual([]);
    expect(json.findings).toContainEqual(
      expect.objectContaining({ checkId: 'PSS-privileged', status: 'fail', resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'apps', name: 'root', context: 'scanner' } }),
    );
  });

  it('is really least privilege: that identity may list pods but not get one, nor write', async () => {
    const loaded = loadKubeconfig({ kubeconfig: kubeconfigs['eksguard-scanner']! });
    const transport = createTransport(loaded.kubeConfig, { server: loaded.server, userAgent: 'eksguard-test' });
    try {
      await expect(transport.getJson('/api/v1/namespaces/apps/pods/root')).rejects.toMatchObject({ status: 403, reason: 'Forbidden' });
      await expect(transport.getJson('/api/v1/namespaces/apps/pods/root/log')).rejects.toMatchObject({ status: 403 });
    } finally {
      transport.close();
    }
  });

  it("reads kubectl's tokenFile, relative to the kubeconfig", async () => {
    const token = readFileSync(kubeconfigs['eksguard-scanner']!, 'utf8').match(/"token": "([^"]+)"/)![1]!;
    mkdirSync(path.join(work, 'token-file', 'tokens'), { recursive: true });
    writeFileSync(path.join(work, 'token-file', 'tokens', 'scanner'), `${token}\n`, { mode: 0o600 });
    const file = writeKubeconfig(path.join(work, 'token-file', 'kubeconfig'), cluster, { tokenFile: 'tokens/scanner' }, 'token-file');
    const { json, result } = await scan(file);
    expect(result.code, result.stderr).toBe(0);
    expect(json.gaps).toEqual([]);
    expect(json.findings).toContainEqual(expect.objectContaining({ checkId: 'PSS-privileged', resource: expect.objectContaining({ name: 'root', context: 'token-file' }) }));
  });

  it('gets its token from an exec credential plugin, run once per scan', async () => {
    const token = readFileSync(kubeconfigs['eksguard-scanner']!, 'utf8').match(/"token": "([^"]+)"/)![1]!;
    const tokenFile = path.join(work, 'plugin-token');
    const countFile = path.join(work, 'plugin-count');
    writeFileSync(tokenFile, token, { mode: 0o600 });
    writeFileSync(countFile, '');
    const plugin = path.join(work, 'credential-plugin.cjs');
    writeFileSync(
      plugin,
      `const fs = require('node:fs');
fs.appendFileSync(process.env.COUNT_FILE, 'x');
process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential',
  status: { token: fs.readFileSync(process.env.TOKEN_FILE, 'utf8').trim(), expirationTimestamp: new Date(Date.now() + 600000).toISOString() } }));
`,
    );
    const exec = {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: process.execPath,
      args: [plugin],
      env: [
        { name: 'TOKEN_FILE', value: tokenFile },
        { name: 'COUNT_FILE', value: countFile },
      ],
      interactiveMode: 'Never',
    };
    const file = writeKubeconfig(path.join(work, 'exec.kubeconfig'), cluster, { exec }, 'eks-like');
    const { json, result } = await scan(file);
    expect(result.code, result.stderr).toBe(0);
    expect(json.gaps).toEqual([]);
    expect(json.findings).toContainEqual(expect.objectContaining({ checkId: 'PSS-privileged', resource: expect.objectContaining({ name: 'root', context: 'eks-like' }) }));
    expect(readFileSync(countFile, 'utf8')).toBe('x');
  });

  it('explains a failing credential plugin', async () => {
    const plugin = path.join(work, 'broken-plugin.cjs');
    writeFileSync(plugin, "process.stderr.write('An error occurred (ExpiredToken) when calling the GetCallerIdentity operation\\n'); process.exit(255);\n");
    const file = writeKubeconfig(path.join(work, 'broken.kubeconfig'), cluster, { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: process.execPath, args: [plugin] } }, 'broken');
    const result = await runCliAsync(['scan', '--kube', '--kubeconfig', file], { env: { KUBECONFIG: '' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot get credentials for context "broken"');
    expect(result.stderr).toContain('ExpiredToken');
  });

  it('rejects a token the API server does not accept', async () => {
    const file = writeKubeconfig(path.join(work, 'bad-token.kubeconfig'), cluster, { token: 'not-a-valid-token' }, 'bad');
    const result = await runCliAsync(['scan', '--kube', '--kubeconfig', file], { env: { KUBECONFIG: '' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('rejected the credentials of context "bad"');
    expect(result.stderr).not.toContain('not-a-valid-token');
  });
});

describe('scan --kube without a permission', () => {
  it('reports a forbidden NetworkPolicy list as a gap, skips the checks that need it, and goes on', async () => {
    const { json, result } = await scan(kubeconfigs['no-netpol']!, '--include-passed');
    expect(result.code, result.stderr).toBe(0);
    const starved = checksNeeding('kube:NetworkPolicy');
    expect(starved.length).toBeGreaterThan(0);
    expect(json.gaps).toEqual([
      {
        source: 'kube list networkpolicies.networking.k8s.io',
        reason: expect.stringMatching(/^Forbidden: networkpolicies\.networking\.k8s\.io is forbidden: User "system:serviceaccount:eksguard:no-netpol" cannot list/),
        checks: starved,
      },
    ]);
    for (const id of starved) {
      const results = json.findings.filter((f: any) => f.checkId === id);
      expect(results, id).toEqual([expect.objectContaining({ status: 'skipped', message: expect.stringContaining('kube list networkpolicies.networking.k8s.io') })]);
    }
    expect(json.findings).toContainEqual(expect.objectContaining({ checkId: 'PSS-privileged', status: 'fail', resource: expect.objectContaining({ name: 'root' }) }));
  });

  it('skips every workload check when Pods cannot be listed, rather than passing them on partial data', async () => {
    const { json, result } = await scan(kubeconfigs['no-pods']!, '--include-passed');
    expect(result.code, result.stderr).toBe(0);
    expect(json.gaps.map((gap: any) => gap.source)).toEqual(['kube list pods']);
    expect(json.gaps[0].checks).toEqual(checksNeeding('kube:Pod', 'kube:workloads'));
    const privileged = json.findings.filter((f: any) => f.checkId === 'PSS-privileged');
    expect(privileged).toEqual([expect.objectContaining({ status: 'skipped', message: expect.stringMatching(/^skipped: kube list pods could not be collected \(Forbidden: /) })]);
  });

  it('without the secret-metadata role, only the Secret data is missing', async () => {
    const inventory = await collectCluster({ kubeconfig: kubeconfigs['no-secrets']!, checks: [{ id: 'K8S-IAM-005', needs: ['kube:Secret'] }, { id: 'PSS-privileged', needs: ['kube:workloads'] }] });
    expect(inventory.gaps).toEqual([{ source: 'kube list secrets', reason: expect.stringMatching(/^Forbidden: secrets is forbidden/), checks: ['K8S-IAM-005'] }]);
    expect([...inventory.missing.keys()]).toEqual(['kube:Secret']);
    expect(inventory.kube.some((object) => object.kind === 'Pod' && object.name === 'root')).toBe(true);
  });

  it('lets a namespace-scoped identity scan its namespace; cluster-wide kinds become gaps', async () => {
    const { json, result } = await scan(kubeconfigs['team-apps']!, '--namespace', 'apps', '--include-passed');
    expect(result.code, result.stderr).toBe(0);
    expect(json.errors).toEqual([]);
    expect(json.findings).toContainEqual(expect.objectContaining({ checkId: 'PSS-privileged', status: 'fail', resource: expect.objectContaining({ namespace: 'apps', name: 'root' }) }));
    const sources: string[] = json.gaps.map((gap: any) => gap.source);
    expect(sources.length, JSON.stringify(json.gaps)).toBeGreaterThan(0);
    expect(sources.every((source) => !source.includes(' -n '))).toBe(true);
    for (const source of sources) expect(source, JSON.stringify(json.gaps)).toMatch(/^kube list (nodes|clusterroles|clusterrolebindings|storageclasses|ingressclasses|ingressclassparams|validatingwebhookconfigurations|mutatingwebhookconfigurations|nodeclasses|ciliumclusterwidenetworkpolicies|globalnetworkpolicies)\b/);
  });
});
