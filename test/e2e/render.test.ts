import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectHelm, projectKustomize } from '../helpers/renderers.js';
import { runCli, runCliJson } from './run-cli.js';
import { makeWorkdir } from './workdir.js';

/**
 * Rendering charts and overlays found in the scanned paths (issue 14, points 1 to 4), with the
 * Helm the project builds and the machine's kubectl. Charts are small, written for the case.
 */

let helm = '';
let kustomize = '';
beforeAll(() => {
  helm = projectHelm();
  kustomize = projectKustomize();
});

const CHART = {
  'charts/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\nkubeVersion: ">=1.25.0-0"\n',
  'charts/shop/values.yaml': 'privileged: false\nreplicas: 1\n',
  'charts/shop/templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
  labels:
    kube-minor: "{{ .Capabilities.KubeVersion.Minor }}"
spec:
  replicas: {{ .Values.replicas }}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          securityContext:
            privileged: {{ .Values.privileged }}
`,
  'charts/shop/templates/tests/test-connection.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-test
  annotations: { "helm.sh/hook": test }
spec:
  containers: [{ name: wget, image: busybox, securityContext: { privileged: true } }]
`,
};

const OVERLAY = {
  'deploy/base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
  'deploy/base/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers:
        - name: api
          image: example/api:1.0
`,
  'deploy/overlays/prod/kustomization.yaml': 'namespace: prod\nnamePrefix: prod-\nresources:\n  - ../../base\npatches:\n  - path: privileged.yaml\n',
  // a patch is half an object: judged alone it would look like a Deployment without a selector or image
  'deploy/overlays/prod/privileged.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          securityContext:
            privileged: true
`,
};

const PLAIN = {
  'k8s/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, namespace: shop }\ndata: { mode: fast }\n',
};

const failing = (json: any, checkId: string) => json.findings.filter((f: any) => f.checkId === checkId && f.status === 'fail');

describe('Helm charts', () => {
  it('renders a chart directory: findings name the template file and the line in its rendered output; SARIF points at repository files', () => {
    const dir = makeWorkdir(CHART);
    const { json, result } = runCliJson(['scan', 'charts/shop', '--helm-bin', helm, '--helm-set', 'privileged=true'], { cwd: dir });
    expect(result.code, result.stderr).toBe(1);
    expect(json.errors).toEqual([]);
    const [privileged] = failing(json, 'PSS-privileged');
    expect(privileged.resource).toMatchObject({ kind: 'Deployment', name: 'shop-web', namespace: 'shop' });
    // `privileged:` is line 17 of the template's rendered output
    expect(privileged.location).toEqual({ file: 'charts/shop/templates/deployment.yaml', line: 17 });
    expect(json.summary.inputs).toEqual({ files: 0, objects: 1, skippedFiles: 0, charts: 1 });
    const sarif = JSON.parse(runCli(['scan', 'charts/shop', '--helm-bin', helm, '--helm-set', 'privileged=true', '--format', 'sarif'], { cwd: dir }).stdout);
    const uris = sarif.runs[0].results.flatMap((r: any) => r.locations ?? []).map((l: any) => l.physicalLocation.artifactLocation.uri);
    expect(uris.length).toBeGreaterThan(0);
    for (const uri of uris) expect(existsSync(path.join(dir, uri)), uri).toBe(true);
  });

  it('takes values files, --helm-set, the release name and namespace, and renders for the Pod Security version in use', () => {
    const dir = makeWorkdir({ ...CHART, 'ci/prod-values.yaml': 'replicas: 3\nprivileged: true\n' });
    const { json } = runCliJson(['scan', 'charts/shop', '--helm-bin', helm, '--helm-values', 'ci/prod-values.yaml', '--helm-set', 'replicas=5', '--helm-release', 'store', '--helm-namespace', 'retail', '--pss-version', 'v1.30', '--include-passed'], { cwd: dir });
    const deployment = json.findings.find((f: any) => f.checkId === 'PSS-privileged');
    expect(deployment.status).toBe('fail');
    expect(deployment.resource).toMatchObject({ name: 'store-web', namespace: 'retail' });
    // Capabilities.KubeVersion follows --pss-version; a chart that needs a newer Kubernetes says so
    const rendered = runCliJson(['scan', 'charts/shop', '--helm-bin', helm, '--pss-version', 'v1.24'], { cwd: dir });
    expect(rendered.result.code).toBe(2);
    expect(rendered.json.errors[0].message).toMatch(/^chart charts\/shop: helm template failed: .*kubeVersion/);
    expect(rendered.json.errors[0].location).toEqual({ file: 'charts/shop/Chart.yaml' });
  });

  it('says Capabilities.KubeVersion is the Pod Security version (latest: the newest the checks know)', () => {
    const dir = makeWorkdir({ ...CHART, 'charts/shop/templates/deployment.yaml': CHART['charts/shop/templates/deployment.yaml'].replace('privileged: {{ .Values.privileged }}', 'privileged: {{ eq .Capabilities.KubeVersion.Minor "31" }}') });
    expect(failing(runCliJson(['scan', 'charts/shop', '--helm-bin', helm, '--pss-version', 'v1.31'], { cwd: dir }).json, 'PSS-privileged')).toHaveLength(1);
    expect(failing(runCliJson(['scan', 'charts/shop', '--helm-bin', helm, '--pss-version', 'v1.30'], { cwd: dir }).json, 'PSS-privileged')).toHaveLength(0);
  });

  it('leaves Helm test hooks out unless --helm-tests, rendered or piped', () => {
    const dir = makeWorkdir(CHART);
    const plain = runCliJson(['scan', 'charts/shop', '--helm-bin', helm], { cwd: dir }).json;
    expect(plain.findings.filter((f: any) => f.resource.name === 'shop-test')).toEqual([]);
    const tests = runCliJson(['scan', 'charts/shop', '--helm-bin', helm, '--helm-tests'], { cwd: dir }).json;
    expect(failing(tests, 'PSS-privileged').map((f: any) => f.resource.name)).toEqual(['shop-test']);
    expect(failing(tests, 'PSS-privileged')[0].location.file).toBe('charts/shop/templates/tests/test-connection.yaml');
    const piped = runCliJson(['scan', '-', '--stdin-name', 'charts/shop'], { cwd: dir, input: readRendered(dir) }).json;
    expect(piped.findings.filter((f: any) => f.resource.name === 'shop-test')).toEqual([]);
    expect(piped.summary.inputs.helmTests).toBe(1);
  });

  it('names `helm dependency build` when a dependency is not vendored, and uses the vendored ones', () => {
    const missing = makeWorkdir({ ...CHART, 'charts/shop/Chart.yaml': CHART['charts/shop/Chart.yaml'] + 'dependencies:\n  - name: redis\n    version: 1.x\n    repository: https://example.com/charts\n    condition: redis.enabled\n' });
    const { json, result } = runCliJson(['scan', 'charts/shop', '--helm-bin', helm], { cwd: missing });
    expect(result.code).toBe(2);
    expect(json.errors).toContainEqual(
      {
        source: 'helm',
        message: 'chart charts/shop: dependency redis not vendored under charts/: run `helm dependency build charts/shop` and scan again (Helm cannot render a chart with a dependency missing)',
        location: { file: 'charts/shop/Chart.yaml' },
      },
    );
    const vendored = makeWorkdir({
      ...CHART,
      'charts/shop/Chart.yaml': CHART['charts/shop/Chart.yaml'] + 'dependencies:\n  - name: redis\n    version: 1.x\n    repository: https://example.com/charts\n',
      'charts/shop/charts/redis/Chart.yaml': 'apiVersion: v2\nname: redis\nversion: 1.2.0\n',
      'charts/shop/charts/redis/templates/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: { name: redis }\nspec:\n  hostNetwork: true\n  containers: [{ name: redis, image: redis:7 }]\n',
    });
    const sub = runCliJson(['scan', 'charts/shop', '--helm-bin', helm], { cwd: vendored });
    expect(sub.json.errors).toEqual([]);
    expect(failing(sub.json, 'K8S-WL-009')[0].location.file).toBe('charts/shop/charts/redis/templates/pod.yaml');
  });

  it('without Helm, says how to install it or pipe its output, and still scans the rest', () => {
    const dir = makeWorkdir({ ...CHART, ...PLAIN });
    const noHelm = runCliJson(['scan', '.'], { cwd: dir, env: { PATH: path.dirname(process.execPath) } });
    expect(noHelm.result.code).toBe(2);
    expect(noHelm.json.errors).toHaveLength(1);
    expect(noHelm.json.errors[0].message).toContain('chart charts/shop: not rendered: helm was not found on PATH. Hint: install Helm 3 or 4 (https://helm.sh/docs/intro/install/) or name it with --helm-bin; or render the chart yourself and pipe it: helm template RELEASE CHART | eksguard scan - --stdin-name CHART');
    expect(noHelm.json.summary.inputs.files).toBe(1);
    const wrongBin = runCliJson(['scan', 'charts/shop', '--helm-bin', '/nonexistent/helm'], { cwd: dir });
    expect(wrongBin.json.errors[0].message).toContain('--helm-bin /nonexistent/helm is not an executable file');
  });

  it('skips a library chart (helpers for other charts, which Helm cannot render), counting it', () => {
    const dir = makeWorkdir({ ...CHART, 'charts/common/Chart.yaml': 'apiVersion: v2\nname: common\ntype: library\nversion: 1.0.0\n', 'charts/common/templates/_helpers.tpl': '{{- define "common.name" -}}x{{- end -}}\n' });
    const { json, result } = runCliJson(['scan', 'charts', '--helm-bin', helm], { cwd: dir });
    expect(json.errors, result.stderr).toEqual([]);
    expect(json.summary.inputs).toMatchObject({ charts: 1, skippedFiles: 1 });
  });

  it('reports a template error with Helm\'s message at the chart', () => {
    const dir = makeWorkdir({ ...CHART, 'charts/shop/templates/broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "shop.missing" . }}\n' });
    const { json, result } = runCliJson(['scan', 'charts/shop', '--helm-bin', helm], { cwd: dir });
    expect(result.code).toBe(2);
    expect(json.errors[0].message).toMatch(/^chart charts\/shop: helm template failed: .*shop\/templates\/broken\.yaml.*shop\.missing/);
  });
});

/** What a user pipes: `helm template` with its test hooks (no --skip-tests). */
function readRendered(dir: string): string {
  return execFileSync(helm, ['template', 'shop', path.join(dir, 'charts/shop'), '--set', 'privileged=true'], { encoding: 'utf8' });
}

describe('Kustomize overlays', () => {
  it('judges the overlay\'s output, never its patch or base on their own, and points at the base file', () => {
    const dir = makeWorkdir(OVERLAY);
    const { json, result } = runCliJson(['scan', 'deploy', '--kustomize-bin', kustomize], { cwd: dir });
    expect(result.code, result.stderr).toBe(1);
    expect(json.errors).toEqual([]);
    expect(json.summary.inputs).toEqual({ files: 0, objects: 1, skippedFiles: 0, overlays: 1 });
    const [privileged] = failing(json, 'PSS-privileged');
    expect(privileged.resource).toMatchObject({ kind: 'Deployment', name: 'prod-api', namespace: 'prod' });
    // the patched field does not exist in the base: its nearest enclosing field there
    expect(privileged.location.file).toBe('deploy/base/deployment.yaml');
    const [image] = failing(json, 'K8S-WL-003');
    expect(image.location).toEqual({ file: 'deploy/base/deployment.yaml', line: 11 });
    // the patch file is no object of its own
    expect(json.findings.some((f: any) => f.location?.file === 'deploy/overlays/prod/privileged.yaml')).toBe(false);
  });

  it('builds an overlay named on the command line even when another includes it, and components only through their overlay', () => {
    const dir = makeWorkdir({
      ...OVERLAY,
      'deploy/components/debug/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - pod.yaml\n',
      'deploy/components/debug/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: { name: debug }\nspec:\n  containers: [{ name: d, image: busybox:1.36 }]\n',
      'deploy/overlays/dev/kustomization.yaml': 'namespace: dev\nresources:\n  - ../../base\ncomponents:\n  - ../../components/debug\n',
    });
    const all = runCliJson(['scan', 'deploy', '--kustomize-bin', kustomize], { cwd: dir }).json;
    expect(all.summary.inputs.overlays).toBe(2);
    expect([...new Set(all.findings.map((f: any) => `${f.resource.namespace ?? ''}/${f.resource.name}`))].sort()).toEqual(expect.arrayContaining(['dev/api', 'dev/debug', 'prod/prod-api']));
    expect(all.findings.some((f: any) => f.resource.name === 'api' && f.resource.namespace === undefined)).toBe(false);
    // an object a generator makes points at the kustomization that configures it
    const generated = makeWorkdir({ ...OVERLAY, 'deploy/overlays/prod/kustomization.yaml': OVERLAY['deploy/overlays/prod/kustomization.yaml'] + 'configMapGenerator:\n  - name: settings\n    literals: [DB_PASSWORD=Zq8-Lk3-Wp7x]\n' });
    const [credential] = failing(runCliJson(['scan', 'deploy', '--kustomize-bin', kustomize], { cwd: generated }).json, 'K8S-DATA-002');
    expect(credential.location).toEqual({ file: 'deploy/overlays/prod/kustomization.yaml' });
    const base = runCliJson(['scan', 'deploy/base', '--kustomize-bin', kustomize], { cwd: dir }).json;
    expect(base.summary.inputs.overlays).toBe(1);
  });

  it('builds with `kustomize build` too (kustomize from the Go module proxy)', () => {
    const built = execFileSync('bash', [path.join(import.meta.dirname, '../../scripts/kustomize.sh'), 'build-module'], { encoding: 'utf8', timeout: 30 * 60_000 }).trim().split('\n').at(-1)!;
    const dir = makeWorkdir(OVERLAY);
    const { json } = runCliJson(['scan', 'deploy/overlays/prod', '--kustomize-bin', built], { cwd: dir });
    expect(json.errors).toEqual([]);
    expect(failing(json, 'PSS-privileged')[0].location.file).toBe('deploy/base/deployment.yaml');
  });

  it('without kubectl or kustomize, says what to install, and a build error is the overlay\'s error', () => {
    const dir = makeWorkdir(OVERLAY);
    const none = runCliJson(['scan', 'deploy'], { cwd: dir, env: { PATH: path.dirname(process.execPath) } });
    expect(none.result.code).toBe(2);
    expect(none.json.errors[0]).toMatchObject({ source: 'kustomize', location: { file: 'deploy/overlays/prod/kustomization.yaml' } });
    expect(none.json.errors[0].message).toContain('neither kubectl nor kustomize was found on PATH. Hint: install kubectl');
    const broken = makeWorkdir({ ...OVERLAY, 'deploy/overlays/prod/kustomization.yaml': 'resources:\n  - ../../missing\n' });
    const failed = runCliJson(['scan', 'deploy', '--kustomize-bin', kustomize], { cwd: broken });
    expect(failed.result.code).toBe(2);
    expect(failed.json.errors[0].message).toMatch(/^overlay deploy\/overlays\/prod: kustomize build failed: /);
  });
});

describe('repository roots', () => {
  it('renders each chart and overlay once and scans the remaining manifests as files; --no-render reads raw files', () => {
    const dir = makeWorkdir({ ...CHART, ...OVERLAY, ...PLAIN });
    const rendered = runCliJson(['scan', '.', '--helm-bin', helm, '--kustomize-bin', kustomize], { cwd: dir });
    expect(rendered.json.errors).toEqual([]);
    expect(rendered.json.summary.inputs).toEqual({ files: 1, objects: 3, skippedFiles: 0, charts: 1, overlays: 1 });
    const raw = runCliJson(['scan', '.', '--no-render'], { cwd: dir });
    // the chart's two templates left out, Chart.yaml, values.yaml and the two kustomizations skipped
    // as not Kubernetes; base, patch and config read as files: the patch is judged as a whole object
    expect(raw.json.summary.inputs).toEqual({ files: 3, objects: 3, skippedFiles: 6 });
    expect(raw.json.findings.some((f: any) => f.location?.file === 'deploy/overlays/prod/privileged.yaml')).toBe(true);
  });

  it('--stdin-name names piped input in every report', () => {
    const dir = makeWorkdir(CHART);
    const input = readRendered(dir);
    const { json } = runCliJson(['scan', '-', '--stdin-name', 'charts/shop/rendered.yaml'], { cwd: dir, input });
    expect(json.findings.length).toBeGreaterThan(0);
    expect(json.findings.every((f: any) => !f.location || f.location.file === 'charts/shop/rendered.yaml')).toBe(true);
    const table = runCli(['scan', '-', '--stdin-name', 'charts/shop/rendered.yaml'], { cwd: dir, input });
    expect(table.stdout).not.toContain('<stdin>');
    expect(runCli(['scan', '-', '--stdin-name', ''], { cwd: dir, input }).code).toBe(2);
  });
});

describe('namespace scoping across sources', () => {
  const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers: [{ name: c, image: nginx:1.27 }]
`;
  const denyAll = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny-all }\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n';

  it('never lets one file\'s NetworkPolicy cover another file\'s namespace-less Deployment; a file scanned in a folder keeps its verdicts', () => {
    const dir = makeWorkdir({ 'app-a/web.yaml': deployment('web'), 'app-b/policy.yaml': denyAll + '---\n' + deployment('worker') });
    const folder = runCliJson(['scan', '.'], { cwd: dir }).json;
    const alone = runCliJson(['scan', 'app-a'], { cwd: dir }).json;
    const verdictsOf = (json: any, file: string) =>
      json.findings
        .filter((f: any) => f.location?.file === file || f.resource.name === `(no namespace set: ${file})`)
        .map((f: any) => `${f.checkId}:${f.status}`)
        .sort();
    expect(verdictsOf(folder, 'app-a/web.yaml')).toEqual(verdictsOf(alone, 'app-a/web.yaml'));
    for (const id of ['K8S-NET-001', 'K8S-NET-002', 'K8S-NET-009']) {
      expect(failing(folder, id).map((f: any) => f.resource.name)).toEqual(['(no namespace set: app-a/web.yaml)']);
    }
    // the namespace-level finding names the source and points at it
    expect(failing(folder, 'K8S-NET-001')[0].location.file).toBe('app-a/web.yaml');
    // --namespace places both files in one namespace, as kubectl apply -n would: the policy covers both
    const placed = runCliJson(['scan', '.', '--namespace', 'shop'], { cwd: dir }).json;
    expect(failing(placed, 'K8S-NET-001')).toEqual([]);
    expect(failing(placed, 'K8S-NET-004')).toEqual([]);
    expect(runCli(['scan', '.', '--namespace', 'a', '--namespace', 'b'], { cwd: dir }).code).toBe(2);
  });

  it('keeps two charts rendered without a namespace apart, and joins them in one --helm-namespace', () => {
    const chart = (name: string, extra = '') => ({
      [`charts/${name}/Chart.yaml`]: `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`,
      [`charts/${name}/templates/deployment.yaml`]: deployment(name) + extra,
    });
    const dir = makeWorkdir({ ...chart('web'), ...chart('web-copy', `---\n${denyAll}`) });
    // each chart's own release namespace, assumed: web's pods are not covered by web-copy's policy
    const apart = runCliJson(['scan', 'charts', '--helm-bin', helm], { cwd: dir }).json;
    expect(failing(apart, 'K8S-NET-001').map((f: any) => f.resource.name)).toEqual(['web (assumed for charts/web)']);
    expect(failing(apart, 'K8S-NET-001')[0].location).toEqual({ file: 'charts/web/Chart.yaml' });
    const together = runCliJson(['scan', 'charts', '--helm-bin', helm, '--helm-namespace', 'shop'], { cwd: dir }).json;
    expect(failing(together, 'K8S-NET-001')).toEqual([]);
  });

  it('keeps two overlays without a namespace apart', () => {
    const overlay = (name: string, extra: Record<string, string> = {}) => ({
      [`${name}/kustomization.yaml`]: `resources:\n  - deployment.yaml\n${Object.keys(extra).length ? '  - policy.yaml\n' : ''}`,
      [`${name}/deployment.yaml`]: deployment(name),
      ...Object.fromEntries(Object.entries(extra).map(([file, text]) => [`${name}/${file}`, text])),
    });
    const dir = makeWorkdir({ ...overlay('one'), ...overlay('two', { 'policy.yaml': denyAll }) });
    const json = runCliJson(['scan', '.', '--kustomize-bin', kustomize], { cwd: dir }).json;
    expect(failing(json, 'K8S-NET-001').map((f: any) => f.resource.name)).toEqual(['(no namespace set: one)']);
    expect(failing(json, 'K8S-NET-001')[0].location).toEqual({ file: 'one/kustomization.yaml' });
  });
});

describe('ignore annotations', () => {
  it('warns about a misspelt check ID with a suggestion, in the table and the JSON', () => {
    const dir = makeWorkdir({ 'k8s/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: shop\n  annotations:\n    eksguard.io/ignore.K8S-WL-04: "cache dir"\nspec:\n  containers: [{ name: c, image: nginx:1.27 }]\n' });
    const { json } = runCliJson(['scan', 'k8s'], { cwd: dir });
    expect(json.warnings).toEqual([
      {
        source: 'annotation',
        message: 'Pod shop/p: annotation eksguard.io/ignore.K8S-WL-04 names no check, so it suppresses nothing (did you mean K8S-WL-004?)',
        location: { file: 'k8s/pod.yaml', line: 7 },
      },
    ]);
    expect(runCli(['scan', 'k8s'], { cwd: dir }).stdout).toContain('warning: k8s/pod.yaml:7: Pod shop/p: annotation eksguard.io/ignore.K8S-WL-04 names no check');
    expect(readFileSync(path.join(dir, 'k8s/pod.yaml'), 'utf8')).toContain('K8S-WL-04');
  });
});
