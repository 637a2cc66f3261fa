import { describe, expect, it } from 'vitest';
import { createContext } from '../core/engine.js';
import { DEFAULT_SETTINGS, FIXED_NOW, inventoryFromYaml } from '../../test/helpers/run-check.js';
import { hasEnded, nodeGroups, OS_END_OF_SUPPORT, osEndOfSupport, osTableFromReference, parseMinorVersion, toNodeInfo } from './node-info.js';

describe('node versions', () => {
  it('reads minor versions from kubelet and cluster version strings', () => {
    expect(parseMinorVersion('v1.31.2-eks-7f9249a')).toEqual({ major: 1, minor: 31 });
    expect(parseMinorVersion('1.30')).toEqual({ major: 1, minor: 30 });
    expect(parseMinorVersion('v1.29.0+k3s1')).toEqual({ major: 1, minor: 29 });
    expect(parseMinorVersion(' v1.28.3 ')).toEqual({ major: 1, minor: 28 });
    for (const bad of [undefined, '', 'latest', 'v1', '1.x', 'v1.31abc']) expect(parseMinorVersion(bad), String(bad)).toBeUndefined();
  });

  it('extracts node info and the node group label, in order of trust', () => {
    const [node] = inventoryFromYaml(`apiVersion: v1
kind: Node
metadata:
  name: n1
  labels: { karpenter.sh/nodepool: default, eks.amazonaws.com/nodegroup: general }
status:
  nodeInfo: { kubeletVersion: v1.31.2-eks-7f9249a, osImage: Amazon Linux 2 }
`).kube;
    expect(toNodeInfo(node!)).toMatchObject({
      name: 'n1',
      kubeletVersion: 'v1.31.2-eks-7f9249a',
      kubeletMinor: { major: 1, minor: 31 },
      osImage: 'Amazon Linux 2',
      group: { label: 'eks.amazonaws.com/nodegroup', value: 'general' },
    });
    const [bare] = inventoryFromYaml('apiVersion: v1\nkind: Node\nmetadata: { name: n2 }\nstatus: "broken"\n').kube;
    expect(toNodeInfo(bare!)).toEqual({ object: bare, name: 'n2' });
  });
});

describe('OS end of support', () => {
  it('matches Amazon Linux 2 but not Amazon Linux 2023', () => {
    expect(osEndOfSupport('Amazon Linux 2', OS_END_OF_SUPPORT)?.name).toBe('Amazon Linux 2');
    expect(osEndOfSupport('Amazon Linux 2 (Karoo)', OS_END_OF_SUPPORT)?.name).toBe('Amazon Linux 2');
    expect(osEndOfSupport('Amazon Linux 2023.6.20241212', OS_END_OF_SUPPORT)).toBeUndefined();
    expect(osEndOfSupport('Bottlerocket OS 1.26.1 (aws-k8s-1.31)', OS_END_OF_SUPPORT)).toBeUndefined();
    expect(osEndOfSupport('Ubuntu 20.04.6 LTS', OS_END_OF_SUPPORT)?.name).toBe('Ubuntu 20.04 LTS');
  });

  it('compares the end date with the clock it is given, from the start of that day (UTC)', () => {
    const al2 = osEndOfSupport('Amazon Linux 2', OS_END_OF_SUPPORT)!;
    expect(hasEnded(al2, new Date('2025-11-25T23:59:59Z'))).toBe(false);
    expect(hasEnded(al2, new Date('2025-11-26T00:00:00Z'))).toBe(true);
  });

  it('takes a replacement table from reference data, and rejects a malformed one', () => {
    const table = osTableFromReference([{ name: 'Flatcar 3000', pattern: '^Flatcar .* 3000', endOfSupport: '2026-01-01' }]);
    expect(table).toHaveLength(1);
    expect(osEndOfSupport('Flatcar Container Linux 3000.1', table!)?.note).toMatch(/2026-01-01/);
    expect(osTableFromReference('nope')).toBeUndefined();
    expect(osTableFromReference([{ name: 'x', pattern: '(', endOfSupport: '2026-01-01' }])).toBeUndefined();
    expect(osTableFromReference([{ name: 'x', pattern: 'x', endOfSupport: 'soon' }])).toBeUndefined();
  });
});

describe('node groups', () => {
  it('groups nodes by their group label and leaves ungrouped nodes out', () => {
    const inventory = inventoryFromYaml(`apiVersion: v1
kind: Node
metadata: { name: a, labels: { eks.amazonaws.com/nodegroup: general } }
---
apiVersion: v1
kind: Node
metadata: { name: b, labels: { karpenter.sh/nodepool: general } }
---
apiVersion: v1
kind: Node
metadata: { name: c, labels: { eks.amazonaws.com/nodegroup: general } }
---
apiVersion: v1
kind: Node
metadata: { name: d }
`);
    const ctx = createContext({ inventory, settings: DEFAULT_SETTINGS, now: FIXED_NOW });
    const groups = nodeGroups.select(inventory, ctx);
    expect(groups.map((g) => [g.ref, g.value.nodes.map((n) => n.name)])).toEqual([
      [{ apiVersion: 'eksguard.io/v1', kind: 'NodeGroup', name: 'eks.amazonaws.com/nodegroup=general' }, ['a', 'c']],
      [{ apiVersion: 'eksguard.io/v1', kind: 'NodeGroup', name: 'karpenter.sh/nodepool=general' }, ['b']],
    ]);
  });
});
