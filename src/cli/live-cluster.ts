import type { Check } from '../core/check.js';
import type { Inventory } from '../core/inventory.js';
import { UsageError } from './errors.js';
import { toolVersion } from './version.js';

export interface LiveClusterOptions {
  kubeconfig?: string;
  context?: string;
  namespaces: string[];
}

/**
 * Reads the live cluster for `scan --kube`. The source (and client-node, which
 * takes a second to load) is imported only when a live scan is asked for, so
 * manifest scans do not pay for it.
 */
export async function collectLiveCluster(options: LiveClusterOptions, checks: readonly Check[]): Promise<Inventory> {
  const { collectCluster, KubeSourceError, terminalProgress } = await import('../sources/kube/index.js');
  const progress = terminalProgress(process.stderr);
  try {
    return await collectCluster({
      checks,
      namespaces: options.namespaces,
      userAgent: `eksguard/${toolVersion()}`,
      ...(options.kubeconfig !== undefined ? { kubeconfig: options.kubeconfig } : {}),
      ...(options.context !== undefined ? { context: options.context } : {}),
      ...(progress ? { progress } : {}),
    });
  } catch (error) {
    if (error instanceof KubeSourceError) throw new UsageError(error.message, error.hint);
    throw error;
  }
}
