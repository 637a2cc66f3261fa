import { asRecord, list, str, type KubeRaw } from '../fields.js';
import { containersOf } from '../workload.js';

/** The pod (or pod template) to evaluate: its metadata and its spec, both untrusted. */
export interface PodInput {
  readonly metadata?: unknown;
  readonly spec?: unknown;
}

export interface ContainerView {
  readonly name: string;
  /** relative to the pod spec: `initContainers[0]` */
  readonly path: string;
  readonly raw: KubeRaw;
  /** `securityContext` when it is an object */
  readonly securityContext: KubeRaw | undefined;
}

export interface VolumeView {
  readonly name: string;
  /** relative to the pod spec: `volumes[2]` */
  readonly path: string;
  readonly raw: KubeRaw;
  /** keys other than `name` that hold a value (not null): the volume's sources */
  readonly sources: readonly string[];
}

/** A pod read once, defensively, for all the checks. */
export interface PodView {
  readonly spec: KubeRaw;
  readonly annotations: readonly (readonly [string, string])[];
  readonly securityContext: KubeRaw | undefined;
  /** init, regular, then ephemeral containers */
  readonly containers: readonly ContainerView[];
  readonly volumes: readonly VolumeView[];
  /** `spec.hostUsers: false`: the pod runs in its own user namespace */
  readonly userNamespace: boolean;
  /** `spec.os.name: windows` */
  readonly windows: boolean;
}

export function readPod(input: PodInput): PodView {
  const spec = asRecord(input.spec) ?? {};
  const metadata = asRecord(input.metadata) ?? {};
  return {
    spec,
    annotations: readAnnotations(metadata['annotations']),
    securityContext: asRecord(spec['securityContext']),
    containers: containersOf(spec).map((ref) => ({
      name: ref.name,
      path: ref.path,
      raw: ref.container,
      securityContext: asRecord(ref.container['securityContext']),
    })),
    volumes: readVolumes(spec['volumes']),
    userNamespace: spec['hostUsers'] === false,
    windows: str(asRecord(spec['os'])?.['name']) === 'windows',
  };
}

function readAnnotations(value: unknown): [string, string][] {
  const source = asRecord(value);
  if (!source) return [];
  const out: [string, string][] = [];
  for (const [key, item] of Object.entries(source)) {
    if (typeof item === 'string') out.push([key, item]);
    else if (typeof item === 'number' || typeof item === 'boolean') out.push([key, String(item)]);
  }
  return out;
}

function readVolumes(value: unknown): VolumeView[] {
  const out: VolumeView[] = [];
  list(value).forEach((item, index) => {
    const raw = asRecord(item);
    if (!raw) return;
    const sources = Object.keys(raw).filter((key) => key !== 'name' && raw[key] !== null && raw[key] !== undefined);
    // The API server defaults a volume without a source to emptyDir before admission sees it.
    out.push({ name: str(raw['name']) ?? '', path: `volumes[${index}]`, raw, sources: sources.length > 0 ? sources : ['emptyDir'] });
  });
  return out;
}

/** The annotation's value, when the key is present. */
export function annotation(pod: PodView, key: string): string | undefined {
  for (const [name, value] of pod.annotations) if (name === key) return value;
  return undefined;
}

/** A nested object of a security context, for example `seccompProfile`, when it is an object. */
export function child(record: KubeRaw | undefined, key: string): KubeRaw | undefined {
  return record ? asRecord(record[key]) : undefined;
}
