import type { KubeObject } from '../../core/inventory.js';
import type { Gap } from '../../core/types.js';
import { configzPath, kubeletObjectFromConfigz } from '../../k8s/kubelet/configz.js';
import { mapLimit } from '../concurrency.js';
import { describeFailure } from './api-error.js';
import type { KubeTransport } from './transport.js';

/** A kubelet's `/configz` is a few kilobytes; anything near this is not one. */
export const MAX_CONFIGZ_BYTES = 1024 * 1024;
/** A kubelet that does not answer through the API server's proxy within this is a gap, not a stalled scan. */
export const CONFIGZ_TIMEOUT_MS = 10_000;
/** Nodes read; a larger cluster is read up to this many, and the rest is a gap that says so. */
export const MAX_CONFIGZ_NODES = 5_000;

export interface KubeletConfigOutcome {
  objects: KubeObject[];
  /** one per node that could not be read, naming it */
  gaps: Gap[];
}

/**
 * Reads each node's live kubelet configuration through `GET /api/v1/nodes/NAME/proxy/configz`,
 * at most `concurrency` at once, on a transport with a small body limit and a short timeout. A
 * node that is forbidden, unreachable or answers something that is not a configz document is a
 * gap naming the node; the other nodes are still read.
 */
export async function collectKubeletConfigs(options: {
  transport: KubeTransport;
  nodes: readonly string[];
  context: string;
  concurrency: number;
  /** the checks that read the kubelet configuration, for the gaps */
  checks: readonly string[];
}): Promise<KubeletConfigOutcome> {
  const objects: KubeObject[] = [];
  const gaps: Gap[] = [];
  const nodes = [...options.nodes].sort().slice(0, MAX_CONFIGZ_NODES);
  if (options.nodes.length > nodes.length) {
    gaps.push({ source: 'kube get nodes/proxy/configz', reason: `${options.nodes.length - nodes.length} of ${options.nodes.length} nodes not read: eksguard reads at most ${MAX_CONFIGZ_NODES}`, checks: [...options.checks] });
  }
  const results = await mapLimit(nodes, options.concurrency, async (node) => {
    try {
      return { node, body: await options.transport.getJson(configzPath(node)) };
    } catch (error) {
      return { node, error };
    }
  });
  for (const result of results) {
    const source = `kube get nodes/${result.node}/proxy/configz`;
    if ('error' in result) {
      gaps.push({ source, reason: describeFailure(result.error), checks: [...options.checks] });
      continue;
    }
    const object = kubeletObjectFromConfigz(result.node, result.body, options.context);
    if (object) objects.push(object);
    else gaps.push({ source, reason: 'the answer is not a kubelet /configz document (no kubeletconfig object)', checks: [...options.checks] });
  }
  return { objects, gaps };
}
