import type { Subject, Target } from '../core/check.js';
import type { KubeObject } from '../core/inventory.js';
import { record, str, stringMap } from './fields.js';
import { objectsOf } from './targets.js';

/**
 * What Kubernetes Node objects tell about the data plane's versions:
 * `status.nodeInfo.kubeletVersion` (`v1.31.2-eks-7f9249a`),
 * `status.nodeInfo.osImage` (`Amazon Linux 2`, `Amazon Linux 2023.6.20241212`,
 * `Bottlerocket OS 1.26.1 (aws-k8s-1.31)`) and the label that names the node's
 * group. Only live scans carry Node objects; manifests rarely do.
 */

export interface MinorVersion {
  readonly major: number;
  readonly minor: number;
}

/** Reads `1.31`, `v1.31.2`, `v1.31.2-eks-7f9249a`; undefined for anything else. */
export function parseMinorVersion(text: string | undefined): MinorVersion | undefined {
  if (!text) return undefined;
  const match = /^v?(\d+)\.(\d+)(?:[.+-]|$)/.exec(text.trim());
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

export function formatMinor(version: MinorVersion): string {
  return `${version.major}.${version.minor}`;
}

/** Labels that name a node's group, in the order they are trusted. */
export const NODE_GROUP_LABELS: readonly string[] = [
  'eks.amazonaws.com/nodegroup',
  'alpha.eksctl.io/nodegroup-name',
  'karpenter.sh/nodepool',
  // Karpenter before v1beta1
  'karpenter.sh/provisioner-name',
];

export interface NodeGroupRef {
  readonly label: string;
  readonly value: string;
}

export interface NodeInfo {
  readonly object: KubeObject;
  readonly name: string;
  readonly kubeletVersion?: string;
  readonly kubeletMinor?: MinorVersion;
  readonly osImage?: string;
  readonly group?: NodeGroupRef;
}

export function toNodeInfo(object: KubeObject): NodeInfo {
  const nodeInfo = record(record(object.raw['status'])['nodeInfo']);
  const labels = stringMap(record(object.raw['metadata'])['labels']);
  const kubeletVersion = str(nodeInfo['kubeletVersion']);
  const kubeletMinor = parseMinorVersion(kubeletVersion);
  const osImage = str(nodeInfo['osImage']);
  const label = NODE_GROUP_LABELS.find((key) => labels[key]);
  return {
    object,
    name: object.name,
    ...(kubeletVersion ? { kubeletVersion } : {}),
    ...(kubeletMinor ? { kubeletMinor } : {}),
    ...(osImage ? { osImage } : {}),
    ...(label ? { group: { label, value: labels[label]! } } : {}),
  };
}

export interface OsEndOfSupport {
  /** the OS the entry names, for messages */
  readonly name: string;
  /** matched against `status.nodeInfo.osImage` */
  readonly pattern: RegExp;
  /** first day without support, YYYY-MM-DD (UTC) */
  readonly endOfSupport: string;
  readonly note: string;
}

/**
 * Operating systems of node images past or nearing their end of support.
 * `ctx.reference['os-end-of-support']` may replace this table (same shape,
 * `pattern` as a string) so that tests and newer data can pin it.
 */
export const OS_END_OF_SUPPORT: readonly OsEndOfSupport[] = [
  {
    name: 'Amazon Linux 2',
    // "Amazon Linux 2" but not "Amazon Linux 2023..."
    pattern: /^Amazon Linux 2(?![0-9])/,
    endOfSupport: '2025-11-26',
    note: 'EKS-optimized Amazon Linux 2 AMIs ended support on 2025-11-26 and are not built for Kubernetes 1.33 or later; move to Amazon Linux 2023 or Bottlerocket',
  },
  {
    name: 'Ubuntu 18.04 LTS',
    pattern: /^Ubuntu 18\.04/,
    endOfSupport: '2023-05-31',
    note: 'Ubuntu 18.04 LTS left standard support on 2023-05-31',
  },
  {
    name: 'Ubuntu 20.04 LTS',
    pattern: /^Ubuntu 20\.04/,
    endOfSupport: '2025-05-31',
    note: 'Ubuntu 20.04 LTS left standard support on 2025-05-31',
  },
];

/** Reads a replacement table from reference data; undefined when it is missing or malformed. */
export function osTableFromReference(value: unknown): OsEndOfSupport[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: OsEndOfSupport[] = [];
  for (const item of value) {
    const entry = record(item);
    const name = str(entry['name']);
    const pattern = str(entry['pattern']);
    const endOfSupport = str(entry['endOfSupport']);
    if (!name || !pattern || !endOfSupport || !/^\d{4}-\d{2}-\d{2}$/.test(endOfSupport)) return undefined;
    let regex: RegExp;
    try {
      regex = new RegExp(pattern);
    } catch {
      return undefined;
    }
    out.push({ name, pattern: regex, endOfSupport, note: str(entry['note']) ?? `${name} support ended on ${endOfSupport}` });
  }
  return out;
}

export function osEndOfSupport(osImage: string, table: readonly OsEndOfSupport[]): OsEndOfSupport | undefined {
  return table.find((entry) => entry.pattern.test(osImage));
}

export function hasEnded(entry: OsEndOfSupport, now: Date): boolean {
  return Date.parse(`${entry.endOfSupport}T00:00:00Z`) <= now.getTime();
}

export interface NodeGroup {
  readonly ref: NodeGroupRef;
  readonly nodes: readonly NodeInfo[];
}

export function groupKey(ref: NodeGroupRef): string {
  return `${ref.label}=${ref.value}`;
}

/** Nodes grouped by the label that names their node group or node pool; ungrouped nodes are left out. */
export const nodeGroups: Target<NodeGroup> = {
  id: 'node-groups',
  select(_inventory, ctx) {
    return ctx.memo('subjects:node-groups', () => {
      const groups = new Map<string, { ref: NodeGroupRef; nodes: NodeInfo[] }>();
      for (const object of objectsOf('Node', ctx)) {
        const info = toNodeInfo(object);
        if (!info.group) continue;
        const key = groupKey(info.group);
        const group = groups.get(key);
        if (group) group.nodes.push(info);
        else groups.set(key, { ref: info.group, nodes: [info] });
      }
      return [...groups.values()].map((group): Subject<NodeGroup> => {
        const first = group.nodes[0]!.object;
        return {
          // A node group has no Kubernetes object of its own; this synthetic reference names it by its label.
          ref: { apiVersion: 'eksguard.io/v1', kind: 'NodeGroup', name: groupKey(group.ref), ...(first.provenance.context ? { context: first.provenance.context } : {}) },
          value: group,
          ...(first.provenance.location ? { location: first.provenance.location } : {}),
        };
      });
    });
  },
};
