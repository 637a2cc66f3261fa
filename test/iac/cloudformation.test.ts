import { describe, expect, it } from 'vitest';
import { awsChecks } from '../../src/checks/aws/index.js';
import { runChecks } from '../../src/core/engine.js';
import type { Finding } from '../../src/core/types.js';
import { normaliseCloudFormation } from '../../src/sources/iac/cloudformation/index.js';
import { inventoryFromInfrastructure } from '../../src/sources/iac/inventory.js';
import { starvedChecks } from '../helpers/aws-example.js';
import { DEFAULT_SETTINGS, FIXED_NOW } from '../helpers/run-check.js';

function judge(text: string, parameters: Record<string, string> = {}, file = 'stack.yaml') {
  const input = normaliseCloudFormation(text, file, { parameters: new Map(Object.entries(parameters)) });
  const findings = runChecks({ checks: awsChecks, inventory: inventoryFromInfrastructure([input], { starvedChecks }), settings: DEFAULT_SETTINGS, now: FIXED_NOW });
  return { input, findings };
}

const of = (findings: Finding[], id: string) => findings.filter((finding) => finding.checkId === id);

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env:
    Type: String
    Default: prod
  OfficeCidr:
    Type: String
  ClusterRoleArn:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Mappings:
  Versions:
    prod: { Kubernetes: '1.34' }
    dev: { Kubernetes: '1.33' }
Resources:
  Cluster:
    Type: AWS::EKS::Cluster
    Properties:
      Name: !Sub '\${Env}-cluster'
      Version: !FindInMap [Versions, !Ref Env, Kubernetes]
      RoleArn: !Ref ClusterRoleArn
      ResourcesVpcConfig:
        SubnetIds: !Split [',', !ImportValue network-private-subnets]
        EndpointPublicAccess: !If [IsProd, false, true]
        EndpointPrivateAccess: true
        PublicAccessCidrs:
          - !Ref OfficeCidr
      Logging:
        ClusterLogging:
          EnabledTypes:
            - Type: audit
            - !If [IsProd, { Type: api }, !Ref AWS::NoValue]
  DevOnlyLogGroup:
    Type: AWS::Logs::LogGroup
    Condition: IsDev
    Properties:
      LogGroupName: /aws/eks/dev-cluster/cluster
  Renamed:
    Type: AWS::EKS::Clusterr
  Broken:
    Properties: {}
Conditions2: {}
`;

describe('intrinsic functions', () => {
  it('resolves parameters with defaults, conditions, mappings, !Sub and !If (dropping AWS::NoValue), as CloudFormation would', () => {
    const { input } = judge(TEMPLATE.replace('  DevOnlyLogGroup:\n    Type: AWS::Logs::LogGroup\n    Condition: IsDev\n', '  DevOnlyLogGroup:\n    Type: AWS::Logs::LogGroup\n    Condition: IsProd\n'), { OfficeCidr: '203.0.113.0/24' });
    const cluster = input.records.find((record) => record.type === 'AWS::EKS::Cluster')!.model as any;
    expect(cluster.name).toBe('prod-cluster');
    expect(cluster.version).toBe('1.34');
    expect(cluster.endpointPublicAccess).toBe(false);
    expect(cluster.publicAccessCidrs).toEqual(['203.0.113.0/24']);
    expect(cluster.enabledLogTypes).toEqual(['audit', 'api']);
  });

  it('takes --cfn-parameter over the default', () => {
    const { input } = judge(TEMPLATE, { Env: 'dev', OfficeCidr: '0.0.0.0/0' });
    const cluster = input.records.find((record) => record.type === 'AWS::EKS::Cluster')!.model as any;
    expect([cluster.name, cluster.version, cluster.endpointPublicAccess, cluster.enabledLogTypes]).toEqual(['dev-cluster', '1.33', true, ['audit']]);
  });

  it('leaves what the template cannot determine unknown, and the checks reading it skipped with the reason', () => {
    const { findings, input } = judge(TEMPLATE);
    // OfficeCidr has no default: the CIDR check cannot judge, the others still can
    expect(of(findings, 'EKS-NET-001').map((finding) => finding.status)).toEqual(['pass']);
    const dev = judge(TEMPLATE, { Env: 'dev' });
    expect(of(dev.findings, 'EKS-NET-001').map((finding) => [finding.status, finding.message])).toEqual([
      ['skipped', 'parameter OfficeCidr has no default and no value: pass --cfn-parameter OfficeCidr=VALUE'],
    ]);
    // NET-002 reads the CIDRs too (to grade an endpoint that is on); NET-003 does not
    expect(of(dev.findings, 'EKS-NET-002').map((finding) => finding.status)).toEqual(['skipped']);
    expect(of(dev.findings, 'EKS-NET-003').map((finding) => finding.status)).toEqual(['pass']);
    expect(input.gaps.map((gap) => gap.reason)).toEqual(
      expect.arrayContaining(['Cluster: Fn::ImportValue network-private-subnets comes from another stack: pass --cfn-parameter network-private-subnets=VALUE']),
    );
  });

  it('skips resources whose Condition is false, and reports one whose Condition cannot be evaluated', () => {
    const prod = TEMPLATE.replace('Condition: IsDev', 'Condition: IsProd');
    expect(judge(prod, { OfficeCidr: '198.51.100.0/24' }).input.records.some((record) => record.type === 'AWS::Logs::LogGroup')).toBe(true);
    expect(judge(prod, { OfficeCidr: '198.51.100.0/24', Env: 'dev' }).input.records.some((record) => record.type === 'AWS::Logs::LogGroup')).toBe(false);
    const { input } = judge(TEMPLATE, { OfficeCidr: '198.51.100.0/24' });
    expect(input.records.some((record) => record.type === 'AWS::Logs::LogGroup')).toBe(false);
    expect(input.errors[0]).toEqual({ source: 'cloudformation', message: 'resource DevOnlyLogGroup is left out: condition IsDev is not defined in the template', location: { file: 'stack.yaml', line: 36 } });
  });
});

describe('locations', () => {
  it('point each finding at the line of the property that decides it, and the resource line otherwise', () => {
    const { findings } = judge(TEMPLATE, { Env: 'dev', OfficeCidr: '0.0.0.0/0' });
    const lines = TEMPLATE.split('\n');
    const lineOf = (needle: string) => lines.findIndex((line) => line.includes(needle)) + 1;
    const where = (id: string) => of(findings, id).find((finding) => finding.status === 'fail')?.location;
    expect(where('EKS-NET-001')).toEqual({ file: 'stack.yaml', line: lineOf('PublicAccessCidrs:') });
    expect(where('EKS-NET-002')).toEqual({ file: 'stack.yaml', line: lineOf('EndpointPublicAccess:') });
    expect(where('EKS-LOG-002')).toEqual({ file: 'stack.yaml', line: lineOf('ClusterLogging:') });
    // no EncryptionConfig in the template: the resource's own line
    expect(where('EKS-DATA-001')).toEqual({ file: 'stack.yaml', line: lineOf('  Cluster:') });
  });
});

describe('bad input', () => {
  it('reports an invalid or missing Type and an EKS type eksguard does not read, and reads the rest', () => {
    const { input } = judge(TEMPLATE.replace('Condition: IsDev', 'Condition: IsProd'), { OfficeCidr: '198.51.100.0/24' });
    const line = (needle: string) => TEMPLATE.split('\n').indexOf(needle) + 1;
    expect(input.errors).toEqual([
      { source: 'cloudformation', message: 'resource Renamed: AWS::EKS::Clusterr is not read by eksguard; ignored', location: { file: 'stack.yaml', line: line('  Renamed:') } },
      { source: 'cloudformation', message: 'resource Broken has no Type; ignored', location: { file: 'stack.yaml', line: line('  Broken:') } },
    ]);
    expect(input.records.some((record) => record.type === 'AWS::EKS::Cluster')).toBe(true);
  });

  it('names the line and column of broken YAML and never repeats the text', () => {
    const secret = 'hunter2-super-secret';
    const { input } = judge(`Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties: { Description: "${secret}"\n  Other: [\n`);
    expect(input.errors).toHaveLength(1);
    expect(input.errors[0]!.location).toEqual({ file: 'stack.yaml', line: expect.any(Number) });
    expect(input.errors[0]!.message).toMatch(/^not valid YAML \([a-z ]+\) \(column \d+\)$/);
    expect(JSON.stringify(input.errors)).not.toContain(secret);
  });

  it('refuses alias expansion past its limit', () => {
    const bomb = ['Resources:', '  A: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 120 }, (_, index) => `  B${index}: *a`)].join('\n');
    expect(judge(bomb).input.errors[0]!.message).toBe('refused: more than 100 aliases');
  });

  it('stops at references that loop (a name that refers to its own resource, conditions that refer to each other)', () => {
    const looping = `Conditions:
  A: !Condition B
  B: !Condition A
Resources:
  Cluster:
    Type: AWS::EKS::Cluster
    Properties:
      Name: !Ref Cluster
      Version: !If [A, '1.33', '1.34']
  Provider:
    Type: AWS::IAM::OIDCProvider
    Properties:
      Url: !GetAtt Provider.Arn
`;
    const { input, findings } = judge(looping);
    expect((input.records.find((record) => record.type === 'AWS::EKS::Cluster')!.model as any).name).toBe('Cluster');
    expect(of(findings, 'EKS-VER-001').map((finding) => [finding.status, finding.message])).toEqual([['skipped', 'intrinsic functions nested too deeply']]);
  });

  it('refuses a document without Resources', () => {
    expect(judge('AWSTemplateFormatVersion: "2010-09-09"\n').input.errors[0]!.message).toBe('not a CloudFormation template: no Resources section');
  });
});

describe('JSON templates (cdk synth output)', () => {
  it('reads the long forms of the intrinsic functions', () => {
    const template = {
      Resources: {
        ClusterRole: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } },
        ClusterABCD1234: {
          Type: 'AWS::EKS::Cluster',
          Properties: {
            Name: 'cdk',
            Version: '1.34',
            RoleArn: { 'Fn::GetAtt': ['ClusterRole', 'Arn'] },
            ResourcesVpcConfig: { SubnetIds: [{ 'Fn::ImportValue': 'subnet-a' }], EndpointPublicAccess: true, PublicAccessCidrs: [{ 'Fn::Join': ['', ['0.0.0.0', '/0']] }] },
            EncryptionConfig: [{ Resources: ['secrets'], Provider: { KeyArn: { 'Fn::GetAtt': ['Key', 'Arn'] } } }],
          },
        },
        Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
      },
    };
    const text = JSON.stringify(template, null, 2);
    const { findings } = judge(text, { 'AWS::Region': 'eu-west-1', 'AWS::AccountId': '111122223333', 'subnet-a': 'subnet-0123' }, 'cdk.out/Stack.template.json');
    expect(of(findings, 'EKS-NET-001').map((finding) => `${finding.status}/${finding.severity}`)).toEqual(['fail/critical']);
    expect(of(findings, 'EKS-DATA-002').map((finding) => finding.status)).toEqual(['pass']);
    expect(of(findings, 'EKS-NET-001')[0]!.location).toEqual({ file: 'cdk.out/Stack.template.json', line: text.split('\n').findIndex((line) => line.includes('"PublicAccessCidrs"')) + 1 });
  });
});
