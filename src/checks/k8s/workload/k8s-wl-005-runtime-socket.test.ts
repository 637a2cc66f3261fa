import { describe, expect, it } from 'vitest';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { normalizeHostPath } from './host-paths.js';
import { runtimeSocket } from './k8s-wl-005-runtime-socket.js';
import { testCheck } from '../../../../test/helpers/check-tester.js';

const pod = (hostPath: string, mount = '{ name: v, mountPath: /host, readOnly: true }') => `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: ops }
spec:
  containers: [{ name: c, image: x, volumeMounts: [${mount}] }]
  volumes: [{ name: v, hostPath: { path: "${hostPath}" } }]
`;

describe('K8S-WL-005 runtime socket', () => {
  it('normalises host paths and folds /var/run into /run', () => {
    expect(normalizeHostPath('/var/run/docker.sock')).toBe('/run/docker.sock');
    expect(normalizeHostPath('//var//run/')).toBe('/run');
    expect(normalizeHostPath('/var/lib/../run/./containerd/')).toBe('/run/containerd');
    expect(normalizeHostPath('/var/runner')).toBe('/var/runner');
    expect(normalizeHostPath('/')).toBe('/');
    expect(normalizeHostPath('/var/run/../etc')).toBe('/etc');
    expect(normalizeHostPath('/var/../var/run/x/')).toBe('/run/x');
    expect(normalizeHostPath('/../..')).toBe('/');
  });

  it('fails the sockets themselves, even mounted read-only', () => {
    const sockets = [
      '/var/run/docker.sock',
      '/run/containerd/containerd.sock',
      '/var/run/crio/crio.sock',
      '/run/dockershim.sock',
      '/var/run/cri-dockerd.sock',
      '/run/host-containerd/containerd.sock',
      '/var/run/podman/podman.sock',
      '/run/docker/containerd/containerd.sock',
      '/run/k3s/containerd/containerd.sock',
    ];
    for (const path of sockets) {
      for (const mount of ['{ name: v, mountPath: /host, readOnly: true }', '{ name: v, mountPath: /host }']) {
        const [finding] = failures(runCheck(runtimeSocket, pod(path, mount)));
        expect(finding?.path, path).toBe('spec.volumes[0].hostPath.path');
        expect(finding?.message, path).toBe(`container "c" can reach the container runtime socket ${path.replace(/^\/var\/run\//, '/run/')} through hostPath "${path}" (volume "v")`);
      }
    }
  });

  it('fails the directories of runtime sockets mounted whole, also spelt oddly', () => {
    const directories: Record<string, string> = {
      '/run/host-containerd': '/run/host-containerd/containerd.sock',
      '/var/run/podman/': '/run/podman/podman.sock',
      '/run//containerd/.': '/run/containerd/containerd.sock',
      '/var/lib/../run/crio': '/run/crio/crio.sock',
      '/run/docker': '/run/docker/containerd/containerd.sock',
    };
    for (const [path, socket] of Object.entries(directories)) {
      const [finding] = failures(runCheck(runtimeSocket, pod(path)));
      expect(finding?.path, path).toBe('spec.volumes[0].hostPath.path');
      expect(finding?.message, path).toBe(`container "c" can reach the container runtime socket ${socket} through hostPath ${JSON.stringify(path)} (volume "v")`);
    }
    expect(failures(runCheck(runtimeSocket, pod('/var/run')))[0]?.message).toContain('/run/host-containerd/containerd.sock, /run/k3s/containerd/containerd.sock, /run/crio/crio.sock, /run/podman/podman.sock)');
  });

  it('fails directories that contain a socket, including through ".." tricks', () => {
    expect(failures(runCheck(runtimeSocket, pod('/var/run')))[0]?.message).toContain('container runtime sockets (');
    expect(failures(runCheck(runtimeSocket, pod('/run/containerd')))[0]?.message).toContain('/run/containerd/containerd.sock');
    expect(statuses(runCheck(runtimeSocket, pod('/var/log/../run/crio')))).toEqual(['fail']);
    expect(statuses(runCheck(runtimeSocket, pod('/')))).toEqual(['fail']);
  });

  it('follows subPath and ignores volumes no container mounts', () => {
    expect(statuses(runCheck(runtimeSocket, pod('/run', '{ name: v, mountPath: /x, subPath: docker.sock }')))).toEqual(['fail']);
    expect(statuses(runCheck(runtimeSocket, pod('/run', '{ name: v, mountPath: /x, subPath: xtables.lock }')))).toEqual(['pass']);
    expect(statuses(runCheck(runtimeSocket, pod('/var/run/docker.sock', '{ name: other, mountPath: /x }')))).toEqual(['pass']);
  });

  it('passes unrelated host paths, such as /var (its run symlink resolves inside the container)', () => {
    for (const path of ['/var/log', '/var', '/etc/ssl/certs', '/var/runner']) expect(statuses(runCheck(runtimeSocket, pod(path))), path).toEqual(['pass']);
  });
});

testCheck(runtimeSocket, {
  pass: [{ input: `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - { name: web, image: 'nginx:1.27', volumeMounts: [{ name: data, mountPath: /data }] }\n  volumes: [{ name: data, emptyDir: {} }]\n` }],
  fail: [
    {
      input: `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - { name: web, image: 'nginx:1.27', volumeMounts: [{ name: sock, mountPath: /sock }] }\n  volumes: [{ name: sock, hostPath: { path: /var/run/docker.sock } }]\n`,
      failures: [{ path: 'spec.volumes[0].hostPath.path', messageId: 'socket', data: { container: 'container "web"', sockets: '/run/docker.sock', hostPath: '"/var/run/docker.sock"', volume: '"sock"' } }],
    },
  ],
});
