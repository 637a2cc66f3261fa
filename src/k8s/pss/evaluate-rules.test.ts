import { describe, expect, it } from 'vitest';
import { evaluatePodSecurity, formatAggregate, PSS_NEWEST_MINOR, type PssLevelName } from './index.js';

type Raw = Record<string, unknown>;

function aggregate(spec: Raw, options: { level?: PssLevelName; version?: string; metadata?: Raw } = {}): string {
  return formatAggregate(
    evaluatePodSecurity({ metadata: options.metadata ?? { name: 'p' }, spec }, { level: options.level ?? 'restricted', version: options.version ?? 'latest' }),
  );
}

const compliant = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
const podCompliant = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };

describe('Windows pods (restricted)', () => {
  const windowsPod = { os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [{ name: 'app' }] };

  it('are exempt from allowPrivilegeEscalation, seccomp and capabilities from v1.25', () => {
    expect(aggregate(windowsPod, { version: 'v1.25' })).toBe('');
    expect(aggregate(windowsPod)).toBe('');
  });

  it('are not exempt before v1.25', () => {
    expect(aggregate(windowsPod, { version: 'v1.24' })).toBe(
      'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]), ' +
        'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
  });

  it('still need runAsNonRoot and no runAsUser=0 or hostProcess', () => {
    const spec = { os: { name: 'windows' }, securityContext: { runAsUser: 0, windowsOptions: { hostProcess: true } }, containers: [{ name: 'app' }] };
    expect(aggregate(spec)).toBe(
      'hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true), ' +
        'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), ' +
        'runAsUser=0 (pod must not set runAsUser=0)',
    );
  });

  it('are recognised only by spec.os.name, exactly', () => {
    expect(aggregate({ ...windowsPod, os: { name: 'Windows' } })).toContain('allowPrivilegeEscalation != false');
    expect(aggregate({ ...windowsPod, os: undefined, nodeSelector: { 'kubernetes.io/os': 'windows' } })).toContain('allowPrivilegeEscalation != false');
  });
});

describe('user namespaces (hostUsers: false)', () => {
  const spec = (hostUsers: boolean) => ({
    hostUsers,
    securityContext: { runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'app', securityContext: { ...compliant, runAsUser: 0, procMount: 'Unmasked' } }],
  });
  const procMount = 'procMount (container "app" must not set securityContext.procMount to "Unmasked")';

  it('waive runAsNonRoot, runAsUser and baseline procMount from v1.35, but not procMount_restricted', () => {
    expect(aggregate(spec(false), { version: 'v1.35' })).toBe(procMount);
    expect(evaluatePodSecurity({ spec: spec(false) }, { level: 'restricted', version: 'v1.35' })[0]?.checkId).toBe('procMount_restricted');
    expect(aggregate(spec(false), { level: 'baseline', version: 'v1.35' })).toBe('');
  });

  it('do not relax anything before v1.35', () => {
    expect(aggregate(spec(false), { version: 'v1.34' })).toBe(
      `${procMount}, runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), runAsUser=0 (pod and container "app" must not set runAsUser=0)`,
    );
    expect(aggregate(spec(false), { level: 'baseline', version: 'v1.34' })).toBe(procMount);
  });

  it('apply only to hostUsers: false', () => {
    expect(aggregate(spec(true), { level: 'baseline', version: 'v1.35' })).toBe(procMount);
    expect(aggregate(spec(true), { version: 'v1.35' })).toContain('runAsUser=0 (pod and container "app" must not set runAsUser=0)');
  });
});

describe('version-dependent allow-lists', () => {
  const seLinux = (type: string) => ({ securityContext: { seLinuxOptions: { type } }, containers: [] });

  it('allows the SELinux type container_engine_t from v1.31', () => {
    expect(aggregate(seLinux('container_engine_t'), { level: 'baseline', version: 'v1.30' })).toBe(
      'seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type "container_engine_t")',
    );
    expect(aggregate(seLinux('container_engine_t'), { level: 'baseline', version: 'v1.31' })).toBe('');
  });

  it('collects SELinux types, user and role across pod and containers', () => {
    const spec = {
      securityContext: { seLinuxOptions: { type: 'foo', user: 'u', role: 'r', level: 's0' } },
      containers: [
        { name: 'a', securityContext: { seLinuxOptions: { type: 'container_t' } } },
        { name: 'd', securityContext: { seLinuxOptions: { type: 'bar' } } },
        { name: 'e', securityContext: { seLinuxOptions: { type: 'foo' } } },
        { name: 'f', securityContext: { seLinuxOptions: { user: 'x' } } },
      ],
    };
    expect(aggregate(spec, { level: 'baseline' })).toBe(
      'seLinuxOptions (pod and containers "d", "e", "f" set forbidden securityContext.seLinuxOptions: types "bar", "foo"; user may not be set; role may not be set)',
    );
  });

  it('grows the sysctl allow-list by version', () => {
    const sysctl = (name: string) => ({ securityContext: { sysctls: [{ name, value: '1' }] }, containers: [] });
    const cases: [string, string, string][] = [
      ['net.ipv4.ip_local_reserved_ports', 'v1.26', 'v1.27'],
      ['net.ipv4.tcp_keepalive_probes', 'v1.28', 'v1.29'],
      ['net.ipv4.tcp_wmem', 'v1.31', 'v1.32'],
      ['net.ipv4.tcp_notsent_lowat', 'v1.36', 'v1.37'],
    ];
    for (const [name, before, from] of cases) {
      expect(aggregate(sysctl(name), { level: 'baseline', version: before })).toBe(`forbidden sysctls (${name})`);
      expect(aggregate(sysctl(name), { level: 'baseline', version: from })).toBe('');
    }
  });

  it('reads seccomp annotations up to v1.18 and the fields from v1.19', () => {
    const annotations = {
      'seccomp.security.alpha.kubernetes.io/pod': 'unconfined',
      'container.seccomp.security.alpha.kubernetes.io/a': 'unconfined',
      'container.seccomp.security.alpha.kubernetes.io/b': 'localhost/profile.json',
      'container.seccomp.security.alpha.kubernetes.io/not-a-container': 'unconfined',
    };
    const spec = { containers: [{ name: 'a' }, { name: 'b' }], securityContext: { seccompProfile: { type: 'Unconfined' } } };
    expect(aggregate(spec, { level: 'baseline', version: 'v1.18', metadata: { annotations } })).toBe(
      'seccompProfile (forbidden annotations container.seccomp.security.alpha.kubernetes.io/a="unconfined", seccomp.security.alpha.kubernetes.io/pod="unconfined")',
    );
    expect(aggregate(spec, { level: 'baseline', version: 'v1.19', metadata: { annotations } })).toBe(
      'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")',
    );
    expect(aggregate({ containers: [] }, { level: 'baseline', version: 'v1.0', metadata: { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': '' } } })).toBe(
      'seccompProfile (forbidden annotation seccomp.security.alpha.kubernetes.io/pod="")',
    );
  });
});

describe('restricted rules', () => {
  it('prefers explicit runAsNonRoot=false over missing values', () => {
    const containers = [{ name: 'a', securityContext: { runAsNonRoot: true } }, { name: 'b', securityContext: { runAsNonRoot: false } }, { name: 'c' }];
    const options = { level: 'restricted' } as const;
    const runAsNonRoot = (spec: Raw) => evaluatePodSecurity({ spec }, { ...options, version: 'latest' }).find((violation) => violation.checkId === 'runAsNonRoot');
    expect(runAsNonRoot({ securityContext: { runAsNonRoot: false }, containers })).toMatchObject({
      detail: 'pod and container "b" must not set securityContext.runAsNonRoot=false',
      path: 'securityContext.runAsNonRoot',
    });
    expect(runAsNonRoot({ securityContext: { runAsNonRoot: true }, containers })).toMatchObject({
      detail: 'container "b" must not set securityContext.runAsNonRoot=false',
      path: 'containers[1].securityContext.runAsNonRoot',
    });
    expect(runAsNonRoot({ securityContext: { runAsUser: 1000 }, containers: [{ name: 'c' }] })?.detail).toBe('pod or container "c" must set securityContext.runAsNonRoot=true');
  });

  it('prefers explicitly bad seccomp types, and shows a missing type as ""', () => {
    const spec = { containers: [{ name: 'a', securityContext: { seccompProfile: { type: 'Unconfined' } } }, { name: 'b', securityContext: { seccompProfile: {} } }, { name: 'c' }] };
    expect(aggregate({ ...spec, securityContext: podCompliant })).toContain(
      'seccompProfile (containers "a", "b" must not set securityContext.seccompProfile.type to "", "Unconfined")',
    );
  });

  it('joins both capability problems, and replaces the baseline check from v1.22', () => {
    const spec = {
      securityContext: podCompliant,
      containers: [
        { name: 'a', securityContext: { allowPrivilegeEscalation: false } },
        { name: 'b', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['SYS_ADMIN', 'NET_BIND_SERVICE'] } } },
        { name: 'c', securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_RAW', 'SYS_ADMIN'] } } },
      ],
    };
    expect(aggregate(spec)).toBe(
      'unrestricted capabilities (containers "a", "c" must set securityContext.capabilities.drop=["ALL"]; containers "b", "c" must not include "NET_RAW", "SYS_ADMIN" in securityContext.capabilities.add)',
    );
    expect(aggregate(spec, { version: 'v1.21' })).toBe('non-default capabilities (containers "b", "c" must not include "NET_RAW", "SYS_ADMIN" in securityContext.capabilities.add)');
  });

  it('applies the API default to volumes without a source, and fails closed on unknown sources', () => {
    const spec = (volumes: unknown[]) => ({ securityContext: podCompliant, containers: [{ name: 'a', securityContext: compliant }], volumes });
    expect(aggregate(spec([{ name: 'scratch' }, { name: 'nulled', hostPath: null }, { name: 'img', image: { reference: 'x' } }]))).toBe('');
    expect(aggregate(spec([{ name: 'odd', hostpath: { path: '/' } }]))).toBe('restricted volume types (volume "odd" uses restricted volume type "unknown")');
    expect(evaluatePodSecurity({ spec: spec([{ name: 'odd', foo: {} }]) }, { level: 'restricted', version: 'latest' })[0]?.path).toBe('volumes[0]');
  });
});

describe('malformed input', () => {
  const garbage: unknown[] = [null, 5, 'x', [], true];
  const shapes: Raw[] = [
    ...garbage.map((value) => ({ spec: value, metadata: value })),
    { spec: { containers: null, initContainers: 'x', ephemeralContainers: 5, securityContext: 'x', volumes: 'x', os: 'windows', hostUsers: 'false' } },
    { spec: { containers: [null, 1, 'x', [], { name: 5, securityContext: 'x', ports: 5 }, { securityContext: [] }] } },
    {
      spec: {
        containers: [
          {
            name: 'a',
            ports: [null, 'x', { hostPort: 'x' }, { hostPort: Number.NaN }, { hostPort: null }],
            securityContext: {
              capabilities: { add: 'x', drop: 7 },
              seccompProfile: 'x',
              appArmorProfile: [],
              seLinuxOptions: 5,
              windowsOptions: 'x',
              procMount: 7,
              runAsUser: '0',
              runAsNonRoot: 'true',
              privileged: 'true',
            },
            livenessProbe: { httpGet: 'x', tcpSocket: { host: 5 } },
            lifecycle: 'x',
          },
          { name: 'b', securityContext: { capabilities: { add: [null, 5, {}, 'SYS_ADMIN'], drop: [null, 'ALL'] } }, lifecycle: { preStop: 'x', postStart: { httpGet: null } } },
        ],
        securityContext: { sysctls: [null, 5, { name: 5 }, { value: 1 }], seLinuxOptions: { type: 5, user: [] }, appArmorProfile: { type: 7 } },
        volumes: [null, 5, 'x', [], { name: 1 }, { hostPath: null }, { name: 'h', hostPath: 'x' }],
      },
      metadata: { annotations: { a: null, b: { x: 1 }, 'container.apparmor.security.beta.kubernetes.io/a': 5, 'seccomp.security.alpha.kubernetes.io/pod': false } },
    },
    { spec: { containers: [{ name: 'a' }] }, metadata: { annotations: 'x' } },
  ];
  const versions = ['latest', 'v1.40', ...Array.from({ length: PSS_NEWEST_MINOR + 1 }, (_, minor) => `v1.${minor}`)];

  it('never throws, at any level and version', () => {
    for (const shape of shapes) {
      for (const level of ['privileged', 'baseline', 'restricted'] as const) {
        for (const version of versions) expect(() => evaluatePodSecurity(shape, { level, version }), JSON.stringify(shape)).not.toThrow();
      }
    }
  });

  it('reads wrong-typed fields as unset', () => {
    expect(aggregate({ securityContext: 'x', containers: [{ name: 'a', securityContext: 'x' }] }, { version: 'v1.37' })).toBe(
      'allowPrivilegeEscalation != false (container "a" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "a" must set securityContext.capabilities.drop=["ALL"]), ' +
        'runAsNonRoot != true (pod or container "a" must set securityContext.runAsNonRoot=true), ' +
        'seccompProfile (pod or container "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    const hostPathShape = shapes[shapes.length - 2] as { spec: unknown; metadata: unknown };
    expect(formatAggregate(evaluatePodSecurity(hostPathShape, { level: 'baseline', version: 'latest' }))).toContain('hostPath volumes (volume "h")');
  });
});
