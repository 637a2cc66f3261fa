import type { FixOptions, FixOutcome, PatchOp } from '../../core/patch.js';
import { asRecord, list, str, type KubeRaw } from '../fields.js';
import { containersOf, volumesOf, type ContainerRef } from '../workload.js';
import { containerPath, describeContainers, fixOf, isWindowsPod, securityContextOf, suggestion, WINDOWS_SUGGESTION } from './common.js';

/**
 * Fixes of container security settings. Each returns the operations for every container that
 * needs them, or a suggestion when a change would not make the check pass, would be refused by
 * the API server, or may break the workload without `--unsafe`.
 */

/** A field on the way that is there but is not a map (`securityContext: "x"`): nothing can be added below it. */
function notAMap(holder: KubeRaw, key: string): boolean {
  const value = holder[key];
  return value !== undefined && value !== null && asRecord(value) === undefined;
}

function unreadable(refs: readonly ContainerRef[], field: string): FixOutcome {
  return suggestion(`${describeContainers(refs)} ${refs.length === 1 ? 'has' : 'have'} a ${field} that is not a map; correct it by hand`);
}

export function fixAllowPrivilegeEscalation(spec: KubeRaw): FixOutcome | undefined {
  const targets = containersOf(spec).filter((ref) => securityContextOf(ref.container)?.['allowPrivilegeEscalation'] !== false);
  if (targets.length === 0) return undefined;
  if (isWindowsPod(spec)) return WINDOWS_SUGGESTION;
  const odd = targets.filter((ref) => notAMap(ref.container, 'securityContext'));
  if (odd.length > 0) return unreadable(odd, 'securityContext');
  // the API server refuses allowPrivilegeEscalation: false next to privileged: true or an added CAP_SYS_ADMIN
  const privileged = targets.filter((ref) => securityContextOf(ref.container)?.['privileged'] === true);
  if (privileged.length > 0) {
    return suggestion(
      `${describeContainers(privileged)} ${privileged.length === 1 ? 'runs' : 'run'} privileged, which the API server does not allow together with allowPrivilegeEscalation: false; remove privileged first (eksguard fix --unsafe sets privileged: false for PSS-privileged)`,
    );
  }
  const sysAdmin = targets.filter((ref) => list(asRecord(securityContextOf(ref.container)?.['capabilities'])?.['add']).includes('CAP_SYS_ADMIN'));
  if (sysAdmin.length > 0) {
    return suggestion(`${describeContainers(sysAdmin)} ${sysAdmin.length === 1 ? 'adds' : 'add'} CAP_SYS_ADMIN, which the API server does not allow together with allowPrivilegeEscalation: false; remove it first if the workload can run without it`);
  }
  const ops = targets.map((ref): PatchOp => ({ op: 'set', path: [...containerPath(ref), 'securityContext', 'allowPrivilegeEscalation'], value: false }));
  return fixOf(`allowPrivilegeEscalation: false on ${describeContainers(targets)}`, ops);
}

/** The only capability the restricted level lets a container add back. */
const RESTRICTED_ADD = 'NET_BIND_SERVICE';

export function fixDropAllCapabilities(spec: KubeRaw): FixOutcome | undefined {
  const refs = containersOf(spec);
  const forbidden: { ref: ContainerRef; names: string[] }[] = [];
  const targets: ContainerRef[] = [];
  for (const ref of refs) {
    const capabilities = asRecord(securityContextOf(ref.container)?.['capabilities']);
    const added = list(capabilities?.['add']).filter((item): item is string => typeof item === 'string' && item !== RESTRICTED_ADD);
    if (capabilities && added.length > 0) forbidden.push({ ref, names: added });
    if (!list(capabilities?.['drop']).includes('ALL')) targets.push(ref);
  }
  if (targets.length === 0 && forbidden.length === 0) return undefined;
  if (isWindowsPod(spec)) return WINDOWS_SUGGESTION;
  if (forbidden.length > 0) {
    const what = forbidden.map(({ ref, names }) => `${describeContainers([ref])} adds ${names.join(', ')}`).join('; ');
    return suggestion(
      `${what}: the restricted level allows only ${RESTRICTED_ADD} back, so dropping ALL would not make the check pass, and removing an added capability may break the workload; remove it by hand if the workload runs without it`,
    );
  }
  const odd = targets.filter((ref) => notAMap(ref.container, 'securityContext') || notAMap(securityContextOf(ref.container) ?? {}, 'capabilities'));
  if (odd.length > 0) return unreadable(odd, 'securityContext or capabilities');
  const ops: PatchOp[] = [];
  for (const ref of targets) {
    const drop = asRecord(securityContextOf(ref.container)?.['capabilities'])?.['drop'];
    const path = [...containerPath(ref), 'securityContext', 'capabilities', 'drop'];
    if (drop === undefined || drop === null) ops.push({ op: 'set', path, value: ['ALL'] });
    else if (Array.isArray(drop)) ops.push({ op: 'append', path, value: 'ALL' });
    else return unreadable([ref], 'capabilities.drop');
  }
  const kept = targets.filter((ref) => list(asRecord(securityContextOf(ref.container)?.['capabilities'])?.['add']).includes(RESTRICTED_ADD));
  const keeping = kept.length > 0 ? ` (keeping ${RESTRICTED_ADD} added back on ${describeContainers(kept)})` : '';
  return fixOf(`capabilities.drop: [ALL] on ${describeContainers(targets)}${keeping}`, ops);
}

export function fixPrivileged(spec: KubeRaw, options: FixOptions): FixOutcome | undefined {
  const targets = containersOf(spec).filter((ref) => securityContextOf(ref.container)?.['privileged'] === true);
  if (targets.length === 0) return undefined;
  if (!options.unsafe) {
    return suggestion(
      `${describeContainers(targets)} ${targets.length === 1 ? 'runs' : 'run'} privileged; setting privileged: false may break a workload that needs host devices or kernel access, so eksguard fix makes it only with --unsafe`,
    );
  }
  // the API server allows Bidirectional mount propagation only to privileged containers
  const propagating = targets.filter((ref) => list(ref.container['volumeMounts']).some((mount) => str(asRecord(mount)?.['mountPropagation']) === 'Bidirectional'));
  if (propagating.length > 0) {
    return suggestion(
      `${describeContainers(propagating)} ${propagating.length === 1 ? 'mounts' : 'mount'} a volume with Bidirectional propagation, which the API server allows only to privileged containers; privileged cannot be removed without changing the mount, so change both by hand if the workload allows`,
    );
  }
  const ops = targets.map((ref): PatchOp => ({ op: 'set', path: [...containerPath(ref), 'securityContext', 'privileged'], value: false }));
  return fixOf(`privileged: false on ${describeContainers(targets)}`, ops);
}

const TMP = '/tmp';

function mountsTmp(ref: ContainerRef): boolean {
  return list(ref.container['volumeMounts']).some((mount) => {
    const path = str(asRecord(mount)?.['mountPath']);
    return path === TMP || path === `${TMP}/`;
  });
}

/** An emptyDir volume named `tmp` already there, else a name no volume has. */
function tmpVolume(spec: KubeRaw): { name: string; exists: boolean } {
  const volumes = volumesOf(spec);
  const existing = volumes.find((volume) => volume.name === 'tmp' && asRecord(volume.volume['emptyDir']) !== undefined);
  if (existing) return { name: existing.name, exists: true };
  const taken = new Set(volumes.map((volume) => volume.name));
  for (let index = 1; ; index += 1) {
    const name = index === 1 ? 'tmp' : index === 2 ? 'eksguard-tmp' : `eksguard-tmp-${index - 1}`;
    if (!taken.has(name)) return { name, exists: false };
  }
}

export function fixReadOnlyRootFilesystem(spec: KubeRaw, options: FixOptions): FixOutcome | undefined {
  const targets = containersOf(spec).filter((ref) => securityContextOf(ref.container)?.['readOnlyRootFilesystem'] !== true);
  if (targets.length === 0) return undefined;
  if (isWindowsPod(spec)) return WINDOWS_SUGGESTION;
  if (!options.unsafe) {
    return suggestion(
      `${describeContainers(targets)} ${targets.length === 1 ? 'has' : 'have'} a writable root filesystem; eksguard fix --unsafe sets readOnlyRootFilesystem: true and mounts an emptyDir at /tmp, which breaks an application that writes anywhere else`,
    );
  }
  const odd = targets.filter((ref) => notAMap(ref.container, 'securityContext') || (ref.container['volumeMounts'] != null && !Array.isArray(ref.container['volumeMounts'])));
  if (odd.length > 0) return unreadable(odd, 'securityContext or volumeMounts');
  if (spec['volumes'] != null && !Array.isArray(spec['volumes'])) return suggestion('the pod spec has volumes that are not a list; correct it by hand');
  const volume = tmpVolume(spec);
  const ops: PatchOp[] = [];
  let mounted = false;
  for (const ref of targets) {
    ops.push({ op: 'set', path: [...containerPath(ref), 'securityContext', 'readOnlyRootFilesystem'], value: true });
    if (mountsTmp(ref)) continue;
    ops.push({ op: 'append', path: [...containerPath(ref), 'volumeMounts'], value: { name: volume.name, mountPath: TMP } });
    mounted = true;
  }
  if (mounted && !volume.exists) ops.push({ op: 'append', path: ['volumes'], value: { name: volume.name, emptyDir: {} } });
  const mount = mounted ? `, with an emptyDir volume ${JSON.stringify(volume.name)} at /tmp` : '';
  return fixOf(`readOnlyRootFilesystem: true on ${describeContainers(targets)}${mount}`, ops);
}
