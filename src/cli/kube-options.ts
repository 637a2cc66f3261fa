import type { LiveClusterOptions } from './live-cluster.js';
import { UsageError } from './errors.js';

/** `--kubeconfig`, `--context` and `--namespace` only mean something with `--kube`; alone they would silently do nothing. */
export function parseKubeOptions(options: Record<string, unknown>): LiveClusterOptions | undefined {
  const namespaces = options['namespace'] as string[];
  if (!options['kube']) {
    const stray = [options['kubeconfig'] !== undefined && '--kubeconfig', options['context'] !== undefined && '--context', namespaces.length > 0 && '--namespace'].filter(Boolean);
    if (stray.length > 0) throw new UsageError(`${stray.join(', ')} only apply to a live scan`, 'add --kube to scan the cluster');
    return undefined;
  }
  if (namespaces.some((namespace) => namespace === '')) throw new UsageError('--namespace needs a name');
  return {
    namespaces,
    ...(options['kubeconfig'] !== undefined ? { kubeconfig: String(options['kubeconfig']) } : {}),
    ...(options['context'] !== undefined ? { context: String(options['context']) } : {}),
  };
}
