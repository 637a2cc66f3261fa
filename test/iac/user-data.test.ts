import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { userDataCredentials } from '../../src/checks/aws/eks-data-003-user-data-credentials.js';
import { runChecks } from '../../src/core/engine.js';
import type { NormalisedInput } from '../../src/sources/iac/model.js';
import { normaliseCloudFormation } from '../../src/sources/iac/cloudformation/index.js';
import { normaliseEksctlConfig } from '../../src/sources/iac/eksctl/index.js';
import { inventoryFromInfrastructure } from '../../src/sources/iac/inventory.js';
import { normaliseTerraformPlan } from '../../src/sources/iac/terraform/index.js';
import { starvedChecks } from '../helpers/aws-example.js';
import { DEFAULT_SETTINGS, FIXED_NOW } from '../helpers/run-check.js';

const KEY = 'AKIAIOSFODNN7EXAMPLE';
const PASSWORD = 'hunter2-but-longer';

function judge(input: NormalisedInput) {
  const findings = runChecks({ checks: [userDataCredentials], inventory: inventoryFromInfrastructure([input], { starvedChecks }), settings: DEFAULT_SETTINGS, now: FIXED_NOW });
  expect(JSON.stringify(findings)).not.toContain(KEY);
  expect(JSON.stringify(findings)).not.toContain(PASSWORD);
  return findings.map((finding) => ({ status: finding.status, message: finding.message, location: finding.location }));
}

describe('EKS-DATA-003 on infrastructure code', () => {
  it('eksctl: preBootstrapCommands and overrideBootstrapCommand, pointing at the field', () => {
    const config = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: prod
  region: eu-west-1
managedNodeGroups:
  - name: ng-1
    preBootstrapCommands:
      - echo ready
      - "export AWS_ACCESS_KEY_ID=${KEY}"
  - name: ng-2
    overrideBootstrapCommand: |
      #!/bin/bash
      /etc/eks/bootstrap.sh prod
      docker login -u ci --password ${PASSWORD} registry.example.com
  - name: ng-3
    preBootstrapCommands: ["echo clean"]
`;
    const line = (needle: string) => config.split('\n').findIndex((text) => text.includes(needle)) + 1;
    expect(judge(normaliseEksctlConfig(config, 'cluster.yaml', { account: '111122223333' }))).toEqual([
      { status: 'fail', message: 'user data preBootstrapCommands[1], line 1: an AWS access key ID (AKIA…)', location: { file: 'cluster.yaml', line: line('preBootstrapCommands:') } },
      { status: 'fail', message: 'user data overrideBootstrapCommand, line 3: a literal value under a secret-like name given to "--password"', location: { file: 'cluster.yaml', line: line('overrideBootstrapCommand') } },
      { status: 'pass', message: 'the user data holds no credential', location: expect.anything() },
    ]);
  });

  it('CloudFormation: Fn::Base64 of Fn::Sub resolved, and a literal base64 string decoded', () => {
    const encoded = Buffer.from(`#!/bin/bash\nexport DB_PASSWORD=${PASSWORD}\n`).toString('base64');
    const template = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  ClusterName: { Type: String, Default: prod }
Resources:
  Nodes:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        UserData:
          Fn::Base64: !Sub |
            #!/bin/bash
            /etc/eks/bootstrap.sh \${ClusterName}
            echo "${KEY}" > /root/key
  Encoded:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        UserData: ${encoded}
`;
    const findings = judge(normaliseCloudFormation(template, 'stack.yaml', { parameters: new Map() }));
    expect(findings.map(({ status, message }) => [status, message])).toEqual([
      ['fail', 'user data, line 3: an AWS access key ID (AKIA…)'],
      ['fail', 'user data, line 2: a literal value under a secret-like name given to "DB_PASSWORD"'],
    ]);
    expect(findings[0]!.location?.file).toBe('stack.yaml');
  });

  it('Terraform: aws_launch_template.user_data, and skipped while it is unknown until apply', () => {
    const plan = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures/terraform-module/plan.json'), 'utf8')) as Record<string, any>;
    const templates = (value: any): any[] =>
      value === null || typeof value !== 'object' ? [] : [...(value.type === 'aws_launch_template' ? [value] : []), ...Object.values(value).flatMap(templates)];
    const withUserData = (userData: string | undefined) => {
      const copy = structuredClone(plan);
      for (const resource of templates(copy)) {
        const values = resource.values ?? resource.change?.after;
        if (values) values.user_data = userData ?? null;
        if (userData === undefined && resource.change) resource.change.after_unknown = { ...resource.change.after_unknown, user_data: true };
      }
      return normaliseTerraformPlan(copy, 'plan.json');
    };
    const gzipped = Buffer.from(`#!/bin/bash\nexport K=${KEY}`).toString('base64');
    expect(judge(withUserData(gzipped)).map(({ status, message }) => [status, message])).toEqual([['fail', 'user data, line 2: an AWS access key ID (AKIA…)']]);
    expect(judge(withUserData(Buffer.from('#!/bin/bash\necho ready').toString('base64'))).map(({ status }) => status)).toEqual(['pass']);
    const unknown = judge(withUserData(undefined));
    expect(unknown.map(({ status }) => status)).toEqual(['skipped']);
    expect(unknown[0]!.message).toMatch(/userData|user_data/);
  });
});

describe('a nodeadm NodeConfig in infrastructure code is held to the kubelet\'s types', () => {
  const nodeConfig = 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  kubelet:\n    config:\n      authentication:\n        anonymous:\n          enabled: "true"\n';

  it('CloudFormation: an input error naming the launch template, the field and the UserData line', () => {
    const mime = `MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="B"\n\n--B\nContent-Type: application/node.eks.aws\n\n${nodeConfig}\n--B--\n`;
    const template = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Nodes:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        UserData: ${Buffer.from(mime).toString('base64')}
`;
    const inventory = inventoryFromInfrastructure([normaliseCloudFormation(template, 'stack.yaml', { parameters: new Map() })], { starvedChecks });
    expect(inventory.errors).toEqual([
      {
        source: 'cloudformation',
        message:
          'launch template Nodes version 1: user data MIME part 1 (application/node.eks.aws): NodeConfig spec.kubelet.config.authentication.anonymous.enabled must be a boolean (true or false), not a string, so the kubelet cannot load its configuration',
        location: { file: 'stack.yaml', line: 7 },
      },
    ]);
  });

  it('Terraform: aws_launch_template.user_data of the plan', () => {
    const plan = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures/terraform-module/plan.json'), 'utf8')) as Record<string, any>;
    const mime = `MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="B"\n\n--B\nContent-Type: application/node.eks.aws\n\n${nodeConfig}\n--B--\n`;
    const visit = (value: any): void => {
      if (value === null || typeof value !== 'object') return;
      if (value.type === 'aws_launch_template') for (const values of [value.values, value.change?.after]) if (values) values.user_data = Buffer.from(mime).toString('base64');
      Object.values(value).forEach(visit);
    };
    visit(plan);
    const inventory = inventoryFromInfrastructure([normaliseTerraformPlan(plan, 'plan.json')], { starvedChecks });
    expect(inventory.errors.length).toBeGreaterThan(0);
    for (const error of inventory.errors) {
      expect(error).toMatchObject({ source: 'terraform', location: { file: 'plan.json' } });
      expect(error.message).toMatch(/^launch template \S+ version \S+: user data MIME part 1 \(application\/node\.eks\.aws\): NodeConfig spec\.kubelet\.config\.authentication\.anonymous\.enabled must be a boolean/);
    }
  });

  it('eksctl: a NodeConfig given as overrideBootstrapCommand', () => {
    const config = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata: { name: prod, region: eu-west-1 }
managedNodeGroups:
  - name: ng-1
    amiFamily: AmazonLinux2023
    overrideBootstrapCommand: |
${nodeConfig.split('\n').map((line) => `      ${line}`).join('\n')}
`;
    const inventory = inventoryFromInfrastructure([normaliseEksctlConfig(config, 'cluster.yaml', { account: '111122223333' })], { starvedChecks });
    expect(inventory.errors.map((error) => error.message)).toEqual([expect.stringMatching(/^launch template eksctl-prod-nodegroup-ng-1\/LaunchTemplate version 1: user data overrideBootstrapCommand: NodeConfig spec\.kubelet\.config\.authentication\.anonymous\.enabled must be a boolean \(true or false\), not a string, so the kubelet cannot load its configuration$/)]);
    expect(inventory.errors[0]!.location?.file).toBe('cluster.yaml');
  });
});
