import { describe, expect, it } from 'vitest';
import { evaluatePodSecurity, evaluatePodSecurityGraded, formatAggregate, formatPodSecurityDenial, formatPodSecurityWarning, pssCheckReplaces, type PssLevelName } from './index.js';

type Raw = Record<string, unknown>;

function evaluate(spec: Raw, options: { level?: PssLevelName; version?: string; metadata?: Raw } = {}) {
  return evaluatePodSecurity({ metadata: options.metadata ?? { name: 'p' }, spec }, { level: options.level ?? 'restricted', version: options.version ?? 'latest' });
}

function aggregate(spec: Raw, options: Parameters<typeof evaluate>[1] = {}): string {
  return formatAggregate(evaluate(spec, options));
}

const baseline = { level: 'baseline' } as const;
const bare = { initContainers: [{ name: 'initcontainer1', image: 'pause' }], containers: [{ name: 'container1', image: 'pause' }] };

describe('message text', () => {
  const expected =
    'allowPrivilegeEscalation != false (containers "initcontainer1", "container1" must set securityContext.allowPrivilegeEscalation=false), ' +
    'unrestricted capabilities (containers "initcontainer1", "container1" must set securityContext.capabilities.drop=["ALL"]), ' +
    'runAsNonRoot != true (pod or containers "initcontainer1", "container1" must set securityContext.runAsNonRoot=true), ' +
    'seccompProfile (pod or containers "initcontainer1", "container1" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")';

  it('matches the restricted:v1.37 example of the spec word for word', () => {
    expect(aggregate(bare, { version: 'v1.37' })).toBe(expected);
  });

  it('wraps the aggregate like kubectl, printing the version as requested', () => {
    const violations = evaluate(bare);
    expect(formatPodSecurityWarning({ level: 'restricted', version: 'latest' }, violations)).toBe(`would violate PodSecurity "restricted:latest": ${expected}`);
    expect(formatPodSecurityDenial({ level: 'restricted', version: 'v1.40' }, evaluate(bare, { version: 'v1.40' }))).toBe(
      `violates PodSecurity "restricted:v1.40": ${expected}`,
    );
    expect(evaluate(bare, { version: 'v1.40' })).toEqual(violations);
  });

  it('reports check IDs and first offending paths in upstream order', () => {
    expect(evaluate(bare).map((violation) => [violation.checkId, violation.path, violation.pathBase])).toEqual([
      ['allowPrivilegeEscalation', 'initContainers[0].securityContext.allowPrivilegeEscalation', 'spec'],
      ['capabilities_restricted', 'initContainers[0].securityContext.capabilities.drop', 'spec'],
      ['runAsNonRoot', 'initContainers[0].securityContext.runAsNonRoot', 'spec'],
      ['seccompProfile_restricted', 'initContainers[0].securityContext.seccompProfile.type', 'spec'],
    ]);
  });

  it('allows everything at privileged', () => {
    expect(evaluate({ hostPID: true, containers: [{ name: 'a', securityContext: { privileged: true } }] }, { level: 'privileged' })).toEqual([]);
  });
});

describe('container traversal', () => {
  it('visits init, regular, then ephemeral containers', () => {
    const spec = { ephemeralContainers: [{ name: 'debugger' }], containers: [{ name: 'app' }], initContainers: [{ name: 'init' }] };
    expect(evaluate(spec).find((violation) => violation.checkId === 'allowPrivilegeEscalation')?.detail).toBe(
      'containers "init", "app", "debugger" must set securityContext.allowPrivilegeEscalation=false',
    );
  });

  it('checks ephemeral containers and points at them', () => {
    const spec = { containers: [{ name: 'app' }], ephemeralContainers: [{ name: 'debugger', securityContext: { privileged: true, capabilities: { add: ['SYS_PTRACE'] } } }] };
    expect(evaluate(spec, baseline).map((violation) => [formatAggregate([violation]), violation.path])).toEqual([
      [
        'non-default capabilities (container "debugger" must not include "SYS_PTRACE" in securityContext.capabilities.add)',
        'ephemeralContainers[0].securityContext.capabilities.add[0]',
      ],
      ['privileged (container "debugger" must not set securityContext.privileged=true)', 'ephemeralContainers[0].securityContext.privileged'],
    ]);
  });
});

describe('AppArmor', () => {
  it('rejects an Unconfined pod profile', () => {
    const [violation] = evaluate({ securityContext: { appArmorProfile: { type: 'Unconfined' } }, containers: [{ name: 'a' }] }, baseline);
    expect(violation).toMatchObject({
      checkId: 'appArmorProfile',
      reason: 'forbidden AppArmor profile',
      detail: 'pod must not set AppArmor profile type to "Unconfined"',
      path: 'securityContext.appArmorProfile.type',
    });
  });

  it('shows an unset type inside a present profile as ""', () => {
    expect(aggregate({ containers: [{ name: 'a', securityContext: { appArmorProfile: { localhostProfile: 'x' } } }] }, baseline)).toBe(
      'forbidden AppArmor profile (container "a" must not set AppArmor profile type to "")',
    );
  });

  it('allows RuntimeDefault, Localhost and the allowed annotation values', () => {
    const spec = {
      securityContext: { appArmorProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'a', securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: 'k8s-apparmor' } } }],
    };
    const annotations = {
      'container.apparmor.security.beta.kubernetes.io/a': 'runtime/default',
      'container.apparmor.security.beta.kubernetes.io/b': 'localhost/custom',
      'container.apparmor.security.beta.kubernetes.io/c': '',
    };
    expect(evaluate(spec, { ...baseline, metadata: { annotations } })).toEqual([]);
  });

  it('lists pod, containers and annotations together, types then annotations, each sorted', () => {
    const spec = {
      securityContext: { appArmorProfile: { type: 'Unconfined' } },
      containers: [
        { name: 'a', securityContext: { appArmorProfile: {} } },
        { name: 'b', securityContext: { appArmorProfile: { type: 'Unconfined' } } },
      ],
    };
    const annotations = {
      'container.apparmor.security.beta.kubernetes.io/c4': 'fo"o',
      'container.apparmor.security.beta.kubernetes.io/c1': 'unconfined',
      'container.apparmor.security.beta.kubernetes.io/c2': 'localhost/ok',
      'other.example.com/c3': 'unconfined',
    };
    expect(aggregate(spec, { ...baseline, metadata: { annotations } })).toBe(
      'forbidden AppArmor profiles (pod and containers "a", "b" and annotations must not set AppArmor profile type to ' +
        '"", "Unconfined", "container.apparmor.security.beta.kubernetes.io/c1="unconfined"", "container.apparmor.security.beta.kubernetes.io/c4="fo\\"o"")',
    );
  });

  it('points annotation-only findings at the template metadata', () => {
    const annotations = { 'container.apparmor.security.beta.kubernetes.io/a': 'unconfined' };
    expect(evaluate({ containers: [{ name: 'a' }] }, { ...baseline, metadata: { annotations } })).toEqual([
      {
        checkId: 'appArmorProfile',
        reason: 'forbidden AppArmor profile',
        detail: 'annotation must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/a="unconfined""',
        path: 'metadata.annotations',
        pathBase: 'template',
      },
    ]);
  });
});

describe('plurals and sorting', () => {
  const ports = (...hostPorts: number[]) => hostPorts.map((hostPort) => ({ containerPort: 80, hostPort }));

  it('pluralises hostPorts and sorts the ports as strings', () => {
    expect(aggregate({ containers: [{ name: 'a', ports: ports(8080) }] }, baseline)).toBe('hostPort (container "a" uses hostPort 8080)');
    expect(aggregate({ containers: [{ name: 'a', ports: ports(8080, 10000) }] }, baseline)).toBe('hostPort (container "a" uses hostPorts 10000, 8080)');
    expect(aggregate({ containers: [{ name: 'a', ports: ports(8080) }, { name: 'b', ports: ports(8080, 0) }] }, baseline)).toBe(
      'hostPort (containers "a", "b" use hostPort 8080)',
    );
    const [violation] = evaluate({ containers: [{ name: 'a', ports: ports(0) }, { name: 'b', ports: ports(0, 9090, 10000, 9090) }] }, baseline);
    expect(violation).toMatchObject({ detail: 'container "b" uses hostPorts 10000, 9090', path: 'containers[1].ports[1].hostPort' });
  });

  it('pluralises volumes, uses/use and volume types', () => {
    const volume = (name: string, source: Raw) => ({ name, ...source });
    const hostPath = { hostPath: { path: '/var/log' } };
    expect(aggregate({ containers: [], volumes: [volume('logs', hostPath)] })).toBe('restricted volume types (volume "logs" uses restricted volume type "hostPath")');
    expect(aggregate({ containers: [], volumes: [volume('a', hostPath), volume('b', hostPath)] })).toBe(
      'restricted volume types (volumes "a", "b" use restricted volume type "hostPath")',
    );
    expect(aggregate({ containers: [], volumes: [volume('a', { nfs: { server: 's', path: '/' } }), volume('ok', { emptyDir: {} }), volume('b', hostPath)] })).toBe(
      'restricted volume types (volumes "a", "b" use restricted volume types "hostPath", "nfs")',
    );
    expect(aggregate({ containers: [], volumes: [volume('a', hostPath), volume('b', hostPath)] }, baseline)).toBe('hostPath volumes (volumes "a", "b")');
  });

  it('keeps sysctls in spec order, repeated and unquoted', () => {
    const sysctls = [{ name: 'vm.b', value: '1' }, { name: 'kernel.shm_rmid_forced', value: '1' }, { name: 'net.a', value: '1' }, { name: 'vm.b', value: '2' }];
    const [violation] = evaluate({ securityContext: { sysctls }, containers: [] }, baseline);
    expect(violation).toMatchObject({ reason: 'forbidden sysctls', detail: 'vm.b, net.a, vm.b', path: 'securityContext.sysctls[0].name' });
  });

  it('sorts and de-duplicates the container names of hostProbesAndHostLifecycle only', () => {
    const probe = (host: string) => ({ httpGet: { host, port: 80 } });
    const spec = {
      containers: [
        { name: 'b', livenessProbe: probe('example.com') },
        { name: 'a', readinessProbe: { tcpSocket: { host: '10.0.0.1', port: 80 } }, lifecycle: { preStop: probe('example.com') } },
        { name: 'a', startupProbe: probe('10.0.0.1') },
      ],
    };
    const [violation] = evaluate(spec, baseline);
    expect(violation).toMatchObject({
      detail: 'containers "a", "b" use probe or lifecycle hosts "10.0.0.1", "example.com"',
      path: 'containers[0].livenessProbe.httpGet.host',
    });
    expect(aggregate({ containers: [{ name: 'a', lifecycle: { postStart: probe('localhost') } }] }, baseline)).toBe(
      'probe or lifecycle host (container "a" uses probe or lifecycle host "localhost")',
    );
  });

  it('lists all three host namespaces in a fixed order', () => {
    expect(aggregate({ hostIPC: true, hostPID: true, hostNetwork: true, containers: [] }, baseline)).toBe('host namespaces (hostNetwork=true, hostPID=true, hostIPC=true)');
  });

  it('names pod and containers for hostProcess', () => {
    const hostProcess = { windowsOptions: { hostProcess: true } };
    expect(aggregate({ securityContext: hostProcess, containers: [{ name: 'a', securityContext: hostProcess }, { name: 'b' }] }, baseline)).toBe(
      'hostProcess (pod and container "a" must not set securityContext.windowsOptions.hostProcess=true)',
    );
  });
});

describe('graded evaluation', () => {
  const hostPath = { containers: [{ name: 'c', image: 'x', securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }], volumes: [{ name: 'h', hostPath: { path: '/data' } }] };

  it('reports what evaluatePodSecurity reports, plus the replaced baseline checks at restricted', () => {
    const policy = { level: 'restricted', version: 'latest' } as const;
    const graded = evaluatePodSecurityGraded({ metadata: { name: 'p' }, spec: hostPath }, policy);
    expect(graded.violations).toEqual(evaluatePodSecurity({ metadata: { name: 'p' }, spec: hostPath }, policy));
    expect(graded.replaced.map((violation) => violation.checkId)).toEqual(['capabilities_baseline', 'hostPathVolumes']);
  });

  it('replaces nothing below restricted, and only what the version replaces', () => {
    expect(evaluatePodSecurityGraded({ metadata: {}, spec: hostPath }, { level: 'baseline', version: 'latest' }).replaced).toEqual([]);
    // capabilities_restricted starts at v1.22: at v1.21 capabilities_baseline still runs at restricted
    expect(evaluatePodSecurityGraded({ metadata: {}, spec: hostPath }, { level: 'restricted', version: 'v1.21' }).replaced.map((violation) => violation.checkId)).toEqual(['hostPathVolumes']);
    expect(pssCheckReplaces('restrictedVolumes', { level: 'restricted', version: 'latest' })).toEqual(['hostPathVolumes']);
    expect(pssCheckReplaces('procMount_restricted', { level: 'restricted', version: 'v1.34' })).toEqual([]);
    expect(pssCheckReplaces('procMount_restricted', { level: 'restricted', version: 'v1.35' })).toEqual(['procMount']);
    expect(pssCheckReplaces('restrictedVolumes', { level: 'baseline', version: 'latest' })).toEqual([]);
  });
});
