import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runCliJson } from './run-cli.js';
import { makeWorkdir } from './workdir.js';

const PRIVILEGED = `apiVersion: v1
kind: Pod
metadata: { name: root, namespace: shop }
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext: { privileged: true }
`;

const COMPLIANT = `apiVersion: v1
kind: Pod
metadata: { name: good, namespace: shop, annotations: { eksguard.io/ignore.K8S-NET-004: covered by the mesh } }
spec:
  automountServiceAccountToken: false
  securityContext: { runAsNonRoot: true, seccompProfile: { type: RuntimeDefault } }
  containers:
    - name: app
      image: nginx:1.27@sha256:0000000000000000000000000000000000000000000000000000000000000000
      resources: { requests: { cpu: 10m }, limits: { memory: 64Mi } }
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: [ALL] } }
`;

/** What the root of a real application repository holds besides its manifests. */
const REPOSITORY = {
  '.github/workflows/ci.yml': 'name: ci\non:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n',
  '.github/dependabot.yml': 'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule: { interval: weekly }\n',
  'docker-compose.yml': 'services:\n  web:\n    image: nginx\n    privileged: true\n    ports: ["8080:80"]\n',
  'package.json': '{"name": "shop", "version": "1.0.0", "scripts": {"test": "vitest"}}',
  'tsconfig.json': '{\n  // TypeScript allows comments here\n  "compilerOptions": { "strict": true },\n}\n',
  'infra/stack.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Sub "${AWS::StackName}-role"\n',
  'charts/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n',
  'charts/shop/values.yaml': 'image: nginx\nsecurityContext:\n  privileged: true\n',
  'charts/shop/templates/deployment.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "shop.fullname" . }}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          securityContext:\n            {{- toYaml .Values.securityContext | nindent 12 }}\n',
  '.eksguard.yaml': 'failOn: high\n',
  '.eksguard-baseline.json': '{"version": 1, "tool": "eksguard", "failures": []}',
};

const MANIFESTS = { 'k8s/good.yaml': COMPLIANT };

// These tests read the repository's files as they are (--no-render): Helm templates are left out
// and counted. Rendering charts and overlays found in a repository is tested in render.test.ts.
describe('scanning a repository root', () => {
  it('exits 0 when the manifests are clean, whatever else the repository holds', () => {
    const dir = makeWorkdir({ ...REPOSITORY, ...MANIFESTS });
    const { json, result } = runCliJson(['scan', '.', '--no-render', '--baseline', '.eksguard-baseline.json'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(json.errors).toEqual([]);
    expect(json.summary.bySeverity).toMatchObject({ critical: 0, high: 0 });
    expect(json.findings.every((finding: any) => finding.location.file === 'k8s/good.yaml')).toBe(true);
    // workflow, dependabot, compose, package.json, tsconfig.json, Chart.yaml, values.yaml, the Helm template, .eksguard.yaml, the baseline;
    // the CloudFormation template is read as infrastructure code (an IAM role only: nothing to judge, nothing to fail)
    expect(json.summary.inputs).toEqual({ files: 1, objects: 1, skippedFiles: 10, infrastructureFiles: 1 });
  });

  it('exits 1 for a privileged pod in the manifests, and 2 for a broken manifest, and only for those', () => {
    const failing = makeWorkdir({ ...REPOSITORY, ...MANIFESTS, 'k8s/root.yaml': PRIVILEGED });
    const fails = runCliJson(['scan', '.', '--no-render'], { cwd: failing });
    expect(fails.result.code).toBe(1);
    const serious = fails.json.findings.filter((f: any) => f.status === 'fail' && ['critical', 'high'].includes(f.severity));
    expect([...new Set(serious.map((f: any) => f.location.file))]).toEqual(['k8s/root.yaml']);
    const broken = makeWorkdir({ ...REPOSITORY, ...MANIFESTS, 'k8s/broken.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: [\n' });
    const breaks = runCliJson(['scan', '.', '--no-render'], { cwd: broken });
    expect(breaks.result.code).toBe(2);
    expect(breaks.json.errors.map((error: any) => error.location.file)).toEqual(['k8s/broken.yaml']);
  });

  it('says in the table how many files and objects were read and skipped', () => {
    const dir = makeWorkdir({ ...REPOSITORY, ...MANIFESTS, 'k8s/root.yaml': PRIVILEGED });
    const result = runCli(['scan', '.', '--no-render'], { cwd: dir });
    expect(result.stdout).toContain('\nread 2 files (2 objects); 1 infrastructure file (Terraform, CloudFormation, eksctl); 10 files skipped as not Kubernetes\n');
  });

  it('leaves out --exclude and exclude: paths, matched from the scanned directory or the working directory', () => {
    const dir = makeWorkdir({ ...REPOSITORY, ...MANIFESTS, 'k8s/dev/root.yaml': PRIVILEGED, 'vendor/upstream/root.yaml': PRIVILEGED });
    expect(runCli(['scan', '.', '--no-render'], { cwd: dir }).code).toBe(1);
    const flags = runCliJson(['scan', '.', '--no-render', '--exclude', 'k8s/dev/**', '--exclude', 'vendor'], { cwd: dir });
    expect(flags.result.code, flags.result.stderr).toBe(0);
    expect(flags.json.summary.inputs.files).toBe(1);
    const fromK8s = runCliJson(['scan', 'k8s', '--exclude', 'dev', '--exclude', 'vendor/**'], { cwd: dir });
    expect(fromK8s.result.code).toBe(0);
    const config = makeWorkdir({ ...REPOSITORY, ...MANIFESTS, 'k8s/dev/root.yaml': PRIVILEGED, '.eksguard.yaml': 'exclude:\n  - k8s/dev/\n' });
    expect(runCli(['scan', '.', '--no-render'], { cwd: config }).code).toBe(0);
    const invalid = runCli(['scan', '.', '--exclude', '../x'], { cwd: dir });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('invalid --exclude: a pattern must not contain ..');
  });

  it('never reads its own config or baseline files as manifests, even when they would pass for one', () => {
    // extra keys are allowed in a baseline: this one declares a privileged Pod
    const baseline = JSON.stringify({ version: 1, tool: 'eksguard', failures: [], apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [{ name: 'c', image: 'x', securityContext: { privileged: true } }] } });
    const dir = makeWorkdir({ ...MANIFESTS, 'ci/eksguard.yaml': 'failOn: high\n', 'out/base.json': baseline });
    const { json, result } = runCliJson(['scan', '.', 'ci/eksguard.yaml', '--config', 'ci/eksguard.yaml', '--baseline', 'out/base.json', '--baseline-out', 'out/next.json'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    // the config walked and named, the baseline
    expect(json.summary.inputs).toEqual({ files: 1, objects: 1, skippedFiles: 3 });
    expect(json.findings.filter((finding: any) => finding.resource.name === 'x')).toEqual([]);
    // the same file is a manifest when eksguard is not told it is its baseline
    expect(runCli(['scan', '.', '--config', 'ci/eksguard.yaml'], { cwd: dir }).code).toBe(1);
    expect(readFileSync(path.join(dir, 'out/next.json'), 'utf8')).toContain('"tool": "eksguard"');
  });

  it('judges a file named on the command line as a manifest, as before', () => {
    const dir = makeWorkdir({ ...REPOSITORY, ...MANIFESTS });
    const { json, result } = runCliJson(['scan', 'k8s/good.yaml', 'docker-compose.yml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(json.errors).toEqual([{ source: 'file', message: 'document has no kind', location: { file: 'docker-compose.yml', line: 1 } }]);
  });
});
