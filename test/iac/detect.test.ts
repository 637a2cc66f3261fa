import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { infrastructureKindOf, infrastructureKindOfText } from '../../src/sources/iac/detect.js';
import { collectManifests } from '../../src/sources/manifests/index.js';

describe('telling infrastructure code by content', () => {
  it('recognises parsed plans, templates and eksctl configs, and nothing else', () => {
    expect(infrastructureKindOf({ format_version: '1.2', terraform_version: '1.11.4', resource_changes: [] })).toBe('terraform');
    expect(infrastructureKindOf({ format_version: '1.0' })).toBeUndefined();
    expect(infrastructureKindOf({ apiVersion: 'eksctl.io/v1alpha5', kind: 'ClusterConfig', metadata: { name: 'x' } })).toBe('eksctl');
    expect(infrastructureKindOf({ apiVersion: 'eksctl.io/v1alpha5', kind: 'Something' })).toBeUndefined();
    expect(infrastructureKindOf({ AWSTemplateFormatVersion: '2010-09-09', Resources: {} })).toBe('cloudformation');
    expect(infrastructureKindOf({ Resources: { Bucket: { Type: 'AWS::S3::Bucket' } } })).toBe('cloudformation');
    // a Kubernetes object, a Helm values file, a Compose file
    expect(infrastructureKindOf({ apiVersion: 'v1', kind: 'ConfigMap' })).toBeUndefined();
    expect(infrastructureKindOf({ resources: { limits: { cpu: 1 } } })).toBeUndefined();
    expect(infrastructureKindOf({ services: { web: { image: 'nginx' } } })).toBeUndefined();
  });

  it('recognises them from text the manifest parser cannot read (short-form tags, files over its size limit)', () => {
    expect(infrastructureKindOfText('Resources:\n  Cluster:\n    Type: AWS::EKS::Cluster\n    Properties:\n      RoleArn: !GetAtt Role.Arn\n')).toBe('cloudformation');
    expect(infrastructureKindOfText('\ufeffAWSTemplateFormatVersion: "2010-09-09"\n')).toBe('cloudformation');
    expect(infrastructureKindOfText('{"format_version":"1.2","terraform_version":"1.11.4","planned_values":')).toBe('terraform');
    expect(infrastructureKindOfText('apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\n')).toBe('eksctl');
    expect(infrastructureKindOfText('apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: !!binary abc\n')).toBeUndefined();
    expect(infrastructureKindOfText('{{- if .Values.enabled }}\nResources: {{ .Values.x }}\n')).toBeUndefined();
  });
});

describe('the manifest walk hands infrastructure code over', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'eksguard-detect-'));
    mkdirSync(path.join(root, 'deep', 'er'), { recursive: true });
    writeFileSync(path.join(root, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{name: c, image: nginx}]\n');
    writeFileSync(path.join(root, 'stack.yaml'), 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Sub "${AWS::StackName}-role"\n');
    writeFileSync(path.join(root, 'deep', 'er', 'cluster.yml'), 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: eu-west-1}\n');
    writeFileSync(path.join(root, 'deep', 'plan.json'), JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', resource_changes: [] }));
    writeFileSync(path.join(root, 'values.yaml'), 'replicaCount: 2\n');
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('lists each infrastructure file once, with its kind, and reads only the manifests as manifests', async () => {
    const inventory = await collectManifests({ paths: [root], cwd: root, workers: false });
    expect(inventory.infrastructure.map((file) => [file.displayName, file.kind])).toEqual([
      ['deep/er/cluster.yml', 'eksctl'],
      ['deep/plan.json', 'terraform'],
      ['stack.yaml', 'cloudformation'],
    ]);
    expect(inventory.kube.map((object) => object.kind)).toEqual(['Pod']);
    expect(inventory.counts).toEqual({ files: 1, objects: 1, skippedFiles: 1 });
    expect(inventory.errors).toEqual([]);
  });

  it('does the same for files named on the command line (a template with tags is no broken manifest)', async () => {
    const inventory = await collectManifests({ paths: [path.join(root, 'stack.yaml'), path.join(root, 'deep', 'er', 'cluster.yml')], cwd: root, workers: false });
    expect(inventory.infrastructure.map((file) => file.kind)).toEqual(['cloudformation', 'eksctl']);
    expect(inventory.errors).toEqual([]);
    expect(inventory.kube).toEqual([]);
  });
});
