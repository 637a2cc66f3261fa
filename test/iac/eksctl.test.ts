import { describe, expect, it } from 'vitest';
import { awsChecks } from '../../src/checks/aws/index.js';
import { runChecks } from '../../src/core/engine.js';
import type { Finding } from '../../src/core/types.js';
import { normaliseEksctlConfig } from '../../src/sources/iac/eksctl/index.js';
import { inventoryFromInfrastructure } from '../../src/sources/iac/inventory.js';
import { starvedChecks } from '../helpers/aws-example.js';
import { DEFAULT_SETTINGS, FIXED_NOW } from '../helpers/run-check.js';

function judge(text: string, file = 'cluster.yaml') {
  const input = normaliseEksctlConfig(text, file, { account: '111122223333' });
  const findings = runChecks({ checks: awsChecks, inventory: inventoryFromInfrastructure([input], { starvedChecks }), settings: DEFAULT_SETTINGS, now: FIXED_NOW });
  return { input, findings };
}

const of = (findings: Finding[], id: string) => findings.filter((finding) => finding.checkId === id);
const status = (findings: Finding[], id: string) => of(findings, id).map((finding) => `${finding.status}${finding.status === 'fail' ? `/${finding.severity}` : ''}`).join(',');

const MINIMAL = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: minimal
  region: eu-west-1
managedNodeGroups:
  - name: ng-1
    instanceType: m6i.large
`;

describe("eksctl 0.230.0's defaults for what a config leaves out", () => {
  const { input, findings } = judge(MINIMAL);
  const model = (type: string) => input.records.find((record) => record.type === type)!.model as any;

  it('models the cluster eksctl creates: Kubernetes 1.34, API_AND_CONFIG_MAP, a public endpoint open to all, no logs, no encryption', () => {
    expect(model('AWS::EKS::Cluster')).toMatchObject({
      name: 'minimal',
      region: 'eu-west-1',
      version: '1.34',
      endpointPublicAccess: true,
      endpointPrivateAccess: false,
      publicAccessCidrs: ['0.0.0.0/0'],
      enabledLogTypes: [],
      encryption: [],
      accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP', bootstrapClusterCreatorAdminPermissions: true },
    });
  });

  it('models the launch template eksctl writes: IMDSv2 only with hop limit 2, the cluster security group, no SSH key', () => {
    expect(model('AWS::EC2::LaunchTemplateVersion')).toMatchObject({ metadata: { httpTokens: 'required', hopLimit: 2 }, securityGroupIds: ['eksctl-minimal-cluster/ClusterSecurityGroup'] });
    expect(model('AWS::EC2::LaunchTemplateVersion').keyName).toBeUndefined();
    expect(model('AWS::EKS::Nodegroup')).toMatchObject({ amiType: 'AL2023_x86_64_STANDARD', version: '1.34', subnets: ['eksctl-minimal-cluster/SubnetPublic'] });
  });

  it('models the node role with the default policies (the CNI policy too, without an OIDC provider)', () => {
    const role = input.records.find((record) => record.type === 'AWS::IAM::Role' && (record.model as any).name.includes('NodeInstanceRole'))!.model as any;
    expect(role.attachedPolicyArns.sort()).toEqual(
      ['AmazonEC2ContainerRegistryPullOnly', 'AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonSSMManagedInstanceCore'].map((name) => `arn:aws:iam::aws:policy/${name}`),
    );
  });

  it('judges those defaults', () => {
    expect(status(findings, 'EKS-NET-001')).toBe('fail/critical');
    expect(status(findings, 'EKS-NODE-001')).toBe('pass');
    expect(status(findings, 'EKS-NODE-002')).toBe('fail/medium');
    expect(status(findings, 'EKS-NODE-005')).toBe('fail/medium');
    expect(status(findings, 'EKS-NODE-006')).toBe('fail/medium');
    expect(status(findings, 'EKS-IAM-001')).toBe('fail/low');
    // the default add-ons (vpc-cni without network policy, no IRSA role)
    expect(status(findings, 'EKS-NET-008')).toBe('fail/medium');
    expect(status(findings, 'EKS-IAM-008')).toBe('fail/medium');
  });
});

describe('locations', () => {
  const CONFIG = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: located
  region: us-east-1
  version: "1.31"
vpc:
  clusterEndpoints:
    publicAccess: true
    privateAccess: false
  publicAccessCIDRs: ["0.0.0.0/0"]
cloudWatch:
  clusterLogging:
    enableTypes: ["api"]
managedNodeGroups:
  - name: ng-1
    disableIMDSv1: false
    ssh:
      allow: true
      publicKeyName: ops
`;
  const { findings } = judge(CONFIG);
  const line = (needle: string) => CONFIG.split('\n').findIndex((text) => text.includes(needle)) + 1;
  const where = (id: string) => of(findings, id).find((finding) => finding.status === 'fail')?.location;

  it('point at the field that decides each finding, or at its section when the field is left to a default', () => {
    expect(where('EKS-NET-001')).toEqual({ file: 'cluster.yaml', line: line('publicAccessCIDRs') });
    expect(where('EKS-NET-003')).toEqual({ file: 'cluster.yaml', line: line('privateAccess') });
    expect(where('EKS-LOG-001')).toEqual({ file: 'cluster.yaml', line: line('enableTypes') });
    expect(where('EKS-VER-001')).toEqual({ file: 'cluster.yaml', line: line('version:') });
    expect(where('EKS-NODE-001')).toEqual({ file: 'cluster.yaml', line: line('disableIMDSv1') });
    expect(where('EKS-NODE-003')).toEqual({ file: 'cluster.yaml', line: line('ssh:') });
    expect(where('EKS-SG-002')).toEqual({ file: 'cluster.yaml', line: line('ssh:') });
    // disablePodIMDS is left out: the node group's own line
    expect(where('EKS-NODE-002')).toEqual({ file: 'cluster.yaml', line: line('- name: ng-1') });
    // no secretsEncryption section: the metadata the cluster is declared by
    expect(where('EKS-DATA-001')).toEqual({ file: 'cluster.yaml', line: line('metadata:') });
  });
});

describe('bad input', () => {
  it('refuses a file that is not a ClusterConfig', () => {
    expect(judge('apiVersion: v1\nkind: ConfigMap\n').input.errors[0]!.message).toBe('not an eksctl ClusterConfig (apiVersion eksctl.io/v1alpha5, kind ClusterConfig)');
  });

  it('reports a missing name or region and the self-managed node groups it does not judge, and reads the rest', () => {
    const { input } = judge('apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: x\nnodeGroups:\n  - name: old\n');
    expect(input.errors.map((error) => [error.message, error.location?.line])).toEqual([
      ['metadata.region is missing', 3],
      ['self-managed nodeGroups are not judged (only managedNodeGroups, as with --aws)', 5],
    ]);
    expect(input.records.some((record) => record.type === 'AWS::EKS::Cluster')).toBe(true);
  });

  it('names the line of broken YAML without repeating it', () => {
    const { input } = judge('apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: "s3cr3t-token\n');
    expect(input.errors[0]!.location?.line).toBeGreaterThan(0);
    expect(JSON.stringify(input.errors)).not.toContain('s3cr3t');
  });
});
