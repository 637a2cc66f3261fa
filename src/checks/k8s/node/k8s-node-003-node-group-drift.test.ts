import { describe, expect, it } from 'vitest';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { nodeGroupDrift } from './k8s-node-003-node-group-drift.js';

const node = (name: string, label: string, kubelet: string, os = 'Amazon Linux 2023.6.20241212') => `apiVersion: v1
kind: Node
metadata: { name: ${name}, labels: { ${label} } }
status:
  nodeInfo: { kubeletVersion: ${kubelet}, osImage: "${os}" }
---
`;

describe('K8S-NODE-003 node group drift', () => {
  it('fails a group with mixed kubelets, most common first', () => {
    const yaml =
      node('a', 'eks.amazonaws.com/nodegroup: general', 'v1.31.2') +
      node('b', 'eks.amazonaws.com/nodegroup: general', 'v1.31.2') +
      node('c', 'eks.amazonaws.com/nodegroup: general', 'v1.30.4');
    const [finding] = failures(runCheck(nodeGroupDrift, yaml));
    expect(finding?.resource).toEqual({ apiVersion: 'eksguard.io/v1', kind: 'NodeGroup', name: 'eks.amazonaws.com/nodegroup=general' });
    expect(finding?.message).toBe('the nodes of eks.amazonaws.com/nodegroup=general have drifted: kubelet versions: v1.31.2 on 2 node(s) (a, b); v1.30.4 on 1 node(s) (c)');
  });

  it('fails mixed OS images and judges each group on its own', () => {
    const yaml =
      node('a', 'karpenter.sh/nodepool: default', 'v1.31.2', 'Amazon Linux 2023.6.20241212') +
      node('b', 'karpenter.sh/nodepool: default', 'v1.31.2', 'Amazon Linux 2023.5.20240805') +
      node('c', 'alpha.eksctl.io/nodegroup-name: ng-1', 'v1.30.4') +
      node('d', 'alpha.eksctl.io/nodegroup-name: ng-1', 'v1.30.4') +
      node('e', 'x: "y"', 'v1.20.0');
    const findings = runCheck(nodeGroupDrift, yaml);
    expect(statuses(findings)).toEqual(['fail', 'pass']);
    expect(findings[0]?.message).toContain('OS images:');
  });

  it('counts an unreadable version as its own variant', () => {
    const yaml = node('a', 'eks.amazonaws.com/nodegroup: g', 'v1.31.2') + 'apiVersion: v1\nkind: Node\nmetadata: { name: b, labels: { eks.amazonaws.com/nodegroup: g } }\n';
    expect(failures(runCheck(nodeGroupDrift, yaml))[0]?.message).toContain('(unknown) on 1 node(s) (b)');
  });
});
