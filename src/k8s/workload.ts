import { childPath, fieldPath, ROOT, type FieldPath } from '../core/field-path.js';
import type { KubeObject } from '../core/inventory.js';
import { at, asRecord, record, stringMap, str, type KubeRaw } from './fields.js';
import { scopedNamespace } from './namespace-scope.js';

/** Where each workload kind keeps its pod template (metadata + spec). */
const TEMPLATE_PATHS: Readonly<Record<string, FieldPath | undefined>> = {
  Pod: ROOT,
  PodTemplate: fieldPath('template'),
  ReplicationController: fieldPath('spec', 'template'),
  ReplicaSet: fieldPath('spec', 'template'),
  Deployment: fieldPath('spec', 'template'),
  StatefulSet: fieldPath('spec', 'template'),
  DaemonSet: fieldPath('spec', 'template'),
  Job: fieldPath('spec', 'template'),
  CronJob: fieldPath('spec', 'jobTemplate', 'spec', 'template'),
  Rollout: fieldPath('spec', 'template'),
};

const WORKLOAD_API_GROUPS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['v1'],
  PodTemplate: ['v1'],
  ReplicationController: ['v1'],
  ReplicaSet: ['apps/', 'extensions/'],
  Deployment: ['apps/', 'extensions/'],
  StatefulSet: ['apps/'],
  DaemonSet: ['apps/', 'extensions/'],
  Job: ['batch/'],
  CronJob: ['batch/'],
  Rollout: ['argoproj.io/'],
};

export const WORKLOAD_KINDS: readonly string[] = Object.keys(TEMPLATE_PATHS);

export interface Workload {
  readonly object: KubeObject;
  /** `spec` for a Pod, `spec.template.spec` for a Deployment */
  readonly specPath: FieldPath;
  /** the pod template (or the Pod itself: the root), absolute: `spec.template` */
  readonly templatePath: FieldPath;
  readonly spec: KubeRaw;
  readonly metadata: KubeRaw;
  readonly annotations: Record<string, string>;
  readonly labels: Record<string, string>;
  /** namespace of the workload object */
  readonly namespace?: string;
  /** the key that joins it with the other objects of its namespace (see namespace-scope.ts) */
  readonly namespaceKey: string;
}

export type ContainerList = 'initContainers' | 'containers' | 'ephemeralContainers';

export interface ContainerRef {
  readonly container: KubeRaw;
  readonly name: string;
  readonly list: ContainerList;
  readonly index: number;
  /** relative to the pod spec: `containers[0]` */
  readonly path: FieldPath;
}

function matchesApiGroup(kind: string, apiVersion: string): boolean {
  const groups = WORKLOAD_API_GROUPS[kind];
  if (!groups) return false;
  return groups.some((group) => (group.endsWith('/') ? apiVersion.startsWith(group) : apiVersion === group));
}

/** Returns the pod template of a workload object, or undefined for other kinds or a template that is not an object. */
export function toWorkload(object: KubeObject): Workload | undefined {
  const templatePath = TEMPLATE_PATHS[object.kind];
  if (templatePath === undefined || !matchesApiGroup(object.kind, object.apiVersion)) return undefined;
  const template = templatePath === '' ? object.raw : asRecord(at(object.raw, templatePath));
  if (!template) return undefined;
  const spec = asRecord(template['spec']);
  if (!spec) return undefined;
  const metadata = record(template['metadata']);
  return {
    object,
    specPath: childPath(templatePath, 'spec'),
    templatePath,
    spec,
    metadata,
    annotations: stringMap(metadata['annotations']),
    labels: stringMap(metadata['labels']),
    ...(object.namespace ? { namespace: object.namespace } : {}),
    namespaceKey: scopedNamespace(object.namespace, object.provenance),
  };
}

const CONTAINER_LISTS: readonly ContainerList[] = ['initContainers', 'containers', 'ephemeralContainers'];

/** Init, regular, then ephemeral containers, in spec order: the order Pod Security reports them in. */
export function containersOf(spec: KubeRaw): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const list of CONTAINER_LISTS) {
    const items = Array.isArray(spec[list]) ? (spec[list] as unknown[]) : [];
    items.forEach((item, index) => {
      const container = asRecord(item);
      if (!container) return;
      out.push({ container, name: str(container['name']) ?? '', list, index, path: fieldPath(list, index) });
    });
  }
  return out;
}

export function volumesOf(spec: KubeRaw): { volume: KubeRaw; name: string; path: FieldPath }[] {
  const items = Array.isArray(spec['volumes']) ? (spec['volumes'] as unknown[]) : [];
  const out: { volume: KubeRaw; name: string; path: FieldPath }[] = [];
  items.forEach((item, index) => {
    const volume = asRecord(item);
    if (volume) out.push({ volume, name: str(volume['name']) ?? '', path: fieldPath('volumes', index) });
  });
  return out;
}
