import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { InputError } from '../../core/types.js';
import { isReleaseName, missingDependencies, readChart } from './helm-chart.js';
import { splitHelmOutput } from './helm-output.js';
import { findExecutable, runTool, toolMessage } from './run-tool.js';
import type { RenderedSource, RenderLimits } from './types.js';

export interface HelmOptions {
  /** `--helm-bin`: the helm executable (default: `helm` on PATH) */
  bin?: string;
  /** `--helm-values FILE` (repeatable), relative to the working directory */
  values: readonly string[];
  /** `--helm-set key=value` (repeatable) */
  set: readonly string[];
  /** `--helm-release` (default: the chart's name) */
  release?: string;
  /** `--helm-namespace`, else `--namespace` (default: the release name, assumed) */
  namespace?: string;
  /** Kubernetes version for Capabilities.KubeVersion: the one the Pod Security version is checked at, `1.N.0` */
  kubeVersion: string;
  /** `--helm-tests`: keep the chart's test hooks (left out by default: they are not deployed) */
  includeTests: boolean;
}

export const HELM_INSTALL_HINT =
  'install Helm 3 or 4 (https://helm.sh/docs/intro/install/) or name it with --helm-bin; or render the chart yourself and pipe it: helm template RELEASE CHART | eksguard scan - --stdin-name CHART; or scan the raw files with --no-render';

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * The repository file a `# Source:` path names: `<chart>/templates/x.yaml` is `templates/x.yaml`
 * of the chart directory, `<chart>/charts/<sub>/templates/x.yaml` is in the vendored subchart's
 * directory, or in its archive when it is vendored as one. Anything else (a path that would
 * leave the chart) is the chart's Chart.yaml.
 */
async function templateFile(chartDir: string, source: string): Promise<string> {
  const parts = source.split('/').slice(1);
  const relative = path.normalize(parts.join(path.sep));
  if (parts.length === 0 || relative.startsWith('..') || path.isAbsolute(relative)) return path.join(chartDir, 'Chart.yaml');
  const candidate = path.join(chartDir, relative);
  if (await exists(candidate)) return candidate;
  if (parts[0] === 'charts' && parts[1]) {
    const archives = await readdir(path.join(chartDir, 'charts')).catch(() => [] as string[]);
    const archive = archives.find((name) => name.startsWith(`${parts[1]}-`) && name.endsWith('.tgz'));
    if (archive) return path.join(chartDir, 'charts', archive);
  }
  return path.join(chartDir, 'Chart.yaml');
}

/**
 * Renders one chart directory with `helm template` into the text of each template file, with the
 * namespace it was rendered into. Any problem (no helm, a dependency not vendored, a template
 * error) is an error entry at the chart's Chart.yaml, never an exception.
 */
export async function renderChart(options: { chartDir: string; display: (file: string) => string; helm: HelmOptions; limits: RenderLimits; cwd: string }): Promise<RenderedSource> {
  const { chartDir, display, helm, limits } = options;
  const chartFile = path.join(chartDir, 'Chart.yaml');
  const id = display(chartDir);
  const failed = (message: string): RenderedSource => ({
    kind: 'chart',
    id,
    file: display(chartFile),
    files: [],
    errors: [{ source: 'helm', message: `chart ${id}: ${message}`, location: { file: display(chartFile) } } satisfies InputError],
  });
  const read = await readChart(chartDir);
  if ('problem' in read) return failed(`cannot be rendered: ${read.problem}`);
  // a library chart is helpers for other charts (Helm refuses to render it): nothing of it is deployed
  if (read.chart.type === 'library') return { kind: 'chart', id, file: display(chartFile), files: [], errors: [], skipped: 'library chart' };
  const missing = await missingDependencies(chartDir, read.chart);
  if (missing.length > 0) {
    return failed(
      `${missing.length === 1 ? 'dependency' : 'dependencies'} ${missing.join(', ')} not vendored under charts/: run \`helm dependency build ${id}\` and scan again (Helm cannot render a chart with a dependency missing)`,
    );
  }
  const bin = await findExecutable(helm.bin ?? 'helm');
  if (!bin) return failed(`not rendered: ${helm.bin ? `--helm-bin ${helm.bin} is not an executable file` : 'helm was not found on PATH'}. Hint: ${HELM_INSTALL_HINT}`);
  const release = helm.release ?? (isReleaseName(read.chart.name) ? read.chart.name : 'release');
  const assumed = helm.namespace === undefined;
  const namespace = helm.namespace ?? release;
  const args = [
    'template',
    release,
    chartDir,
    '--namespace',
    namespace,
    '--kube-version',
    helm.kubeVersion,
    ...(helm.includeTests ? [] : ['--skip-tests']),
    ...helm.values.flatMap((file) => ['--values', path.resolve(options.cwd, file)]),
    ...helm.set.flatMap((value) => ['--set', value]),
  ];
  const result = await runTool({ bin, args, cwd: options.cwd, maxStdoutBytes: limits.maxOutputBytes, timeoutMs: limits.timeoutMs });
  if (!result.ok) {
    if (result.reason === 'not-found') return failed(`not rendered: ${bin} could not be run. Hint: ${HELM_INSTALL_HINT}`);
    if (result.reason === 'timeout') return failed(`helm template did not finish within ${Math.round(limits.timeoutMs / 1000)} s`);
    if (result.reason === 'too-large') return failed(`helm template printed more than ${Math.round(limits.maxOutputBytes / 1024 / 1024)} MiB`);
    if (result.reason === 'not-utf8') return failed('helm template printed text that is not UTF-8');
    return failed(`helm template failed: ${toolMessage(result.stderr) || `exit code ${result.exitCode ?? 'unknown'}`}`);
  }
  const files = [];
  for (const template of splitHelmOutput(result.stdout)) {
    files.push({ file: display(await templateFile(chartDir, template.source)), text: template.text });
  }
  return { kind: 'chart', id, file: display(chartFile), files, errors: [], namespace, ...(assumed ? { assumedNamespace: true } : {}), release };
}
