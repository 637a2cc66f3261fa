// The local kube-apiserver the cluster benchmarks share (bench:kube, bench:watch): started by
// scripts/local-cluster.sh in a run directory of its own, then loaded with namespaces, bare Pods
// and Deployments (no nodes: pods stay Pending). Every tenth pod is privileged and every fifth runs
// as root, so the checks have findings to write.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { podSpec } from './corpus.mjs';

/**
 * Starts the cluster and loads it. Returns the kubeconfig, a keep-alive client (`request`,
 * `create`, `agent`), the cluster's variables and how long the load took.
 */
export async function startLoadedCluster({ clusterScript, runDir, pods, deployments, namespaces, concurrency }) {
  const clusterEnv = { ...process.env, LOCAL_CLUSTER_RUN_DIR: runDir };
  const line = execFileSync('bash', [clusterScript, 'start'], { env: clusterEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const kubeconfig = /^export KUBECONFIG=(.+)$/m.exec(line)?.[1]?.trim();
  if (!kubeconfig) throw new Error(`local-cluster.sh start printed no KUBECONFIG line: ${line}`);
  const state = readFileSync(path.join(runDir, 'cluster.env'), 'utf8');
  const variable = (key) => new RegExp(`^${key}=(.*)$`, 'm').exec(state)?.[1]?.replace(/^'|'$/g, '') ?? '';
  const server = new URL(variable('LOCAL_CLUSTER_SERVER'));
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: concurrency,
    ca: readFileSync(variable('LOCAL_CLUSTER_CA_CERT')),
    cert: readFileSync(variable('LOCAL_CLUSTER_CLIENT_CERT')),
    key: readFileSync(variable('LOCAL_CLUSTER_CLIENT_KEY')),
  });

  function request(method, apiPath, body) {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = https.request(
        { host: server.hostname, port: server.port, path: apiPath, method, agent, headers: { 'content-type': 'application/json', accept: 'application/json' } },
        (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** POSTs an object; 409 (already there from an earlier --keep run) is fine; 429 (API priority and fairness) is retried. */
  async function create(apiPath, object) {
    for (let attempt = 0; ; attempt += 1) {
      const { status, text } = await request('POST', apiPath, object);
      if (status === 201 || status === 409) return;
      if (status === 429 && attempt < 20) {
        await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
        continue;
      }
      throw new Error(`POST ${apiPath} -> ${status}: ${text.slice(0, 300)}`);
    }
  }

  async function inParallel(count, work) {
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) await work(next++);
      }),
    );
  }

  const namespaceOf = (i) => `bench-${i % namespaces}`;
  const loadStarted = process.hrtime.bigint();
  await inParallel(namespaces, (i) => create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `bench-${i}` } }));
  await inParallel(pods, (i) =>
    create(`/api/v1/namespaces/${namespaceOf(i)}/pods`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `pod-${i}`, labels: { app: `app-${i % 200}`, tier: 'web' }, annotations: { 'team.example/owner': `team-${i % 20}` } },
      spec: podSpec(i),
    }),
  );
  await inParallel(deployments, (i) =>
    create(`/apis/apps/v1/namespaces/${namespaceOf(i)}/deployments`, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `deploy-${i}`, labels: { app: `deploy-${i}` } },
      spec: { replicas: 3, selector: { matchLabels: { app: `deploy-${i}` } }, template: { metadata: { labels: { app: `deploy-${i}` } }, spec: podSpec(i + 7) } },
    }),
  );
  const loadSeconds = Number(process.hrtime.bigint() - loadStarted) / 1e9;
  return { clusterEnv, kubeconfig, server, agent, variable, request, create, inParallel, namespaceOf, loadSeconds };
}
