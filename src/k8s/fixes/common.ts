import type { FixOutcome, PatchOp, PatchPath } from '../../core/patch.js';
import { asRecord, record, str, type KubeRaw } from '../fields.js';
import type { ContainerRef } from '../workload.js';

/** The path of a container from the pod spec: `['containers', 0]`. */
export function containerPath(ref: ContainerRef): PatchPath {
  return [ref.list, ref.index];
}

/** `securityContext` of a container or pod spec, when it is a map. */
export function securityContextOf(holder: KubeRaw): KubeRaw | undefined {
  return asRecord(holder['securityContext']);
}

const LIST_LABELS: Readonly<Record<ContainerRef['list'], string>> = {
  initContainers: 'init container',
  containers: 'container',
  ephemeralContainers: 'ephemeral container',
};

/** `container "web"`, `init container "migrate"` (names JSON-quoted, as in the checks' messages). */
export function describeContainer(ref: ContainerRef): string {
  return `${LIST_LABELS[ref.list]} ${JSON.stringify(ref.name)}`;
}

/** `container "a"`, `containers "a", "b"`: several containers in one phrase. */
export function describeContainers(refs: readonly ContainerRef[]): string {
  if (refs.length === 1) return describeContainer(refs[0]!);
  return `containers ${refs.map((ref) => JSON.stringify(ref.name)).join(', ')}`;
}

/** Windows pods cannot take the Linux settings these fixes write; the API server refuses them. */
export function isWindowsPod(spec: KubeRaw): boolean {
  return str(record(spec['os'])['name']) === 'windows';
}

export const WINDOWS_SUGGESTION: FixOutcome = {
  suggestion: 'a Windows pod (spec.os.name: windows) cannot take Linux security settings; the API server refuses them, so nothing is changed',
};

/** A fix, or nothing when there are no operations. */
export function fixOf(description: string, ops: readonly PatchOp[]): FixOutcome | undefined {
  return ops.length === 0 ? undefined : { fix: { description, ops } };
}

export function suggestion(text: string): FixOutcome {
  return { suggestion: text };
}
