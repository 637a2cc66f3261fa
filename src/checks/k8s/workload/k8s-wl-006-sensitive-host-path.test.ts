import { describe, expect, it } from 'vitest';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { sensitiveHostPath } from './k8s-wl-006-sensitive-host-path.js';
import { testCheck } from '../../../../test/helpers/check-tester.js';

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

  it('fails every directory above a sensitive path, naming what it contains', () => {
    for (const path of ['/', '/var', '/var/lib', '/var/spool', '/opt']) {
      const [finding] = failures(runCheck(sensitiveHostPath, pod(path)));
      expect(finding?.path, path).toBe('spec.template.spec.containers[0].volumeMounts[1]');
      expect(finding?.message, path).toMatch(new RegExp(`^container "c" mounts host path ${JSON.stringify(path).replace(/\//g, '\\/')} \\(contains /`));
    }
    expect(failures(runCheck(sensitiveHostPath, pod('/var/lib')))[0]?.message).toBe(
      'container "c" mounts host path "/var/lib" (contains /var/lib/cni, /var/lib/containerd, /var/lib/containers and 3 more) read-write at "/host" (volume "v")',
    );
    expect(failures(runCheck(sensitiveHostPath, pod('/opt')))[0]?.message).toBe('container "c" mounts host path "/opt" (contains /opt/cni) read-write at "/host" (volume "v")');
  });

  it('fails paths whose contents the node executes or trusts', () => {
    const executed = ['/opt/cni/bin', '/etc/cni/net.d', '/usr/local/bin', '/usr/bin', '/usr/sbin', '/usr/libexec/kubernetes/kubelet-plugins/volume/exec', '/bin', '/sbin'];
    const trusted = ['/lib/modules', '/usr/lib/modules', '/lib64', '/var/lib/containerd', '/var/lib/docker', '/var/lib/containers/storage', '/var/lib/cni', '/boot', '/etc/kubernetes', '/var/lib/kubelet'];
    for (const path of [...executed, ...trusted]) {
      const [finding] = failures(runCheck(sensitiveHostPath, pod(path)));
      expect(finding?.path, path).toBe('spec.template.spec.containers[0].volumeMounts[1]');
      expect(finding?.message, path).toContain(`mounts host path ${JSON.stringify(path)}`);
    }
    expect(failures(runCheck(sensitiveHostPath, pod('/opt/cni/bin')))[0]?.message).toBe(
      'container "c" mounts host path "/opt/cni/bin" (beneath /opt/cni) read-write at "/host" (volume "v")',
    );
  });

  it('compares host paths as the node resolves them: slashes, ".", ".." and the /var/run symlink', () => {
    const cases: Record<string, string> = {
      '/var/../etc': '/etc',
      '/etc/': '/etc',
      '//usr//local/./bin/': '/usr/local/bin',
      '/var/run/../etc/kubernetes': '/etc/kubernetes',
      '/data/../../..': '/',
      '/var/./lib/': '/var/lib',
    };
    for (const [written, seen] of Object.entries(cases)) {
      const [finding] = failures(runCheck(sensitiveHostPath, pod(written)));
      expect(finding?.message, written).toContain(`mounts host path ${JSON.stringify(seen)}`);
      expect(finding?.path, written).toBe('spec.template.spec.containers[0].volumeMounts[1]');
    }
    expect(statuses(runCheck(sensitiveHostPath, pod('/data', '{ name: v, mountPath: /x, subPath: ../etc }')))).toEqual(['fail']);
    expect(statuses(runCheck(sensitiveHostPath, pod('/etc/../data/')))).toEqual(['pass']);
  });

  it('passes read-only mounts and unrelated paths, including neighbours of sensitive ones', () => {
    for (const path of ['/', '/var', '/etc', '/usr/bin', '/opt/cni/bin']) {
      expect(statuses(runCheck(sensitiveHostPath, pod(path, '{ name: v, mountPath: /host, readOnly: true }'))), path).toEqual(['pass']);
    }
    expect(statuses(runCheck(sensitiveHostPath, pod('/etc', '{ name: v, mountPath: /host, readOnly: "true" }')))).toEqual(['fail']);
    for (const path of ['/var/log', '/data', '/etcetera', '/opt/app', '/opt/local-path-provisioner', '/var/lib/app-data', '/usrdata', '/mnt/disks']) {
      expect(statuses(runCheck(sensitiveHostPath, pod(path))), path).toEqual(['pass']);
    }
  });

  it('leaves an exact runtime socket to K8S-WL-005', () => {
    expect(statuses(runCheck(sensitiveHostPath, pod('/var/run/docker.sock')))).toEqual(['pass']);
  });
});

testCheck(sensitiveHostPath, {
  pass: [{ input: `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - { name: web, image: 'nginx:1.27', volumeMounts: [{ name: etc, mountPath: /host/etc, readOnly: true }] }\n  volumes: [{ name: etc, hostPath: { path: /etc } }]\n` }],
  fail: [
    {
      input: `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - { name: web, image: 'nginx:1.27', volumeMounts: [{ name: etc, mountPath: /host/etc }] }\n  volumes: [{ name: etc, hostPath: { path: /etc } }]\n`,
      failures: [{ path: 'spec.containers[0].volumeMounts[0]', messageId: 'readWrite', data: { container: 'container "web"', hostPath: '"/etc"', how: '', mountPath: '"/host/etc"', volume: '"etc"' } }],
    },
  ],
});
