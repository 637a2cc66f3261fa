/**
 * Attack paths end to end on a moto world plus manifests: `eksguard paths --aws` reads the
 * roles, their attached managed policies (GetPolicy, GetPolicyVersion), inline policies and
 * permissions boundaries (GetRole) from moto through the real SDK collector, and joins them
 * with the ServiceAccounts and Services of the manifests. Three exposed workloads: one whose
 * role is admin (a path), one whose role trusts another ServiceAccount (no path), one whose
 * admin role sits inside a boundary that keeps only s3:GetObject (a data path, no admin path).
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allChecks } from '../../src/checks/index.js';
import { runChecks } from '../../src/core/engine.js';
import { mergeInventories } from '../../src/core/inventory.js';
import { collectAws } from '../../src/sources/aws/index.js';
import { starvedChecks } from '../helpers/aws-example.js';
import { DEFAULT_SETTINGS, FIXED_NOW, inventoryFromYaml } from '../helpers/run-check.js';
import { runCliJson } from '../e2e/run-cli.js';
import { makeWorkdir } from '../e2e/workdir.js';
import { MotoServer } from './moto-env.js';
import { GOOD_REGION, PATH_ROLES, seedAccount, seedWorkloadRoles } from './seed.js';

const ACCOUNT = '123456789012';

/** An internet-facing Deployment in `namespace`, running as ServiceAccount `account`, which names `role`. */
function exposedWorkload(namespace: string, account: string, role: string): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${namespace}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${account}
  namespace: ${namespace}
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/${role}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: ${namespace}
spec:
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      serviceAccountName: ${account}
      containers:
        - name: api
          image: 111122223333.dkr.ecr.us-east-1.amazonaws.com/api@sha256:${'a'.repeat(64)}
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: ${namespace}
spec:
  type: LoadBalancer
  selector: { app: api }
  ports:
    - port: 443
`;
}

interface PathEntry {
  checkId: string;
  status: string;
  nodes: { kind: string; label: string }[];
}

const describePath = (entry: PathEntry) => `${entry.checkId} ${entry.status}: ${entry.nodes.map((node) => node.label).join(' > ')}`;

let moto: MotoServer;
let dir: string;
const env = () => ({
  AWS_ENDPOINT_URL: moto.endpoint,
  AWS_ACCESS_KEY_ID: 'AKIAEKSGUARDTEST0000',
  AWS_SECRET_ACCESS_KEY: 'eksguardFAKEsecretKEY0000000000000000000',
  AWS_REGION: GOOD_REGION,
  AWS_EC2_METADATA_DISABLED: 'true',
});
const aws = ['--aws', '--region', GOOD_REGION, '--cluster', 'hardened'];

beforeAll(async () => {
  moto = MotoServer.start();
  const { hardened } = await seedAccount(moto.endpoint);
  await seedWorkloadRoles(moto.endpoint, hardened);
  dir = makeWorkdir({
    'k8s/payments.yaml': exposedWorkload('payments', 'api', PATH_ROLES.admin),
    // the role trusts system:serviceaccount:reports:worker, not reports/api
    'k8s/reports.yaml': exposedWorkload('reports', 'api', PATH_ROLES.otherServiceAccount),
    'k8s/billing.yaml': exposedWorkload('billing', 'api', PATH_ROLES.bounded),
  });
}, 600_000);

afterAll(() => {
  moto?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('attack paths on a moto account plus manifests', () => {
  let paths: PathEntry[];

  beforeAll(() => {
    const { json, result } = runCliJson(['paths', 'k8s', ...aws, '--fail-on', 'none', '--format', 'json'], { cwd: dir, env: env() });
    expect(result.code, result.stderr).toBe(0);
    expect(json.gaps.filter((gap: { source: string }) => gap.source.startsWith('aws iam:'))).toEqual([]);
    paths = json.paths.paths;
  }, 120_000);

  it('finds the internet → IRSA → AdministratorAccess path, read from the role\'s attached managed policy', () => {
    expect(paths.filter((entry) => entry.status === 'fail' && entry.checkId === 'EKS-PATH-001').map(describePath)).toEqual([
      `EKS-PATH-001 fail: the internet > load balancer of Service payments/api > Service payments/api > Deployment payments/api > ServiceAccount payments/api > IAM role ${PATH_ROLES.admin} > admin of AWS account ${ACCOUNT}`,
    ]);
  });

  it('has NO path through a role whose trust names another ServiceAccount', () => {
    expect(paths.filter((entry) => entry.nodes.some((node) => node.label === `IAM role ${PATH_ROLES.otherServiceAccount}`)).map(describePath)).toEqual([]);
  });

  it('has NO admin path through a role whose permissions boundary denies all but s3:GetObject, but the data path it leaves', () => {
    const billing = paths.filter((entry) => entry.nodes.some((node) => node.label === `IAM role ${PATH_ROLES.bounded}`));
    expect(billing.filter((entry) => entry.checkId !== 'EKS-PATH-003').map(describePath)).toEqual([]);
    expect(billing.map((entry) => [entry.checkId, entry.status, entry.nodes.at(-1)?.kind])).toEqual([['EKS-PATH-003', 'fail', 'capability']]);
  });

  it('scan --aws judges the same roles: EKS-IAM-009 fails both admin roles (whoever they trust), not the bounded one; EKS-IAM-010 all three, the bounded one for data only', () => {
    const { json } = runCliJson(['scan', 'k8s', ...aws, '--fail-on', 'none'], { cwd: dir, env: env() });
    type Row = { checkId: string; status: string; message: string; resource: { arn?: string } };
    const failing = (id: string): Row[] => json.findings.filter((f: Row) => f.checkId === id && f.status === 'fail');
    const roles = (rows: Row[]) => [...new Set(rows.map((f) => f.resource.arn))].sort();
    const arn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
    expect(roles(failing('EKS-IAM-009'))).toEqual([arn(PATH_ROLES.admin), arn(PATH_ROLES.otherServiceAccount)]);
    expect(roles(failing('EKS-IAM-010'))).toEqual([arn(PATH_ROLES.bounded), arn(PATH_ROLES.admin), arn(PATH_ROLES.otherServiceAccount)]);
    const bounded = failing('EKS-IAM-010').filter((f) => f.resource.arn === arn(PATH_ROLES.bounded));
    expect(bounded).toHaveLength(1);
    expect(bounded[0]!.message).toContain('s3:GetObject');
    expect(json.paths.summary.fail).toBe(2);
  }, 120_000);

  it('without the manifests, the paths are skipped and name the Kubernetes half', () => {
    const { json, result } = runCliJson(['paths', ...aws, '--format', 'json'], { cwd: dir, env: env() });
    expect(result.code, result.stderr).toBe(0);
    expect(json.paths.paths.length).toBeGreaterThan(0);
    expect(json.paths.paths.every((entry: { status: string }) => entry.status === 'skipped')).toBe(true);
  }, 120_000);


  it('a denied iam:GetPolicyVersion is a gap; paths through the unread boundary are skipped, the shipped AdministratorAccess document still decides', async () => {
    const iam = moto.iam();
    iam.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'GetPolicyVersionCommand') {
          throw Object.assign(new Error('User: arn:aws:sts::123456789012:assumed-role/auditor/x is not authorized to perform: iam:GetPolicyVersion'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
        }
        return next(args);
      },
      { step: 'initialize' },
    );
    const collected = await collectAws({ regions: [GOOD_REGION], clusters: ['hardened'], clientsFor: (region) => moto.clients(region), iamClient: iam, starvedChecks, now: FIXED_NOW });
    expect(collected.gaps.find((gap) => gap.source === 'aws iam:GetPolicyVersion')?.reason).toMatch(/^AccessDenied: .*not authorized to perform: iam:GetPolicyVersion/);
    const manifests = ['payments', 'billing'].map((namespace) => exposedWorkload(namespace, 'api', namespace === 'payments' ? PATH_ROLES.admin : PATH_ROLES.bounded)).join('---\n');
    const findings = runChecks({ checks: allChecks, inventory: mergeInventories([inventoryFromYaml(manifests), collected]), settings: DEFAULT_SETTINGS, now: FIXED_NOW });
    const namespaceOf = (f: (typeof findings)[number]) => ('namespace' in f.resource ? f.resource.namespace : undefined);
    const pathResults = findings.filter((f) => f.checkId.startsWith('EKS-PATH-') && f.status !== 'pass' && f.status !== 'not-applicable');
    expect(pathResults.filter((f) => f.status === 'fail').map((f) => `${f.checkId} ${namespaceOf(f)}`)).toEqual(['EKS-PATH-001 payments']);
    const billing = pathResults.filter((f) => namespaceOf(f) === 'billing');
    expect(billing.length).toBeGreaterThan(0);
    expect(billing.every((f) => f.status === 'skipped')).toBe(true);
    expect(billing.map((f) => f.message).join('\n')).toContain('workload-boundary');
  }, 120_000);
});
