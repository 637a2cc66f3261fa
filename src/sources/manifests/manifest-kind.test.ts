import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectManifests } from './index.js';
import { MANIFEST_LIMITS } from './limits.js';
import { declaresKubernetesObject, textDeclaresKubernetesObject } from './manifest-kind.js';

function workdir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-kind-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('declaresKubernetesObject', () => {
  it('needs both apiVersion and kind at the top of a mapping, whatever their values', () => {
    expect(declaresKubernetesObject({ apiVersion: 'v1', kind: 'Pod' })).toBe(true);
    expect(declaresKubernetesObject({ apiVersion: 1, kind: null })).toBe(true);
    expect(declaresKubernetesObject({ apiVersion: 'v2', name: 'chart' })).toBe(false);
    expect(declaresKubernetesObject({ kind: 'Pod' })).toBe(false);
    expect(declaresKubernetesObject([{ apiVersion: 'v1', kind: 'Pod' }])).toBe(false);
    expect(declaresKubernetesObject({ spec: { apiVersion: 'v1', kind: 'Pod' } })).toBe(false);
    expect(declaresKubernetesObject(null)).toBe(false);
  });
});

describe('textDeclaresKubernetesObject', () => {
  it('finds the keys at the start of a line or quoted', () => {
    expect(textDeclaresKubernetesObject('apiVersion: v1\nkind: Pod\nmetadata: {name: [\n')).toBe(true);
    expect(textDeclaresKubernetesObject('{"apiVersion": "v1", "kind": "Pod", }')).toBe(true);
    expect(textDeclaresKubernetesObject('AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Bucket:\n    Type: !Ref Kind\n')).toBe(false);
    expect(textDeclaresKubernetesObject('values:\n  apiVersion: v1\n  kind: Pod\n')).toBe(false);
  });
});

describe('collectManifests on a repository root', () => {
  const files = {
    '.github/workflows/ci.yml': 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
    'docker-compose.yml': 'services:\n  web:\n    image: nginx\n    privileged: true\n',
    'package.json': '{"name": "shop", "version": "1.0.0"}',
    'tsconfig.json': '{\n  // comments make this invalid JSON\n  "compilerOptions": {}\n}\n',
    'cloudformation.yaml': 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Ref Name\n',
    'chart/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n',
    'chart/values.yaml': 'image: nginx\nsecurityContext:\n  privileged: true\n',
    'chart/templates/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec: {{ toYaml .Values | nindent 2 }}\n',
    'k8s/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: app, image: nginx}]\n',
    'k8s/broken.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: [\n',
    'k8s/list.json': '{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"}}]}',
  };

  it('reads the manifests, reports the broken one, and skips and counts the rest', async () => {
    const root = workdir(files);
    const inventory = await collectManifests({ paths: [root], cwd: root });
    expect(inventory.kube.map((object) => object.name).sort()).toEqual(['a', 'web']);
    expect(inventory.errors.map((error) => error.location?.file)).toEqual(['k8s/broken.yaml']);
    // workflow, compose, package.json, tsconfig.json, Chart.yaml, values.yaml and the template
    expect(inventory.counts).toEqual({ files: 3, objects: 2, skippedFiles: 7 });
    // the CloudFormation template is infrastructure code: handed to that source, neither a manifest nor skipped
    expect(inventory.infrastructure.map((file) => [file.displayName, file.kind])).toEqual([['cloudformation.yaml', 'cloudformation']]);
  });

  it('judges a walked file that cannot be read as a manifest by its first bytes', async () => {
    const root = workdir({
      'package-lock.json': `{"name": "shop", "packages": {"x": "${'a'.repeat(4096)}"}}`,
      'k8s/big-list.json': `{"apiVersion": "v1", "items": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "${'a'.repeat(4096)}"}}], "kind": "List"}`,
      'assets/logo.json': '\u0000\u0001binary',
    });
    writeFileSync(path.join(root, 'k8s/utf16.yaml'), Buffer.from(`\ufeffapiVersion: v1\nkind: Pod\nmetadata: {name: wide}\n`, 'utf16le'));
    const inventory = await collectManifests({ paths: [root], cwd: root, limits: { ...MANIFEST_LIMITS, maxFileBytes: 2048 } });
    // too large, but a manifest by its text: the error stands; UTF-16 with its mark reads as kubectl reads it
    expect(inventory.errors.map((error) => [error.location?.file, error.message.slice(0, 24)])).toEqual([['k8s/big-list.json', 'file is larger than the l'.slice(0, 24)]]);
    expect(inventory.kube.map((object) => object.name)).toEqual(['wide']);
    expect(inventory.counts).toEqual({ files: 1, objects: 1, skippedFiles: 2 });
  });

  it('still judges a file named on the command line as a manifest', async () => {
    const root = workdir(files);
    const inventory = await collectManifests({ paths: [path.join(root, 'docker-compose.yml')], cwd: root });
    expect(inventory.errors).toEqual([{ source: 'file', message: 'document has no kind', location: { file: 'docker-compose.yml', line: 1 } }]);
    expect(inventory.counts).toEqual({ files: 1, objects: 0, skippedFiles: 0 });
  });
});
