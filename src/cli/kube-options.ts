import type { LiveClusterOptions } from './live-cluster.js';
import { UsageError } from './errors.js';
import { parseNamespaces } from './options.js';

/** `--kubeconfig` and `--context` only mean something with `--kube`; alone they would silently do nothing. */
export function parseKubeOptions(options: Record<string, unknown>): LiveClusterOptions | undefined {
  const namespaces = parseNamespaces(options['namespace'] as string[], '--namespace');
  if (!options['kube']) {
    const stray = [options['kubeconfig'] !== undefined && '--kubeconfig', options['context'] !== undefined && '--context'].filter(Boolean);
    if (stray.length > 0) throw new UsageError(`${stray.join(', ')} only apply to a live scan`, 'add --kube to scan the cluster');
    return undefined;
  }
  return {
    namespaces,
    ...(options['kubeconfig'] !== undefined ? { kubeconfig: String(options['kubeconfig']) } : {}),
    ...(options['context'] !== undefined ? { context: String(options['context']) } : {}),
  };
}
