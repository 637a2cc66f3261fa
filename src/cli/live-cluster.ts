import type { Check } from '../core/check.js';
import type { Inventory } from '../core/inventory.js';
import type { SourceFailure } from './source-gate.js';
import { toolVersion } from './version.js';

export interface LiveClusterOptions {
  kubeconfig?: string;
  context?: string;
  namespaces: string[];
  /** `--kubelet-config`: read each node's /configz (needs nodes/proxy) */
  kubeletConfig?: boolean;
}

/**
 * Reads the live cluster for `scan --kube`. The source (and client-node, which
 * takes a second to load) is imported only when a live scan is asked for, so
 * manifest scans do not pay for it. A cluster that cannot be read at all (no
 * kubeconfig, unknown context, unreachable server, rejected credentials) is a
 * source failure: the report is still written, with the reason, and the run
 * exits 2.
 */
export async function collectLiveCluster(options: LiveClusterOptions, checks: readonly Check[], how: { quiet?: boolean } = {}): Promise<{ inventory: Inventory } | { failure: SourceFailure }> {
  const { collectCluster, KubeSourceError, terminalProgress } = await import('../sources/kube/index.js');
  // a fleet scan draws its own progress line over all clusters
  const progress = how.quiet ? undefined : terminalProgress(process.stderr);
  try {
    const inventory = await collectCluster({
      checks,
      namespaces: options.namespaces,
      ...(options.kubeletConfig ? { kubeletConfig: true } : {}),
      userAgent: `eksguard/${toolVersion()}`,
      ...(options.kubeconfig !== undefined ? { kubeconfig: options.kubeconfig } : {}),
      ...(options.context !== undefined ? { context: options.context } : {}),
      ...(progress ? { progress } : {}),
    });
    return { inventory };
  } catch (error) {
    if (error instanceof KubeSourceError) return { failure: { error: { source: 'kube', message: error.message }, ...(error.hint ? { hint: error.hint } : {}) } };
    throw error;
  }
}
