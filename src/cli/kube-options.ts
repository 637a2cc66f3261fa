import type { LiveClusterOptions } from './live-cluster.js';
import { UsageError } from './errors.js';
import { parseNamespaces } from './options.js';

/** `--context` is repeatable on `scan` (a fleet of contexts) and single elsewhere. */
function contextsOf(value: unknown): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/** `--kubeconfig` and `--context` only mean something with `--kube`; alone they would silently do nothing. */
export function parseKubeOptions(options: Record<string, unknown>): LiveClusterOptions | undefined {
  const namespaces = parseNamespaces(options['namespace'] as string[], '--namespace');
  const contexts = contextsOf(options['context']);
  if (!options['kube']) {
    const stray = [options['kubeconfig'] !== undefined && '--kubeconfig', contexts.length > 0 && '--context', options['kubeletConfig'] === true && '--kubelet-config'].filter(Boolean);
    if (stray.length > 0) throw new UsageError(`${stray.join(', ')} only ${stray.length === 1 ? 'applies' : 'apply'} to a live scan`, 'add --kube to scan the cluster');
    return undefined;
  }
  return {
    namespaces,
    ...(options['kubeletConfig'] === true ? { kubeletConfig: true } : {}),
    ...(options['kubeconfig'] !== undefined ? { kubeconfig: String(options['kubeconfig']) } : {}),
    ...(contexts.length > 0 ? { context: contexts[0]! } : {}),
  };
}
