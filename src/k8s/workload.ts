import { childPath, fieldPath, ROOT, type FieldPath } from '../core/field-path.js';
import type { KubeObject } from '../core/inventory.js';
import { at, asRecord, record, stringMap, str, type KubeRaw } from './fields.js';
import { isCustomApiVersion } from './api-groups.js';
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

/**
 * Where a custom resource of a kind eksguard does not know keeps a pod template, if it has one:
 * the places the built-in kinds use, and a Job spec under `spec.jobTargetRef` (KEDA ScaledJob).
 */
const CUSTOM_TEMPLATE_PATHS: readonly FieldPath[] = [
  fieldPath('spec', 'template'),
  fieldPath('spec', 'jobTemplate', 'spec', 'template'),
  fieldPath('spec', 'jobTargetRef', 'template'),
];

function isPodTemplate(value: unknown): boolean {
  const spec = asRecord(asRecord(value)?.['spec']);
  return spec !== undefined && Array.isArray(spec['containers']);
}

/**
 * The pod template of a custom resource that runs pods from one (an OpenKruise CloneSet, a
 * Knative Service, a KEDA ScaledJob): a template with a `containers` list at one of
 * CUSTOM_TEMPLATE_PATHS. Its controller creates the pods, so what is privileged there
 * is privileged in the cluster.
 */
function customTemplatePath(object: KubeObject): FieldPath | undefined {
  if (!isCustomApiVersion(object.apiVersion)) return undefined;
  return CUSTOM_TEMPLATE_PATHS.find((path) => isPodTemplate(at(object.raw, path)));
}

/** A built-in kind's template path; else a custom resource's, which may share a built-in kind's name (OpenKruise's Advanced StatefulSet is `apps.kruise.io` StatefulSet). */
function templatePathOf(object: KubeObject): FieldPath | undefined {
  const known = TEMPLATE_PATHS[object.kind];
  if (known !== undefined && matchesApiGroup(object.kind, object.apiVersion)) return known;
  return customTemplatePath(object);
}

/**
 * Returns the pod template of a workload object (a built-in workload kind, an Argo Rollout, or a
 * custom resource with a pod template), or undefined for other objects or a template that is
 * not an object.
 */
export function toWorkload(object: KubeObject): Workload | undefined {
  const templatePath = templatePathOf(object);
  if (templatePath === undefined) return undefined;
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
