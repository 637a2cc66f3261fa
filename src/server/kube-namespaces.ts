import { stringMap, record } from '../k8s/fields.js';
import type { KubeReader } from './kube-api.js';
import type { LabelFetcher } from './namespace-labels.js';

/** Reads one namespace's labels (RBAC: `get` on `namespaces`); a missing namespace resolves undefined. */
export function createKubeNamespaceFetcher(reader: KubeReader): LabelFetcher {
  return async (namespace, signal) => {
    const reply = await reader.get(`/api/v1/namespaces/${encodeURIComponent(namespace)}`, signal);
    if (reply.status === 404) return undefined;
    if (reply.status !== 200) throw new Error(`GET namespace ${namespace}: HTTP ${reply.status}`);
    return stringMap(record(record(reply.body)['metadata'])['labels']);
  };
}
