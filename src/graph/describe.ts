import type { FoundPath } from './paths.js';

/** `the internet → load balancer of Service shop/web → … → admin of AWS account 1` */
export function describeRoute(path: Pick<FoundPath, 'nodes'>): string {
  return path.nodes.map((node) => node.label).join(' → ');
}

/** The step to remove first, in words, with how many failing paths it cuts. */
export function describeCut(path: Pick<FoundPath, 'nodes' | 'edges' | 'cut'>): string | undefined {
  if (!path.cut) return undefined;
  const edge = path.edges[path.cut.edge]!;
  const from = path.nodes[path.cut.edge]!;
  const to = path.nodes[path.cut.edge + 1]!;
  const cite = edge.checkId ? ` [${edge.checkId}]` : '';
  const count = path.cut.paths === 1 ? 'this path' : `${path.cut.paths} paths`;
  return `${from.label} ${edge.label} ${to.label}, because ${edge.because}${cite} (removing it cuts ${count})`;
}

/** The message of an EKS-PATH-* verdict. */
export function describePath(path: FoundPath): string {
  const route = describeRoute(path);
  const length = `${path.edges.length} step${path.edges.length === 1 ? '' : 's'}`;
  if (path.status === 'skipped') return `possible path (${length}): ${route}; cannot be judged: ${path.missing.join('; ')}`;
  const conditions = path.conditional ? ' Some steps hold only under IAM conditions, which are not evaluated.' : '';
  const cut = describeCut(path);
  return `path of ${length}: ${route}.${conditions}${cut ? ` Fix first: ${cut}.` : ''}`;
}
