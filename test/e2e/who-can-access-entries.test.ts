import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, PATHS, clusterResponse } from '../../src/checks/aws/fixtures.js';
import { runCli, runCliJson } from './run-cli.js';

// moto (5.2) does not implement EKS access entries: the snapshot is recorded in the AWS CLI's
// shapes (docs/aws-snapshot.md), as `eksguard collect aws` writes them.
const POLICY = (name: string) => `arn:aws:eks::aws:cluster-access-policy/${name}`;
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/PlatformAdmin`;
const TEAM = `arn:aws:iam::${ACCOUNT}:role/TeamA`;
const DEVS = `arn:aws:iam::${ACCOUNT}:role/Developers`;
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
const NODES = `arn:aws:iam::${ACCOUNT}:role/eks-node-role`;

const entries: Record<string, { entry: Record<string, unknown>; policies: { policyArn: string; accessScope: unknown }[] }> = {
  admin: { entry: { principalArn: ADMIN, type: 'STANDARD', kubernetesGroups: [] }, policies: [{ policyArn: POLICY('AmazonEKSClusterAdminPolicy'), accessScope: { type: 'cluster', namespaces: [] } }] },
  team: { entry: { principalArn: TEAM, type: 'STANDARD', kubernetesGroups: [] }, policies: [{ policyArn: POLICY('AmazonEKSEditPolicy'), accessScope: { type: 'namespace', namespaces: ['team-a'] } }] },
  devs: { entry: { principalArn: DEVS, type: 'STANDARD', kubernetesGroups: ['deployers'] }, policies: [] },
  alice: { entry: { principalArn: ALICE, type: 'STANDARD', kubernetesGroups: [] }, policies: [{ policyArn: POLICY('AmazonEKSViewPolicy'), accessScope: { type: 'cluster', namespaces: [] } }] },
  nodes: { entry: { principalArn: NODES, type: 'EC2_LINUX', kubernetesGroups: ['system:nodes'] }, policies: [] },
};

const RBAC = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: deployer }
rules:
  - { apiGroups: [apps], resources: [deployments], verbs: [get, list, create, update, delete] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: deployers }
subjects: [{ kind: Group, name: deployers, apiGroup: rbac.authorization.k8s.io }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deployer }
`;

let dir: string;

function write(file: string, body: unknown): void {
  const target = path.join(dir, 'snapshot', file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, JSON.stringify(body));
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'eksguard-who-can-aws-'));
  write(PATHS.cluster, clusterResponse());
  write(PATHS.listAccessEntries, { accessEntries: Object.values(entries).map(({ entry }) => entry['principalArn']) });
  for (const [name, { entry, policies }] of Object.entries(entries)) {
    write(PATHS.accessEntry(name), { accessEntry: { clusterName: 'prod', ...entry } });
    write(PATHS.accessPolicies(name), { clusterName: 'prod', principalArn: entry['principalArn'], associatedAccessPolicies: policies });
  }
  mkdirSync(path.join(dir, 'k8s'));
  writeFileSync(path.join(dir, 'k8s', 'rbac.yaml'), RBAC);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('who-can with EKS access entries (--aws-snapshot)', () => {
  it('lists cluster-admin access entries and the groups entries map to, each row naming its access entry', () => {
    const result = runCli(['who-can', 'delete', 'deployments.apps', '-n', 'team-a', 'k8s', '--aws-snapshot', 'snapshot'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`access entry ${ADMIN} (AmazonEKSClusterAdminPolicy, cluster)`);
    expect(result.stdout).toContain(`access entry ${TEAM} (AmazonEKSEditPolicy, namespaces team-a)`);
    expect(result.stdout).toContain(`access entry ${DEVS} → group deployers → ClusterRoleBinding deployers`);
    // view may not delete; node entries carry no policies
    expect(result.stdout).not.toContain(ALICE);
    expect(result.stdout).not.toContain(NODES);
  });

  it('a namespace-scoped policy grants nothing outside its namespaces', () => {
    const { json, result } = runCliJson(['who-can', 'delete', 'deployments.apps', '-n', 'payments', 'k8s', '--aws-snapshot', 'snapshot'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const principals = json.accessEntries.results.map((row: { principal: { arn: string } }) => row.principal.arn);
    expect(principals).toContain(ADMIN);
    expect(principals).toContain(DEVS);
    expect(principals).not.toContain(TEAM);
    expect(json.accessEntries.cluster).toBe('prod');
    expect(json.accessEntries.results.find((row: { principal: { arn: string } }) => row.principal.arn === ADMIN)).toMatchObject({ accessPolicy: { name: 'AmazonEKSClusterAdminPolicy', scope: { type: 'cluster' } }, clusterAdmin: true });
  });

  it('reads the access entries alone, without manifests; a view policy answers get but not delete', () => {
    const get = runCliJson(['who-can', 'get', 'pods', '--aws-snapshot', 'snapshot'], { cwd: dir });
    expect(get.result.code, get.result.stderr).toBe(0);
    const arns = get.json.accessEntries.results.map((row: { principal: { arn: string } }) => row.principal.arn);
    expect(arns).toEqual(expect.arrayContaining([ADMIN, ALICE, TEAM]));
    const secrets = runCliJson(['who-can', 'get', 'secrets', '--aws-snapshot', 'snapshot'], { cwd: dir });
    // view does not read Secrets
    expect(secrets.json.accessEntries.results.map((row: { principal: { arn: string } }) => row.principal.arn)).not.toContain(ALICE);
  });

  it('refuses a --cluster the data does not hold, naming the ones it holds; accepts the one it holds', () => {
    const unknown = runCli(['who-can', 'get', 'pods', '--aws-snapshot', 'snapshot', '--cluster', 'staging'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('cluster "staging" is not in the AWS data');
    expect(unknown.stderr).toContain('the data holds: prod');
    const named = runCli(['who-can', 'get', 'pods', '--aws-snapshot', 'snapshot', '--cluster', 'prod'], { cwd: dir });
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout).toContain(ADMIN);
  });

  it('without AWS data --cluster is a usage error', () => {
    const result = runCli(['who-can', 'get', 'pods', 'k8s', '--cluster', 'prod'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--cluster only applies with --aws or --aws-snapshot');
  });
});
