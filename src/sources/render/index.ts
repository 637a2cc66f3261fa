import type { ManifestLimits } from '../manifests/limits.js';
import { renderChart, type HelmOptions } from './helm.js';
import type { KustomizationInfo } from './kustomization.js';
import { renderOverlay, type KustomizeOptions } from './kustomize.js';
import type { RenderedSource, RenderLimits } from './types.js';

export { HELM_INSTALL_HINT, type HelmOptions } from './helm.js';
export { KUSTOMIZE_INSTALL_HINT, type KustomizeOptions } from './kustomize.js';
export { planKustomize } from './kustomization.js';
export type { ObjectOrigin, RenderedFile, RenderedSource, RenderLimits } from './types.js';

/** How charts and overlays found in the manifest paths are rendered. */
export interface RenderOptions {
  helm: HelmOptions;
  kustomize: KustomizeOptions;
  /** default: two minutes per renderer run, output up to the manifest size limit */
  limits?: Partial<RenderLimits>;
}

export const DEFAULT_RENDER_TIMEOUT_MS = 120_000;

/** Charts and overlays rendered in one scan: each is a process of its own. */
export const MAX_RENDERED_SOURCES = 1_000;

/**
 * Renders each chart and overlay once, one after the other (each renderer is a process of its
 * own; the machine's cores are left to parsing), in the order they were found.
 */
export async function renderSources(options: {
  charts: readonly string[];
  overlays: readonly KustomizationInfo[];
  render: RenderOptions;
  manifestLimits: ManifestLimits;
  display: (file: string) => string;
  cwd: string;
  onSource: (source: RenderedSource) => void;
}): Promise<void> {
  const limits: RenderLimits = {
    maxOutputBytes: options.render.limits?.maxOutputBytes ?? options.manifestLimits.maxFileBytes,
    timeoutMs: options.render.limits?.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS,
  };
  let budget = MAX_RENDERED_SOURCES;
  for (const chartDir of options.charts) {
    if (budget-- <= 0) break;
    options.onSource(await renderChart({ chartDir, display: options.display, helm: options.render.helm, limits, cwd: options.cwd }));
  }
  for (const overlay of options.overlays) {
    if (budget-- <= 0) break;
    options.onSource(
      await renderOverlay({ overlay, display: options.display, kustomize: options.render.kustomize, limits, manifestLimits: options.manifestLimits, cwd: options.cwd }),
    );
  }
}
