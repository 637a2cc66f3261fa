import { describe, expect, it } from 'vitest';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { dangerousCapabilities } from './k8s-wl-008-dangerous-capabilities.js';
import { testCheck } from '../../../../test/helpers/check-tester.js';

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

  it('covers all listed capabilities, with or without the CAP_ prefix and in any case', () => {
    const listed = ['SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_BOOT', 'DAC_READ_SEARCH', 'MAC_ADMIN', 'MAC_OVERRIDE', 'BPF', 'PERFMON', 'ALL'];
    for (const capability of listed) {
      for (const spelling of [capability, `CAP_${capability}`, capability.toLowerCase(), `cap_${capability.toLowerCase()}`, `Cap_${capability[0]}${capability.slice(1).toLowerCase()}`]) {
        const [finding] = failures(runCheck(dangerousCapabilities, pod(`[NET_BIND_SERVICE, "${spelling}"]`)));
        expect(finding?.message, spelling).toBe(`container "c" adds ${capability}`);
        expect(finding?.path, spelling).toBe('spec.containers[0].securityContext.capabilities.add');
      }
    }
  });

  it('names the capabilities that open raw devices, kexec and the node-wide MAC policy', () => {
    const [finding] = failures(runCheck(dangerousCapabilities, pod('[SYS_RAWIO, cap_sys_boot, Mac_Admin, CAP_MAC_OVERRIDE, SYS_TIME]')));
    expect(finding?.message).toBe('container "c" adds SYS_RAWIO, SYS_BOOT, MAC_ADMIN, MAC_OVERRIDE');
  });
});

testCheck(dangerousCapabilities, {
  pass: [{ input: `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - { name: web, image: 'nginx:1.27', securityContext: { capabilities: { add: [NET_BIND_SERVICE] } } }\n` }],
  fail: [
    { input: `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - { name: web, image: 'nginx:1.27', securityContext: { capabilities: { add: [CAP_SYS_ADMIN, NET_ADMIN, SYS_ADMIN] } } }\n`, failures: [{ path: 'spec.containers[0].securityContext.capabilities.add', messageId: 'adds', data: { container: 'container "web"', capabilities: 'SYS_ADMIN, NET_ADMIN' } }] },
  ],
});
