// The attack-path benchmark's world (issue 17): manifests with `pods` Pods in 50 namespaces run as
// `serviceAccounts` ServiceAccounts, half of them behind internet-facing LoadBalancer Services,
// one privileged Pod per namespace, and a RoleBinding that lets each namespace's developers create
// pods; and an AWS snapshot of one EKS cluster whose node role is reachable through IMDS (hop
// limit 2), with `roles` IRSA roles (one per ServiceAccount, in order) carrying `policies`
// customer managed policies between them: narrow S3 grants, conditional grants, Denies, every
// 10th role a permissions boundary, every 25th admin, every 30th reading every secret, every 40th
// a PassRole escalation. Deterministic: the same sizes give the same files.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  ACCOUNT,
  ISSUER_HOST,
  PATHS,
  REGION,
  WORKER_POLICIES,
  attachedPolicies,
  clusterResponse,
  ec2Trust,
  irsaTrust,
  launchTemplateResponse,
  nodegroupResponse,
  roleJson,
} from '../../dist/checks/aws/fixtures.js';
import { SNAPSHOT_PATHS } from '../../dist/sources/aws-snapshot/layout.js';

const NAMESPACES = 50;
const doc = (...statements) => ({ Version: '2012-10-17', Statement: statements });
const policyArn = (index) => `arn:aws:iam::${ACCOUNT}:policy/bench-${index}`;

function policyDocument(index, role) {
  if (role % 25 === 0 && index === role) return doc({ Effect: 'Allow', Action: '*', Resource: '*' });
  if (role % 30 === 0 && index === role) return doc({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' });
  if (role % 40 === 0 && index === role) return doc({ Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances'], Resource: '*' });
  switch (index % 4) {
    case 0:
      return doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::bench-${role}/*` });
    case 1:
      return doc({ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': `team-${role}` } } });
    case 2:
      return doc({ Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:ReceiveMessage'], Resource: `arn:aws:sqs:${REGION}:${ACCOUNT}:queue-${role}` }, { Effect: 'Deny', Action: 'sqs:DeleteQueue', Resource: '*' });
    default:
      return doc({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/t-${role}` });
  }
}

function manifests(pods, serviceAccounts) {
  const perNamespace = Math.ceil(serviceAccounts / NAMESPACES);
  const files = {};
  let podIndex = 0;
  for (let n = 0; n < NAMESPACES; n += 1) {
    const namespace = `team-${n}`;
    const docs = [
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${namespace}`,
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: deployer\n  namespace: ${namespace}\nrules:\n  - apiGroups: ['']\n    resources: [pods]\n    verbs: [create, get, list]`,
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: developers\n  namespace: ${namespace}\nsubjects:\n  - kind: Group\n    name: ${namespace}-developers\n    apiGroup: rbac.authorization.k8s.io\nroleRef:\n  kind: Role\n  name: deployer\n  apiGroup: rbac.authorization.k8s.io`,
    ];
    for (let s = 0; s < perNamespace; s += 1) {
      const account = n * perNamespace + s;
      if (account >= serviceAccounts) break;
      const name = `sa-${account}`;
      docs.push(`apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/bench-role-${account}`);
      if (account % 2 === 0) {
        docs.push(`apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${account}\n  namespace: ${namespace}\nspec:\n  type: LoadBalancer\n  selector:\n    sa: ${name}\n  ports:\n    - port: 443`);
      }
    }
    const podsHere = Math.ceil(pods / NAMESPACES);
    for (let p = 0; p < podsHere && podIndex < pods; p += 1, podIndex += 1) {
      const account = n * perNamespace + (p % perNamespace);
      const privileged = p === 0 ? '\n      securityContext:\n        privileged: true' : '';
      docs.push(
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-${podIndex}\n  namespace: ${namespace}\n  labels:\n    sa: sa-${account}\nspec:\n  serviceAccountName: sa-${account}\n  containers:\n    - name: app\n      image: ${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/app@sha256:${'b'.repeat(64)}${privileged}`,
      );
    }
    files[`k8s/${namespace}.yaml`] = `${docs.join('\n---\n')}\n`;
  }
  return files;
}

function snapshot(roles, policies) {
  const base = `${REGION}/eks/clusters/prod`;
  const files = {
    [PATHS.cluster]: clusterResponse(),
    [`${base}/list-nodegroups.json`]: { nodegroups: ['general'] },
    [PATHS.nodegroup()]: nodegroupResponse(),
    [PATHS.launchTemplate()]: launchTemplateResponse({ MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 2 } }),
    [`${base}/list-fargate-profiles.json`]: { fargateProfileNames: [] },
    [PATHS.listAccessEntries]: { accessEntries: [] },
    [PATHS.listPodIdentity]: { associations: [] },
    [PATHS.attachedPolicies('eks-node-role')]: attachedPolicies(WORKER_POLICIES),
    [PATHS.rolePolicies('eks-node-role')]: { PolicyNames: [] },
    'iam/roles/eks-node-role/get-role.json': { Role: roleJson('eks-node-role', ec2Trust) },
  };
  const listed = [roleJson('eks-node-role', ec2Trust)];
  const attached = Array.from({ length: roles }, () => []);
  const boundaries = new Map();
  for (let index = 0; index < policies; index += 1) {
    const role = index % roles;
    // every 10th role's boundary is one of the documents: it allows everything but IAM
    if (role % 10 === 0 && index >= roles && !boundaries.has(role)) {
      boundaries.set(role, index);
      files[SNAPSHOT_PATHS.policy(policyArn(index), 'get-policy')] = { Policy: { Arn: policyArn(index), PolicyName: `bench-${index}`, DefaultVersionId: 'v1' } };
      files[SNAPSHOT_PATHS.policy(policyArn(index), 'get-policy-version')] = { PolicyVersion: { VersionId: 'v1', IsDefaultVersion: true, Document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'iam:*', Resource: '*' }) } };
      continue;
    }
    attached[role].push(policyArn(index));
    files[SNAPSHOT_PATHS.policy(policyArn(index), 'get-policy')] = { Policy: { Arn: policyArn(index), PolicyName: `bench-${index}`, DefaultVersionId: 'v1' } };
    files[SNAPSHOT_PATHS.policy(policyArn(index), 'get-policy-version')] = { PolicyVersion: { VersionId: 'v1', IsDefaultVersion: true, Document: policyDocument(index, role) } };
  }
  for (let role = 0; role < roles; role += 1) {
    const name = `bench-role-${role}`;
    const namespace = `team-${Math.floor(role / Math.ceil(roles / NAMESPACES))}`;
    const trust = irsaTrust({ StringEquals: { [`${ISSUER_HOST}:sub`]: `system:serviceaccount:${namespace}:sa-${role}`, [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com' } });
    const json = roleJson(name, trust);
    listed.push(json);
    files[PATHS.attachedPolicies(name)] = attachedPolicies(attached[role]);
    files[PATHS.rolePolicies(name)] = { PolicyNames: [] };
    const boundary = boundaries.get(role);
    files[`iam/roles/${name}/get-role.json`] = { Role: { ...json, ...(boundary !== undefined ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: policyArn(boundary) } } : {}) } };
  }
  files[PATHS.roles] = { Roles: listed };
  return files;
}

/** Writes `dir/k8s/*.yaml` and `dir/snapshot/**`; returns what it wrote. */
export function generateAttackWorld(dir, { pods = 5000, serviceAccounts = 500, roles = 300, policies = 1000 } = {}) {
  if (roles > serviceAccounts) throw new Error('every role belongs to one ServiceAccount: give at least as many ServiceAccounts as roles');
  const files = { ...manifests(pods, serviceAccounts) };
  for (const [name, body] of Object.entries(snapshot(roles, policies))) files[path.join('snapshot', name)] = JSON.stringify(body);
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return { pods, serviceAccounts, roles, policies, files: Object.keys(files).length };
}
