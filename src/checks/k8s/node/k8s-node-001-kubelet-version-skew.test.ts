import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { kubeletVersionSkew } from './k8s-node-001-kubelet-version-skew.js';

const node = (kubelet: string) => `apiVersion: v1
kind: Node
metadata: { name: n1 }
status:
  nodeInfo: { kubeletVersion: ${kubelet}, osImage: Amazon Linux 2023.6.20241212 }
`;

function judge(kubelet: string, controlPlane = '1.31') {
  return runCheck(kubeletVersionSkew, node(kubelet), { facts: { kubernetesVersion: controlPlane } });
}

describe('K8S-NODE-001 kubelet version skew', () => {
  it('grades the skew: medium at one or two minors behind, high at three or more or when ahead', () => {
    expect(statuses(judge('v1.31.2-eks-7f9249a'))).toEqual(['pass']);
    expect(failures(judge('v1.30.4-eks-a737599'))[0]).toMatchObject({ severity: 'medium', path: 'status.nodeInfo.kubeletVersion' });
    expect(failures(judge('v1.29.0'))[0]?.severity).toBe('medium');
    expect(failures(judge('v1.28.15'))[0]).toMatchObject({ severity: 'high', message: 'kubelet v1.28.15 is 3 minor version(s) behind control plane 1.31' });
    expect(failures(judge('v1.32.0'))[0]).toMatchObject({ severity: 'high' });
    expect(failures(judge('v1.32.0'))[0]?.message).toContain('newer than control plane 1.31');
  });

  it('reads control-plane versions in the forms sources report them', () => {
    expect(statuses(judge('v1.31.2', 'v1.31.4-eks-2d5f260'))).toEqual(['pass']);
  });

  it('is not applicable, with the reason, when the control-plane version is unknown', () => {
    const findings = runCheck(kubeletVersionSkew, node('v1.28.0'));
    expect(statuses(findings)).toEqual(['not-applicable']);
    expect(findings[0]?.message).toContain('control-plane version is unknown');
    expect(statuses(judge('v1.28.0', 'latest'))).toEqual(['not-applicable']);
  });

  it('is not applicable when the node reports no readable kubelet version', () => {
    expect(statuses(runCheck(kubeletVersionSkew, 'apiVersion: v1\nkind: Node\nmetadata: { name: node-1 }\n', { facts: { kubernetesVersion: '1.31' } }))).toEqual(['not-applicable']);
  });
});

const cp131 = { kubernetesVersion: '1.31' };

testCheck(kubeletVersionSkew, {
  pass: [
    { input: node('v1.31.2-eks-7f9249a'), facts: cp131 },
    // the control-plane version in the form EKS reports it
    { input: node('v1.31.0'), facts: { kubernetesVersion: 'v1.31.4-eks-2d5f260' } },
  ],
  fail: [
    { input: node('v1.30.4-eks-a737599'), facts: cp131, failures: [{ path: 'status.nodeInfo.kubeletVersion', messageId: 'behind', data: { kubelet: 'v1.30.4-eks-a737599', behind: 1, controlPlane: '1.31' }, severity: 'medium' }] },
    { input: node('v1.29.0'), facts: cp131, failures: [{ path: 'status.nodeInfo.kubeletVersion', messageId: 'behind', data: { kubelet: 'v1.29.0', behind: 2, controlPlane: '1.31' }, severity: 'medium' }] },
    { input: node('v1.28.15'), facts: cp131, failures: [{ path: 'status.nodeInfo.kubeletVersion', messageId: 'behind', data: { kubelet: 'v1.28.15', behind: 3, controlPlane: '1.31' }, severity: 'high' }] },
    { input: node('v1.32.0'), facts: cp131, failures: [{ path: 'status.nodeInfo.kubeletVersion', messageId: 'newer', data: { kubelet: 'v1.32.0', controlPlane: '1.31' }, severity: 'high' }] },
    { input: node('v2.31.0'), facts: cp131, failures: [{ path: 'status.nodeInfo.kubeletVersion', messageId: 'majorDiffers', data: { kubelet: 'v2.31.0', controlPlane: '1.31' }, severity: 'high' }] },
  ],
});
