import { describe, expect, it } from 'vitest';
import { effective, isZeroDuration } from './effective.js';
import { configFromSettings, settingsFromFlags, settingsFromKubeletConfiguration, splitArguments } from './settings.js';

describe('kubelet settings', () => {
  it('reads a KubeletConfiguration, leaving out fields of the wrong type', () => {
    expect(settingsFromKubeletConfiguration({ readOnlyPort: '10255', authorization: { mode: 'AlwaysAllow' }, featureGates: { RotateKubeletServerCertificate: false } })).toEqual({
      authorizationMode: 'AlwaysAllow',
      rotateServerCertificateGate: false,
    });
  });

  it('reads kubelet flags as the kubelet parses them', () => {
    expect(settingsFromFlags(splitArguments('--anonymous-auth --read-only-port 10255 --rotate-certificates=false --feature-gates "A=true,RotateKubeletServerCertificate=true" --make-iptables-util-chains false'))).toEqual({
      anonymousAuth: true,
      readOnlyPort: 10255,
      rotateCertificates: false,
      rotateServerCertificateGate: true,
      makeIPTablesUtilChains: false,
    });
  });

  it('writes back only the judged fields, in the KubeletConfiguration shape', () => {
    expect(configFromSettings({ anonymousAuth: false, readOnlyPort: 0, rotateServerCertificateGate: true })).toEqual({
      authentication: { anonymous: { enabled: false } },
      readOnlyPort: 0,
      featureGates: { RotateKubeletServerCertificate: true },
    });
  });

  it('takes unset values from the baseline that wrote the rest, and says which', () => {
    expect(effective({ settings: {}, baseline: 'eks-al2023', setIn: 'x' }, 'clientCAFile')).toEqual({ value: '/etc/kubernetes/pki/ca.crt', origin: 'default', how: 'the EKS-optimized Amazon Linux 2023 AMI (nodeadm) default' });
    expect(effective({ settings: {}, baseline: 'eks-al2', setIn: 'x' }, 'eventRecordQPS')).toEqual({ value: 50, origin: 'default', how: 'the kubelet default (not set by the AMI)' });
    expect(effective({ settings: {}, baseline: 'configz', setIn: 'x' }, 'serverTLSBootstrap').value).toBe(false);
    expect(effective({ settings: { readOnlyPort: 10255 }, baseline: 'configz', setIn: '/configz of node n' }, 'readOnlyPort')).toEqual({ value: 10255, origin: 'set', how: 'set in /configz of node n' });
  });

  it('tells a zero Go duration', () => {
    expect(['0', '0s', '0h0m0s', '0.0s'].map(isZeroDuration)).toEqual([true, true, true, true]);
    expect(['5m', '4h0m0s', '1.5h'].map(isZeroDuration)).toEqual([false, false, false]);
    expect(isZeroDuration('soon')).toBeUndefined();
  });
});
