import type { KubeObject } from '../../core/inventory.js';
import { configFromSettings, settingsFromKubeletConfiguration } from './settings.js';

/** The kind the live source gives each node's `/configz` answer (and a kubelet config file's own kind). */
export const KUBELET_CONFIGURATION_KIND = 'KubeletConfiguration';
export const KUBELET_CONFIG_API_VERSION = 'kubelet.config.k8s.io/v1beta1';
/** The data key of the kubelet configurations: read from the nodes only with `--kubelet-config`. */
export const KUBELET_CONFIG_KEY = `kube:${KUBELET_CONFIGURATION_KIND}`;
/** Set by the live source on the objects it read from `/configz`: their absent fields are zero values, not defaults. */
export const CONFIGZ_SOURCE_ANNOTATION = 'eksguard.io/kubelet-config-source';

/** The API path of a node's kubelet `/configz`, through the API server's node proxy (needs `get nodes/proxy`). */
export function configzPath(node: string): string {
  return `/api/v1/nodes/${encodeURIComponent(node)}/proxy/configz`;
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/**
 * A node's `/configz` answer (`{"kubeletconfig": {...}}`) as a KubeletConfiguration object named
 * after the node, holding only the fields the section 3.2 checks judge; undefined when the answer is not that shape (a proxy error page, another server).
 */
export function kubeletObjectFromConfigz(node: string, body: unknown, context: string): KubeObject | undefined {
  const config = record(record(body)?.['kubeletconfig']);
  if (!config) return undefined;
  // only the judged fields are kept: the rest of a node's configuration is no business of the report
  const fields = configFromSettings(settingsFromKubeletConfiguration(config));
  const raw = {
    apiVersion: KUBELET_CONFIG_API_VERSION,
    kind: KUBELET_CONFIGURATION_KIND,
    metadata: { name: node, annotations: { [CONFIGZ_SOURCE_ANNOTATION]: 'configz' } },
    ...fields,
  };
  return { raw, apiVersion: KUBELET_CONFIG_API_VERSION, kind: KUBELET_CONFIGURATION_KIND, name: node, provenance: { source: 'cluster', context } };
}
