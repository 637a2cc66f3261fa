import { describe, expect, it } from 'vitest';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { dangerousCapabilities } from './dangerous-capabilities.js';

const pod = (add: string) => `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: shop }
spec:
  containers: [{ name: c, image: x, securityContext: { capabilities: { add: ${add} } } }]
`;

describe('K8S-WL-008 dangerous capabilities', () => {
  it('fails each dangerous capability, in any spelling, once', () => {
    const [finding] = failures(runCheck(dangerousCapabilities, pod('[sys_admin, CAP_SYS_ADMIN, " NET_ADMIN ", BPF, PERFMON, all, NET_RAW]')));
    expect(finding?.message).toBe('container "c" adds SYS_ADMIN, NET_ADMIN, BPF, PERFMON, ALL');
    expect(finding?.path).toBe('spec.containers[0].securityContext.capabilities.add');
  });

  it('passes harmless additions and malformed lists', () => {
    expect(statuses(runCheck(dangerousCapabilities, pod('[NET_BIND_SERVICE, CHOWN]')))).toEqual(['pass']);
    expect(statuses(runCheck(dangerousCapabilities, pod('"SYS_ADMIN"')))).toEqual(['pass']);
    expect(statuses(runCheck(dangerousCapabilities, pod('[{ name: SYS_ADMIN }, 7]')))).toEqual(['pass']);
  });

  it('covers all listed capabilities', () => {
    for (const capability of ['SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'DAC_READ_SEARCH', 'BPF', 'PERFMON', 'ALL']) {
      expect(statuses(runCheck(dangerousCapabilities, pod(`[${capability}]`))), capability).toEqual(['fail']);
    }
  });
});
