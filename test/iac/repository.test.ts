/**
 * One run over a repository that holds both halves: Kubernetes manifests and infrastructure
 * code (a Terraform plan, a CloudFormation template with short-form tags, an eksctl config),
 * found by content. Runs the built CLI.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliJson } from '../e2e/run-cli.js';
import { buildPlan, knownRef, ref } from './parity/plan-builder.js';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const trust = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
const ISSUER_HOST = 'oidc.eks.eu-west-1.amazonaws.com/id/0A1B2C3D4E5F60718293A4B5C6D7E8F9';

/** An existing cluster in CONFIG_MAP mode gets an ECR repository, a node group and an IRSA role for another service account. */
const PLAN = buildPlan({
  region: REGION,
  account: ACCOUNT,
  resources: [
    {
      address: 'aws_eks_cluster.this[0]',
      action: 'no-op',
      values: {
        name: 'shop',
        arn: `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/shop`,
        version: '1.34',
        role_arn: `arn:aws:iam::${ACCOUNT}:role/shop-cluster`,
        enabled_cluster_log_types: ['audit'],
        vpc_config: [{ subnet_ids: ['subnet-0a'], endpoint_public_access: false, endpoint_private_access: true, public_access_cidrs: ['0.0.0.0/0'], cluster_security_group_id: 'sg-0cluster', vpc_id: 'vpc-0a', security_group_ids: [] }],
        identity: [{ oidc: [{ issuer: `https://${ISSUER_HOST}` }] }],
        encryption_config: [],
        access_config: [{ authentication_mode: 'CONFIG_MAP', bootstrap_cluster_creator_admin_permissions: true }],
      },
    },
    { address: 'aws_iam_role.nodes', values: { name: 'shop-nodes', assume_role_policy: trust('ec2.amazonaws.com') }, computed: ['arn', 'id'] },
    {
      address: 'aws_eks_node_group.this',
      values: { cluster_name: knownRef('aws_eks_cluster.this[0]', 'name', 'shop'), node_group_name: 'default', node_role_arn: ref('aws_iam_role.nodes', 'arn'), subnet_ids: ['subnet-0a'], ami_type: 'AL2023_x86_64_STANDARD' },
      computed: ['arn', 'id', 'version', 'release_version'],
    },
    {
      address: 'aws_iam_role.reader',
      values: {
        name: 'reader',
        assume_role_policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER_HOST}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${ISSUER_HOST}:sub`]: 'system:serviceaccount:apps:other', [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com' } } }],
        }),
      },
      computed: ['arn', 'id'],
    },
    { address: 'aws_ecr_repository.app', values: { name: 'app', image_tag_mutability: 'MUTABLE', image_scanning_configuration: [{ scan_on_push: true }] }, computed: ['arn', 'id', 'registry_id', 'repository_url'] },
  ],
});

const MANIFESTS = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: reader
  namespace: apps
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/reader
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: apps
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      serviceAccountName: reader
      containers:
        - name: web
          image: ${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/app:1.0
`;

const AWS_AUTH = `apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: |
    - rolearn: arn:aws:iam::${ACCOUNT}:role/shop-nodes
      username: system:node:{{EC2PrivateDNSName}}
      groups: [system:bootstrappers, system:nodes]
    - rolearn: arn:aws:iam::${ACCOUNT}:role/developers
      username: dev
      groups: [system:masters]
`;

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub /aws/eks/\${AWS::StackName}/cluster
      RetentionInDays: 7
  Cluster:
    Type: AWS::EKS::Cluster
    Properties:
      Name: stack-cluster
      Version: '1.34'
      RoleArn: !Sub arn:aws:iam::\${AWS::AccountId}:role/eks
      ResourcesVpcConfig:
        SubnetIds: [subnet-1, subnet-2]
        EndpointPublicAccess: true
`;

const EKSCTL = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: eksctl-cluster
  region: ${REGION}
managedNodeGroups:
  - name: ng
`;

let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'eksguard-iac-repo-'));
  mkdirSync(path.join(root, 'k8s'));
  mkdirSync(path.join(root, 'infra', 'terraform'), { recursive: true });
  mkdirSync(path.join(root, '.github', 'workflows'), { recursive: true });
  writeFileSync(path.join(root, 'k8s', 'app.yaml'), MANIFESTS);
  writeFileSync(path.join(root, 'k8s', 'aws-auth.yaml'), AWS_AUTH);
  writeFileSync(path.join(root, 'infra', 'terraform', 'plan.json'), JSON.stringify(PLAN, null, 1));
  writeFileSync(path.join(root, 'infra', 'stack.yaml'), TEMPLATE);
  writeFileSync(path.join(root, 'infra', 'cluster.yaml'), EKSCTL);
  writeFileSync(path.join(root, 'package.json'), '{"name":"shop"}');
  writeFileSync(path.join(root, '.github', 'workflows', 'ci.yml'), 'on: push\njobs: {}\n');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const scan = (...args: string[]) => runCliJson(['scan', '.', '--fail-on', 'none', '--include-passed', ...args], { cwd: root });

describe('a repository with manifests and infrastructure code', () => {
  it('reads each file once: manifests as manifests, the plan, template and eksctl config by the infrastructure source', () => {
    const { json, result } = scan();
    expect(result.code, result.stderr).toBe(0);
    expect(json.summary.inputs).toEqual({ files: 2, objects: 3, skippedFiles: 2, infrastructureFiles: 3 });
    expect(json.errors).toEqual([]);
    const kinds = new Set(json.findings.map((finding: any) => finding.resource.kind ?? finding.resource.type));
    // the eksctl config has apiVersion and kind, but is no Kubernetes object
    expect(kinds.has('ClusterConfig')).toBe(false);
    const clusters = json.findings.filter((finding: any) => finding.checkId === 'EKS-NET-002').map((finding: any) => finding.resource.arn).sort();
    expect(clusters).toEqual(['Cluster', 'aws_eks_cluster.this[0]', 'eksctl-cluster']);
    expect(json.findings.some((finding: any) => finding.checkId.startsWith('K8S-'))).toBe(true);
  });

  it('joins the halves: aws-auth with the plan’s node role, the IRSA annotation with the role’s trust, the image with its ECR repository', () => {
    const { json } = scan();
    const fails = (id: string) => json.findings.filter((finding: any) => finding.checkId === id && finding.status === 'fail').map((finding: any) => finding.message);
    // aws-auth is read for every cluster that still reads it: the plan's (CONFIG_MAP), the template's (the API default) and eksctl's
    const iam004 = json.findings.filter((finding: any) => finding.checkId === 'EKS-IAM-004').map((finding: any) => `${finding.resource.arn} ${finding.status}: ${finding.message}`);
    expect(iam004.sort()).toEqual(['Cluster', 'aws_eks_cluster.this[0]', 'eksctl-cluster'].map((arn) => `${arn} fail: aws-auth maps arn:aws:iam::${ACCOUNT}:role/developers to system:masters`));
    expect(fails('EKS-IAM-006')).toEqual(['ServiceAccount apps/reader uses reader, whose trust policy does not name it: its pods get no role (or fall back to the node role)']);
    expect(fails('EKS-MON-004')).toEqual(['repository app, used by Deployment/apps/web, allows tags to be overwritten (MUTABLE)']);
    expect(json.findings.filter((finding: any) => finding.checkId === 'EKS-MON-003').map((finding: any) => finding.status)).toEqual(['skipped']);
  });

  it('carries the file and line of the attribute into SARIF and JUnit, and the address for a plan', () => {
    const sarif = JSON.parse(runCli(['scan', '.', '--fail-on', 'none', '--format', 'sarif'], { cwd: root }).stdout);
    const results = sarif.runs[0].results as any[];
    const net002 = results.filter((result) => result.ruleId === 'EKS-NET-002');
    const template = net002.find((result) => result.locations[0].physicalLocation.artifactLocation.uri === 'infra/stack.yaml');
    expect(template.locations[0].physicalLocation.region).toEqual({ startLine: TEMPLATE.split('\n').findIndex((line) => line.includes('EndpointPublicAccess')) + 1 });
    const eksctl = net002.find((result) => result.locations[0].physicalLocation.artifactLocation.uri === 'infra/cluster.yaml');
    expect(eksctl.locations[0].physicalLocation.region).toEqual({ startLine: 3 });
    const iam004 = results.find((result) => result.ruleId === 'EKS-IAM-004' && result.locations[0].physicalLocation.artifactLocation.uri.endsWith('plan.json'));
    expect(iam004.locations[0].physicalLocation.artifactLocation.uri).toBe('infra/terraform/plan.json');
    expect(iam004.locations[0].logicalLocations[0].fullyQualifiedName).toBe('aws_eks_cluster.this[0]');
    const junit = runCli(['scan', '.', '--fail-on', 'none', '--format', 'junit'], { cwd: root }).stdout;
    expect(junit).toContain(`file="infra/stack.yaml" line="${TEMPLATE.split('\n').findIndex((line) => line.includes('EndpointPublicAccess')) + 1}"`);
  });
});

describe('infrastructure files named on the command line', () => {
  it('reads a plan from standard input', () => {
    const { json, result } = runCliJson(['scan', '--terraform-plan', '-', '--fail-on', 'none'], { input: JSON.stringify(PLAN) });
    expect(result.code, result.stderr).toBe(0);
    expect(json.findings.filter((finding: any) => finding.checkId === 'EKS-IAM-001').map((finding: any) => [finding.resource.arn, finding.location])).toEqual([['aws_eks_cluster.this[0]', { file: '<stdin>' }]]);
  });

  it('reads a file once when a flag names it and the walk of the paths finds it too', () => {
    const { json } = scan('--terraform-plan', 'infra/terraform/plan.json');
    expect(json.findings.filter((finding: any) => finding.checkId === 'EKS-IAM-001' && finding.resource.arn === 'aws_eks_cluster.this[0]')).toHaveLength(1);
  });

  it('reports a file that cannot be read as an error naming it, and still scans the rest', () => {
    const { json, result } = runCliJson(['scan', '--terraform-plan', 'missing.json', '--eksctl', 'infra/cluster.yaml', '--fail-on', 'none'], { cwd: root });
    expect(result.code).toBe(2);
    expect(json.errors).toEqual([{ source: 'terraform', message: 'cannot read: no such file', location: { file: 'missing.json' } }]);
    expect(json.findings.some((finding: any) => finding.resource.arn === 'eksctl-cluster')).toBe(true);
  });

  it('fails a run over a named file that holds nothing eksguard reads, unless --allow-empty', () => {
    writeFileSync(path.join(root, 'empty-stack.json'), JSON.stringify({ Resources: { Bucket: { Type: 'AWS::S3::Bucket' } } }));
    const failed = runCliJson(['scan', '--cloudformation', 'empty-stack.json'], { cwd: root });
    expect(failed.result.code).toBe(2);
    expect(failed.json.errors[0].message).toBe('no EKS, EC2, IAM, KMS, Logs, GuardDuty or ECR resource that eksguard reads in CloudFormation template empty-stack.json: nothing was checked');
    expect(runCli(['scan', '--cloudformation', 'empty-stack.json', '--allow-empty'], { cwd: root }).code).toBe(0);
  });

  it('takes --cfn-parameter values and refuses a malformed one without echoing its value', () => {
    const { json } = runCliJson(['scan', '--cloudformation', 'infra/stack.yaml', '--cfn-parameter', 'AWS::Region=eu-west-1', '--fail-on', 'none'], { cwd: root });
    expect(json.findings.find((finding: any) => finding.checkId === 'EKS-NET-002').resource.region).toBe('eu-west-1');
    const bad = runCli(['scan', '--cloudformation', 'infra/stack.yaml', '--cfn-parameter', 'not a name=hunter2'], { cwd: root });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid --cfn-parameter');
    expect(bad.stderr).not.toContain('hunter2');
  });
});
