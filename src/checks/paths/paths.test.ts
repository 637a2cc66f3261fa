import { describe, expect, it } from 'vitest';
import type { AttackPath } from '../../core/attack-path.js';
import { ADMIN, IRSA_ROLE, doc, evaluateWorld, route, worldInventory, type AwsWorld, type KubeWorld } from '../../../test/helpers/attack-world.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { attackPathToAwsAdmin } from './eks-path-001-aws-admin.js';
import { attackPathToSecrets } from './eks-path-002-account-secrets.js';
import { attackPathToData } from './eks-path-003-account-data.js';
import { attackPathToClusterAdmin } from './eks-path-004-cluster-admin.js';
import { allow, irsaWorld } from './examples.js';

function paths(aws: AwsWorld | undefined, kube: KubeWorld | undefined, checkId?: string): AttackPath[] {
  return evaluateWorld(worldInventory(aws, kube)).paths.filter((path) => !checkId || path.checkId === checkId);
}

const failing = (list: readonly AttackPath[]) => list.filter((path) => path.status === 'fail');
const IRSA_ROUTE = 'the internet > load balancer of Service payments/api > Service payments/api > Deployment payments/api > ServiceAccount payments/api > IAM role payments-api';
const NODE_ROUTE = 'the internet > load balancer of Service payments/api > Service payments/api > Deployment payments/api > nodes of node group general > IAM role eks-node-role';
const ADMIN_JEWEL = 'admin of AWS account 111122223333';

describe('EKS-PATH-001: paths to AWS account admin', () => {
  it('internet → load balancer → Service → Deployment → ServiceAccount → IRSA role with AdministratorAccess', () => {
    const found = failing(paths({ irsaManaged: [ADMIN] }, {}, 'EKS-PATH-001'));
    expect(found.map(route)).toEqual([`${IRSA_ROUTE} > ${ADMIN_JEWEL}`]);
    const [path] = found;
    expect(path!.severity).toBe('critical');
    expect(path!.edges.map((edge) => edge.kind)).toEqual(['exposes', 'routes-to', 'selects', 'runs-as', 'assumes', 'grants']);
    expect(path!.edges[0]).toMatchObject({ checkId: 'K8S-NET-005', resource: { kind: 'Service', namespace: 'payments', name: 'api' } });
    expect(path!.edges[4]!.because).toContain('its trust policy admits system:serviceaccount:payments:api');
    // one path: the most severe fixable step is the fix
    expect(path!.cut).toEqual({ edge: 5, paths: 1 });
  });

  it('an escalation combination is a path to admin too', () => {
    const found = failing(paths({ irsaInline: doc({ Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances'], Resource: '*' }) }, {}, 'EKS-PATH-001'));
    expect(found.map(route)).toEqual([`${IRSA_ROUTE} > admin of AWS account 111122223333 through IAM privilege escalation`]);
    expect(found[0]!.edges[5]!.because).toContain('iam:PassRole + ec2:RunInstances');
  });

  it('does NOT exist when the trust policy is scoped to another ServiceAccount', () => {
    expect(paths({ irsaManaged: [ADMIN], trusts: 'system:serviceaccount:payments:worker' }, {}, 'EKS-PATH-001')).toEqual([]);
  });

  it('does NOT exist when a deny in the permissions boundary removes the grant', () => {
    const boundary = doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', NotAction: ['s3:GetObject'], Resource: '*' });
    const all = paths({ irsaManaged: [ADMIN], irsaBoundary: boundary }, {});
    expect(all.filter((path) => path.checkId === 'EKS-PATH-001')).toEqual([]);
    // what the boundary leaves is still reported
    expect(failing(all).map((path) => path.checkId)).toEqual(['EKS-PATH-003']);
  });

  it('does NOT exist when the Service is internal', () => {
    expect(paths({ irsaManaged: [ADMIN] }, { internal: true }, 'EKS-PATH-001')).toEqual([]);
  });

  it('reaches the node role through the metadata service when the hop limit lets pods reach it (EKS-NODE-002)', () => {
    const found = failing(paths({ nodeManaged: [ADMIN], metadata: { HttpTokens: 'required', HttpPutResponseHopLimit: 2 } }, {}, 'EKS-PATH-001'));
    expect(found.map(route)).toEqual([`${NODE_ROUTE} > ${ADMIN_JEWEL}`]);
    expect(found[0]!.edges[3]).toMatchObject({ kind: 'reaches-imds', checkId: 'EKS-NODE-002' });
  });

  it('does NOT reach the node role when IMDS is blocked: IMDSv2 with a hop limit of 1', () => {
    expect(paths({ nodeManaged: [ADMIN], metadata: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 } }, {}, 'EKS-PATH-001')).toEqual([]);
  });

  it('does NOT reach the node role when a NetworkPolicy keeps the pods from 169.254.169.254', () => {
    const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: egress, namespace: payments }
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to: [{ ipBlock: { cidr: 0.0.0.0/0, except: [169.254.169.254/32] } }]
`;
    expect(paths({ nodeManaged: [ADMIN], metadata: { HttpTokens: 'optional', HttpPutResponseHopLimit: 2 } }, { extra: policy }, 'EKS-PATH-001')).toEqual([]);
    // a host-network pod is not held back by NetworkPolicies
    const hostNetwork = failing(paths({ nodeManaged: [ADMIN], metadata: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 } }, { extra: policy, podSpec: 'hostNetwork: true' }, 'EKS-PATH-001'));
    expect(hostNetwork.map(route)).toEqual([`${NODE_ROUTE} > ${ADMIN_JEWEL}`]);
    expect(hostNetwork[0]!.edges[3]).toMatchObject({ kind: 'reaches-imds', checkId: 'K8S-WL-009' });
  });

  it('a privileged exposed pod escapes to its node and takes the node role, citing PSS-privileged', () => {
    const found = failing(paths({ nodeManaged: [ADMIN] }, { container: '{ privileged: true }' }, 'EKS-PATH-001'));
    expect(found.map(route)).toEqual([`${NODE_ROUTE} > ${ADMIN_JEWEL}`]);
    expect(found[0]!.edges[3]).toMatchObject({ kind: 'escapes-to-node', checkId: 'PSS-privileged', severity: 'critical' });
  });

  it('a grant under an IAM condition makes the path conditional, one severity lower', () => {
    const found = failing(paths({ irsaInline: doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } }) }, {}, 'EKS-PATH-001'));
    expect(found.map((path) => [path.severity, path.conditional])).toEqual([['high', true]]);
    expect(found[0]!.edges[5]!.conditional).toBe('StringEquals aws:requestedregion');
  });

  it("a namespace's developers create pods as the ServiceAccount: a path of lower severity", () => {
    const developers = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: developers, namespace: payments }
subjects: [{ kind: Group, name: payments-devs, apiGroup: rbac.authorization.k8s.io }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
`;
    const found = failing(paths({ irsaManaged: [ADMIN] }, { internal: true, extra: developers }, 'EKS-PATH-001'));
    expect(found.map(route)).toEqual([`Group payments-devs > ServiceAccount payments/api > IAM role ${IRSA_ROLE} > ${ADMIN_JEWEL}`]);
    expect(found[0]!.severity).toBe('high');
    expect(found[0]!.edges[0]).toMatchObject({ kind: 'creates-pods', checkId: 'K8S-RBAC-004' });
  });
});

describe('EKS-PATH-002 and EKS-PATH-003: account-wide secrets and data', () => {
  it('secrets and data of the account, each its own path and check', () => {
    const found = failing(paths({ irsaInline: doc({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 's3:PutObject'], Resource: '*' }) }, {}));
    expect(found.map((path) => [path.checkId, path.severity, path.nodes.at(-1)!.label])).toEqual([
      ['EKS-PATH-002', 'high', 'every secret of AWS account 111122223333'],
      ['EKS-PATH-003', 'high', 'every S3 object of AWS account 111122223333'],
    ]);
  });
});

describe('EKS-PATH-004: paths to cluster-admin', () => {
  it('an IAM role that aws-auth maps to system:masters makes the IRSA path end at cluster-admin (K8S-IAM-001)', () => {
    const awsAuth = `apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/${IRSA_ROLE}
      username: payments
      groups: [system:masters]
`;
    const found = failing(paths({ irsaInline: doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }) }, { extra: awsAuth }, 'EKS-PATH-004'));
    expect(found.map(route)).toEqual([`${IRSA_ROUTE} > cluster-admin of EKS cluster prod`]);
    expect(found[0]!.edges[5]).toMatchObject({ kind: 'maps-to', checkId: 'K8S-IAM-001', severity: 'critical' });
  });

  it('any authenticated user who may create pods in kube-system reaches a ServiceAccount bound to cluster-admin', () => {
    const rbac = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: everyone-creates-pods }
subjects: [{ kind: Group, name: system:authenticated, apiGroup: rbac.authorization.k8s.io }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: operator, namespace: kube-system }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: operator }
subjects: [{ kind: ServiceAccount, name: operator, namespace: kube-system }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
`;
    const found = failing(paths({}, { internal: true, extra: rbac }, 'EKS-PATH-004'));
    expect(found.map(route)).toContain('any authenticated user (Group system:authenticated) > ServiceAccount kube-system/operator > cluster-admin of EKS cluster prod');
    // an exposed pod's token is authenticated too: from the internet, one step more
    const exposed = failing(paths({}, { extra: rbac }, 'EKS-PATH-004')).map(route);
    expect(exposed).toContain(`${IRSA_ROUTE.replace(' > IAM role payments-api', '')} > any authenticated user (Group system:authenticated) > ServiceAccount kube-system/operator > cluster-admin of EKS cluster prod`);
  });
});

describe('paths over any mix of sources', () => {
  it('manifests alone: the AWS half is missing, the path is skipped and says what to add', () => {
    const found = paths(undefined, {}, 'EKS-PATH-001');
    const irsa = found.find((path) => path.nodes.some((node) => node.kind === 'iam-role'));
    expect(irsa?.status).toBe('skipped');
    expect(irsa?.missing?.join(' ')).toContain('no AWS data (add --aws, --aws-snapshot or infrastructure code)');
    expect(found.every((path) => path.status === 'skipped')).toBe(true);
  });

  it('AWS alone: who runs as the ServiceAccount is not known, the path is skipped', () => {
    const found = paths({ irsaManaged: [ADMIN] }, undefined, 'EKS-PATH-001');
    expect(found.map((path) => [path.status, route(path)])).toEqual([['skipped', `pods that run as ServiceAccount payments/api > ServiceAccount payments/api > IAM role ${IRSA_ROLE} > ${ADMIN_JEWEL}`]]);
    expect(found[0]!.missing).toEqual(['the Kubernetes objects were not scanned (add manifests, or --kube)']);
  });
});

describe('cut edges and suppression', () => {
  it('names the edge that lies on the most paths', () => {
    const second = `apiVersion: v1
kind: Service
metadata: { name: api-public, namespace: payments }
spec:
  type: LoadBalancer
  selector: { app: api }
  ports: [{ port: 8443 }]
`;
    const found = failing(paths({ irsaManaged: [ADMIN] }, { extra: second }, 'EKS-PATH-001'));
    expect(found).toHaveLength(2);
    for (const path of found) {
      expect(path.cut?.paths).toBe(2);
      expect(path.edges[path.cut!.edge]!.kind).toBe('grants');
    }
  });

  it('an eksguard.io/ignore annotation on the first object of the path suppresses it, with the reason', () => {
    const evaluation = evaluateWorld(worldInventory({ irsaManaged: [ADMIN] }, { serviceAnnotations: { 'eksguard.io/ignore.EKS-PATH-001': 'behind the WAF, reviewed' } }));
    const path = evaluation.paths.find((item) => item.checkId === 'EKS-PATH-001');
    expect(path).toMatchObject({ status: 'suppressed', suppression: { reason: 'behind the WAF, reviewed', source: 'annotation' } });
    const finding = evaluation.findings.find((item) => item.checkId === 'EKS-PATH-001');
    expect(finding).toMatchObject({ status: 'suppressed', attackPathId: path!.id, resource: { kind: 'Service', namespace: 'payments', name: 'api' }, path: `paths[${path!.id}]` });
  });
});

describe('the graph holds only the workloads an exposed Service selects', () => {
  const hidden = `apiVersion: apps/v1
kind: Deployment
metadata: { name: batch, namespace: payments }
spec:
  selector: { matchLabels: { app: batch } }
  template:
    metadata: { labels: { app: batch } }
    spec:
      serviceAccountName: api
      containers: [{ name: batch, image: example.com/payments/batch:1.0.0, securityContext: { privileged: true } }]
`;

  it('a workload no exposed Service selects adds no path, and the jewels no path reaches still pass', () => {
    const inventory = worldInventory({ irsaManaged: [ADMIN] }, { internal: true, extra: hidden });
    const { paths: found, findings } = evaluateWorld(inventory);
    expect(found.filter((path) => path.status === 'fail')).toEqual([]);
    // the IRSA role's jewel is still judged although no workload is exposed (here skipped: the example has no EC2 instances)
    const jewels = findings.filter((finding) => finding.checkId === 'EKS-PATH-001').map((finding) => finding.message);
    expect(jewels).toEqual([expect.stringContaining(`no path to ${ADMIN_JEWEL} was found`)]);
  });

  it('exposing it again gives its paths', () => {
    const exposed = failing(paths({ irsaManaged: [ADMIN] }, { extra: hidden }, 'EKS-PATH-001')).map(route);
    expect(exposed).toContain(`${IRSA_ROUTE} > ${ADMIN_JEWEL}`);
  });
});

// The CheckTester on each EKS-PATH check: a finding's path is the ID of its attack path in the
// report's `paths` section, its one message the rendered steps (describePath).
const EXPOSED_IRSA = 'the internet → load balancer of Service payments/api → Service payments/api → Deployment payments/api → ServiceAccount payments/api → IAM role payments-api';
const UNBOUNDED = '(whether role payments-api has a permissions boundary (iam:GetRole) was not read: a boundary would narrow this)';
const ADMINISTRATOR_ACCESS = ['arn:aws:iam::aws:policy/AdministratorAccess'];

testCheck(attackPathToAwsAdmin, {
  pass: [{ input: irsaWorld({ internal: true, managed: ADMINISTRATOR_ACCESS }) }],
  fail: [
    {
      input: irsaWorld({ internal: false, managed: ADMINISTRATOR_ACCESS }),
      failures: [{
        path: 'paths[03d76e35985f2f4a]',
        messageId: 'attackPath',
        data: { steps: `path of 6 steps: ${EXPOSED_IRSA} → admin of AWS account 111122223333. Fix first: IAM role payments-api grants admin of AWS account 111122223333, because every action on every resource: * on * (arn:aws:iam::aws:policy/AdministratorAccess) ${UNBOUNDED} [EKS-IAM-009] (removing it cuts this path).` },
        severity: 'critical',
      }],
    },
    {
      input: irsaWorld({ internal: false, inline: allow(['iam:PassRole', 'ec2:RunInstances']) }),
      failures: [{
        path: 'paths[ca5db7cd2e17f9ff]',
        messageId: 'attackPath',
        data: { steps: `path of 6 steps: ${EXPOSED_IRSA} → admin of AWS account 111122223333 through IAM privilege escalation. Fix first: IAM role payments-api grants admin of AWS account 111122223333 through IAM privilege escalation, because iam:PassRole + ec2:RunInstances: start an instance with any role: iam:PassRole on arn:aws:iam::111122223333:role/* (inline policy app); ec2:RunInstances on * (inline policy app) ${UNBOUNDED} [EKS-IAM-009] (removing it cuts this path).` },
        severity: 'critical',
      }],
    },
  ],
});

testCheck(attackPathToSecrets, {
  pass: [{ input: irsaWorld({ internal: true, inline: allow('secretsmanager:GetSecretValue') }) }],
  fail: [{
    input: irsaWorld({ internal: false, inline: allow('secretsmanager:GetSecretValue') }),
    failures: [{
      path: 'paths[10b2622030e7d27b]',
      messageId: 'attackPath',
      data: { steps: `path of 6 steps: ${EXPOSED_IRSA} → every secret of AWS account 111122223333. Fix first: IAM role payments-api grants every secret of AWS account 111122223333, because secretsmanager:GetSecretValue on every secret: secretsmanager:GetSecretValue on arn:aws:secretsmanager:us-east-1:111122223333:secret:* (inline policy app) ${UNBOUNDED} [EKS-IAM-010] (removing it cuts this path).` },
      severity: 'high',
    }],
  }],
});

testCheck(attackPathToData, {
  pass: [{ input: irsaWorld({ internal: true, inline: allow(['s3:GetObject', 's3:PutObject']) }) }],
  fail: [{
    input: irsaWorld({ internal: false, inline: allow(['s3:GetObject', 's3:PutObject']) }),
    failures: [{
      path: 'paths[24af867bb995a4bc]',
      messageId: 'attackPath',
      data: { steps: `path of 6 steps: ${EXPOSED_IRSA} → every S3 object of AWS account 111122223333. Fix first: IAM role payments-api grants every S3 object of AWS account 111122223333, because s3:GetObject on every bucket: s3:GetObject on arn:aws:s3:::*/* (inline policy app) (and 1 more way) ${UNBOUNDED} [EKS-IAM-010] (removing it cuts this path).` },
      severity: 'high',
    }],
  }],
});

testCheck(attackPathToClusterAdmin, {
  pass: [{ input: attackPathToClusterAdmin.examples.pass[0]! }],
  fail: [{
    input: attackPathToClusterAdmin.examples.fail[0]!,
    failures: [{
      path: 'paths[1f8edc5ccb08948e]',
      messageId: 'attackPath',
      data: { steps: 'path of 5 steps: the internet → load balancer of Service shop/web → Service shop/web → Deployment shop/web → ServiceAccount shop/web → cluster-admin of the Kubernetes cluster. Fix first: ServiceAccount shop/web is cluster-admin of the Kubernetes cluster, because bound to ClusterRole cluster-admin by ClusterRoleBinding web [K8S-RBAC-001] (removing it cuts this path).' },
      severity: 'critical',
    }],
  }],
});
