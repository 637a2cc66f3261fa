import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
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

const NG = 'eks.amazonaws.com/nodegroup';

testCheck(nodeGroupDrift, {
  pass: [
    { input: node('a', `${NG}: general`, 'v1.31.2') + node('b', `${NG}: general`, 'v1.31.2') },
    // one group per label value: two groups on different versions are each uniform
    { input: node('a', 'karpenter.sh/nodepool: default', 'v1.31.2') + node('b', 'karpenter.sh/provisioner-name: old', 'v1.30.4') },
  ],
  fail: [
    {
      input: node('a', `${NG}: general`, 'v1.31.2') + node('b', `${NG}: general`, 'v1.31.2') + node('c', `${NG}: general`, 'v1.30.4'),
      failures: [{ path: null, messageId: 'drifted', data: { group: `${NG}=general`, drift: 'kubelet versions: v1.31.2 on 2 node(s) (a, b); v1.30.4 on 1 node(s) (c)' }, severity: 'low' }],
    },
    {
      // kubelet and OS drift in one failure; more than three names are cut short
      input: ['a', 'b', 'c', 'd'].map((name) => node(name, 'alpha.eksctl.io/nodegroup-name: ng-1', 'v1.31.2')).join('') + node('e', 'alpha.eksctl.io/nodegroup-name: ng-1', 'v1.31.3', 'Amazon Linux 2'),
      failures: [{ path: null, messageId: 'drifted', data: { group: 'alpha.eksctl.io/nodegroup-name=ng-1', drift: 'kubelet versions: v1.31.2 on 4 node(s) (a, b, c, …); v1.31.3 on 1 node(s) (e). OS images: Amazon Linux 2023.6.20241212 on 4 node(s) (a, b, c, …); Amazon Linux 2 on 1 node(s) (e)' } }],
    },
    {
      // a node that reports no version is its own variant
      input: node('a', `${NG}: g`, 'v1.31.2') + `apiVersion: v1\nkind: Node\nmetadata: { name: b, labels: { ${NG}: g } }\n`,
      failures: [{ path: null, messageId: 'drifted', data: { group: `${NG}=g`, drift: 'kubelet versions: v1.31.2 on 1 node(s) (a); (unknown) on 1 node(s) (b). OS images: Amazon Linux 2023.6.20241212 on 1 node(s) (a); (unknown) on 1 node(s) (b)' } }],
    },
  ],
});
