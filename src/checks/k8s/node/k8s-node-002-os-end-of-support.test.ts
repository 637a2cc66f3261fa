import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { OS_TABLE_REFERENCE_KEY, osEndOfSupportCheck } from './k8s-node-002-os-end-of-support.js';

const node = (osImage: string) => `apiVersion: v1
kind: Node
metadata: { name: n1 }
status:
  nodeInfo: { kubeletVersion: v1.30.4, osImage: "${osImage}" }
`;

describe('K8S-NODE-002 OS end of support', () => {
  it('fails Amazon Linux 2 after 2025-11-26 and passes it before, by the clock it is given', () => {
    const [finding] = failures(runCheck(osEndOfSupportCheck, node('Amazon Linux 2')));
    expect(finding?.message).toContain('ended support on 2025-11-26');
    expect(finding?.path).toBe('status.nodeInfo.osImage');
    const before = runCheck(osEndOfSupportCheck, node('Amazon Linux 2'), { now: new Date('2025-11-25T12:00:00Z') });
    expect(before[0]).toMatchObject({ status: 'pass', message: 'Amazon Linux 2 is supported until 2025-11-26' });
  });

  it('passes current images and images with no known end', () => {
    expect(statuses(runCheck(osEndOfSupportCheck, node('Amazon Linux 2023.6.20241212')))).toEqual(['pass']);
    expect(statuses(runCheck(osEndOfSupportCheck, node('Bottlerocket OS 1.26.1 (aws-k8s-1.31)')))).toEqual(['pass']);
    expect(statuses(runCheck(osEndOfSupportCheck, 'apiVersion: v1\nkind: Node\nmetadata: { name: node-1 }\n'))).toEqual(['not-applicable']);
  });

  it('takes its table from reference data when given one', () => {
    const reference = { [OS_TABLE_REFERENCE_KEY]: [{ name: 'Bottlerocket 1.x', pattern: '^Bottlerocket OS 1\\.', endOfSupport: '2026-01-01' }] };
    expect(statuses(runCheck(osEndOfSupportCheck, node('Bottlerocket OS 1.26.1 (aws-k8s-1.31)'), { reference }))).toEqual(['fail']);
    // a malformed table falls back to the built-in one rather than passing everything
    expect(statuses(runCheck(osEndOfSupportCheck, node('Amazon Linux 2'), { reference: { [OS_TABLE_REFERENCE_KEY]: 'bad' } }))).toEqual(['fail']);
  });
});

// the tester runs at 2026-11-27 (test/helpers/run-check.ts FIXED_NOW)
testCheck(osEndOfSupportCheck, {
  pass: [
    { input: node('Amazon Linux 2023.6.20241212') },
    { input: node('Bottlerocket OS 1.26.1 (aws-k8s-1.31)') },
    { input: node('Ubuntu 22.04.5 LTS') },
  ],
  fail: [
    {
      input: node('Amazon Linux 2'),
      failures: [{ path: 'status.nodeInfo.osImage', messageId: 'endOfSupport', data: { osImage: 'Amazon Linux 2', note: 'EKS-optimized Amazon Linux 2 AMIs ended support on 2025-11-26 and are not built for Kubernetes 1.33 or later; move to Amazon Linux 2023 or Bottlerocket' }, severity: 'high' }],
    },
    { input: node('Ubuntu 20.04.6 LTS'), failures: [{ path: 'status.nodeInfo.osImage', messageId: 'endOfSupport', data: { osImage: 'Ubuntu 20.04.6 LTS', note: 'Ubuntu 20.04 LTS left standard support on 2025-05-31' } }] },
    { input: node('Ubuntu 18.04.6 LTS'), failures: [{ path: 'status.nodeInfo.osImage', messageId: 'endOfSupport', data: { osImage: 'Ubuntu 18.04.6 LTS', note: 'Ubuntu 18.04 LTS left standard support on 2023-05-31' } }] },
  ],
});
