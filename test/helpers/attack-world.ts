/**
 * A small world for attack-path tests: one EKS cluster (prod, us-east-1) with one node group, a
 * node role and an IRSA role for ServiceAccount payments/api, as AWS CLI responses; and the
 * manifests of a payments/api Deployment behind an internet-facing Service. Each test bends it.
 */
import { allChecks } from '../../src/checks/index.js';
import { ACCOUNT, ISSUER_HOST, NODE_ROLE_ARN, PATHS, REGION, attachedPolicies, clusterResponse, ec2Trust, irsaTrust, launchTemplateResponse, nodegroupResponse, roleJson } from '../../src/checks/aws/fixtures.js';
import type { AttackPath } from '../../src/core/attack-path.js';
import { evaluateChecks } from '../../src/core/engine.js';
import type { Inventory } from '../../src/core/inventory.js';
import type { Finding } from '../../src/core/types.js';
import { awsInventory } from './aws.js';
import { DEFAULT_SETTINGS, FIXED_NOW, inventoryFromYaml } from './run-check.js';

export const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
export const WORKER = ['arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy', 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly'];
export const IRSA_ROLE = 'payments-api';
export const IRSA_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${IRSA_ROLE}`;

export const doc = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });

export interface AwsWorld {
  /** IAM subject the IRSA role trusts (`system:serviceaccount:ns:name`) */
  trusts?: string;
  irsaManaged?: string[];
  irsaInline?: unknown;
  irsaBoundary?: unknown;
  nodeManaged?: string[];
  /** MetadataOptions of the node group's launch template */
  metadata?: Record<string, unknown>;
  extra?: Record<string, unknown>;
}

function policyFiles(name: string, managed: readonly string[], inline: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {
    [PATHS.attachedPolicies(name)]: attachedPolicies(managed),
    [PATHS.rolePolicies(name)]: { PolicyNames: inline ? ['app'] : [] },
  };
  if (inline) out[`iam/roles/${name}/inline-app.json`] = { RoleName: name, PolicyName: 'app', PolicyDocument: inline };
  return out;
}

export function awsFiles(world: AwsWorld = {}): Record<string, unknown> {
  const trust = irsaTrust({ StringEquals: { [`${ISSUER_HOST}:sub`]: world.trusts ?? 'system:serviceaccount:payments:api', [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com' } });
  const base = `${REGION}/eks/clusters/prod`;
  const files: Record<string, unknown> = {
    [PATHS.cluster]: clusterResponse(),
    [`${base}/list-nodegroups.json`]: { nodegroups: ['general'] },
    [PATHS.nodegroup()]: nodegroupResponse(),
    [PATHS.launchTemplate()]: launchTemplateResponse(world.metadata ? { MetadataOptions: world.metadata } : {}),
    [`${base}/list-fargate-profiles.json`]: { fargateProfileNames: [] },
    [PATHS.listAccessEntries]: { accessEntries: [] },
    [PATHS.listPodIdentity]: { associations: [] },
    [PATHS.roles]: { Roles: [roleJson('eks-node-role', ec2Trust), roleJson(IRSA_ROLE, trust)] },
    ...policyFiles('eks-node-role', world.nodeManaged ?? WORKER, undefined),
    ...policyFiles(IRSA_ROLE, world.irsaManaged ?? [], world.irsaInline),
    ...world.extra,
  };
  for (const name of ['eks-node-role', IRSA_ROLE]) {
    const boundary = name === IRSA_ROLE ? world.irsaBoundary : undefined;
    const role = { ...roleJson(name, name === IRSA_ROLE ? trust : ec2Trust), ...(boundary ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/boundary` } } : {}) };
    files[`iam/roles/${name}/get-role.json`] = { Role: role };
  }
  if (world.irsaBoundary) {
    files['iam/policies/boundary/get-policy.json'] = { Policy: { Arn: `arn:aws:iam::${ACCOUNT}:policy/boundary`, PolicyName: 'boundary', DefaultVersionId: 'v1' } };
    files['iam/policies/boundary/get-policy-version.json'] = { PolicyVersion: { VersionId: 'v1', Document: world.irsaBoundary } };
  }
  void NODE_ROLE_ARN;
  return files;
}

export interface KubeWorld {
  /** the Service is internal */
  internal?: boolean;
  /** pod spec fields of the Deployment (hostNetwork, securityContext …) */
  podSpec?: string;
  /** container securityContext */
  container?: string;
  serviceAccountAnnotation?: boolean;
  /** more annotations of the Service */
  serviceAnnotations?: Record<string, string>;
  extra?: string;
}

export function manifests(world: KubeWorld = {}): string {
  const annotation = world.serviceAccountAnnotation === false ? '' : `\n  annotations:\n    eks.amazonaws.com/role-arn: ${IRSA_ROLE_ARN}`;
  const serviceAnnotations = { ...(world.internal ? { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } : {}), ...world.serviceAnnotations };
  const internal = Object.keys(serviceAnnotations).length > 0 ? `\n  annotations:${Object.entries(serviceAnnotations).map(([key, value]) => `\n    ${key}: ${JSON.stringify(value)}`).join('')}` : '';
  return `apiVersion: v1
kind: Namespace
metadata:
  name: payments
  labels:
    pod-security.kubernetes.io/enforce: restricted
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: api
  namespace: payments${annotation}
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: payments }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      serviceAccountName: api${world.podSpec ? `\n      ${world.podSpec}` : ''}
      containers:
        - name: api
          image: example.com/payments/api:1.4.2${world.container ? `\n          securityContext: ${world.container}` : ''}
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: payments${internal}
spec:
  type: LoadBalancer
  selector: { app: api }
  ports: [{ port: 443 }]
${world.extra ? `---\n${world.extra.trim()}\n` : ''}`;
}

export function worldInventory(aws: AwsWorld | undefined, kube: KubeWorld | undefined): Inventory {
  if (aws && kube) return awsInventory(awsFiles(aws), manifests(kube));
  if (aws) return awsInventory(awsFiles(aws));
  return inventoryFromYaml(manifests(kube));
}

/** Every check over the inventory, as a scan runs them: the paths and the findings. */
export function evaluateWorld(inventory: Inventory): { paths: AttackPath[]; findings: Finding[] } {
  const evaluation = evaluateChecks({ checks: allChecks, inventory, settings: DEFAULT_SETTINGS, now: FIXED_NOW });
  return { paths: evaluation.paths, findings: evaluation.findings };
}

/** `internet > lb:Service:payments/api > …`, shortened node ids, for comparing whole routes. */
export function route(path: AttackPath): string {
  return path.nodes.map((node) => node.label).join(' > ');
}
