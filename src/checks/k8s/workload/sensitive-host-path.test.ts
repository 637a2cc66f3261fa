import { describe, expect, it } from 'vitest';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { sensitiveHostPath } from './sensitive-host-path.js';

const pod = (hostPath: string, mount = '{ name: v, mountPath: /host }') => `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: d, namespace: ops }
spec:
  template:
    spec:
      containers: [{ name: c, image: x, volumeMounts: [{ name: other, mountPath: /o }, ${mount}] }]
      volumes: [{ name: v, hostPath: { path: "${hostPath}" } }]
`;

describe('K8S-WL-006 sensitive host paths', () => {
  it('fails every listed path mounted read-write, pointing at the mount', () => {
    for (const path of ['/', '/etc', '/root', '/var/lib/kubelet', '/var/lib/etcd', '/proc', '/sys', '/var/run', '/run', '/home']) {
      const [finding] = failures(runCheck(sensitiveHostPath, pod(path)));
      expect(finding?.path, path).toBe('spec.template.spec.containers[0].volumeMounts[1]');
    }
  });

  it('fails paths beneath a sensitive one and says so', () => {
    const [finding] = failures(runCheck(sensitiveHostPath, pod('/var/lib/kubelet/pods')));
    expect(finding?.message).toBe('container "c" mounts host path "/var/lib/kubelet/pods" (beneath /var/lib/kubelet) read-write at "/host" (volume "v")');
    expect(statuses(runCheck(sensitiveHostPath, pod('/etc', '{ name: v, mountPath: /x, subPath: cron.d }')))).toEqual(['fail']);
  });

  it('passes read-only mounts and unrelated paths; "/" matches only itself', () => {
    expect(statuses(runCheck(sensitiveHostPath, pod('/etc', '{ name: v, mountPath: /host, readOnly: true }')))).toEqual(['pass']);
    expect(statuses(runCheck(sensitiveHostPath, pod('/etc', '{ name: v, mountPath: /host, readOnly: "true" }')))).toEqual(['fail']);
    for (const path of ['/var/log', '/data', '/etcetera', '/opt/app']) expect(statuses(runCheck(sensitiveHostPath, pod(path))), path).toEqual(['pass']);
  });

  it('leaves an exact runtime socket to K8S-WL-005', () => {
    expect(statuses(runCheck(sensitiveHostPath, pod('/var/run/docker.sock')))).toEqual(['pass']);
  });
});
