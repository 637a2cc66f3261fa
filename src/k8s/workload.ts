import { childPath, fieldPath, type FieldPath } from '../core/field-path.js';
import type { KubeObject } from '../core/inventory.js';
import { asRecord, record, stringMap, str, type KubeRaw } from './fields.js';
import { isCustomApiVersion } from './api-groups.js';
import { ARGO_WORKFLOW_KINDS, argoWorkflowPods, isArgoWorkflowKind } from './argo-workflow.js';
import { scopedNamespace } from './namespace-scope.js';

/** Where each workload kind keeps its pod template (metadata + spec), segment by segment. */
const TEMPLATE_SEGMENTS: Readonly<Record<string, readonly string[] | undefined>> = {
  Pod: [],
  PodTemplate: ['template'],
  ReplicationController: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  Rollout: ['spec', 'template'],
};

/** The same places as rendered paths, built once. */
const TEMPLATE_PATHS: Readonly<Record<string, FieldPath | undefined>> = Object.fromEntries(Object.entries(TEMPLATE_SEGMENTS).map(([kind, segments]) => [kind, fieldPath(...segments!)]));

/** Their pod specs' paths (`spec.template.spec`), built once. */
const BUILTIN_SPEC_PATHS: ReadonlyMap<FieldPath, FieldPath> = new Map(Object.values(TEMPLATE_PATHS).map((path) => [path!, childPath(path!, 'spec')]));

function valueAtSegments(root: unknown, segments: readonly string[]): unknown {
  let current = root;
  for (const segment of segments) {
    const mapping = asRecord(current);
    if (!mapping) return undefined;
    current = mapping[segment];
  }
  return current;
}

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

/** Every kind that yields workloads: the pod template kinds and Argo Workflows' kinds (whose templates run pods). */
export const WORKLOAD_KINDS: readonly string[] = [...Object.keys(TEMPLATE_PATHS), ...ARGO_WORKFLOW_KINDS];

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
  /**
   * Set when the pod is assembled from several places of its object (an Argo Workflow template):
   * `specPath` and `templatePath` then name the pod as if it were a Pod (`spec`, the root), and
   * this gives where such a path is written in the object.
   */
  readonly placeOf?: (podPath: FieldPath) => FieldPath;
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

function isPodTemplate(value: unknown): boolean {
  const spec = asRecord(asRecord(value)?.['spec']);
  return spec !== undefined && Array.isArray(spec['containers']);
}

/**
 * Where custom resources that run pods keep their pod templates, segment by segment: a name, `*`
 * for any key, `*Suffix` for a key that ends so, `[]` for every item of a list. Precise places, not
 * a search: a policy engine's patterns (Kyverno's `pattern.spec.template.spec.containers`) look
 * like pod templates and run nothing.
 */
const CUSTOM_TEMPLATE_PATTERNS: readonly (readonly string[])[] = [
  // OpenKruise CloneSet and Advanced StatefulSet, Knative Service, Argo-style controllers
  ['spec', 'template'],
  ['spec', 'jobTemplate', 'spec', 'template'],
  // KEDA ScaledJob
  ['spec', 'jobTargetRef', 'template'],
  // Kubeflow PyTorchJob, TFJob, MPIJob, XGBoostJob, PaddleJob, JAXJob: each replica type
  ['spec', '*ReplicaSpecs', '*', 'template'],
  // KubeRay RayCluster, and the cluster a RayJob or RayService starts
  ['spec', 'headGroupSpec', 'template'],
  ['spec', 'workerGroupSpecs', '[]', 'template'],
  ['spec', 'rayClusterSpec', 'headGroupSpec', 'template'],
  ['spec', 'rayClusterSpec', 'workerGroupSpecs', '[]', 'template'],
  ['spec', 'rayClusterConfig', 'headGroupSpec', 'template'],
  ['spec', 'rayClusterConfig', 'workerGroupSpecs', '[]', 'template'],
  // JobSet: each replicated Job's pod template
  ['spec', 'replicatedJobs', '[]', 'template', 'spec', 'template'],
  // Volcano Job
  ['spec', 'tasks', '[]', 'template'],
  // LeaderWorkerSet
  ['spec', 'leaderWorkerTemplate', 'leaderTemplate'],
  ['spec', 'leaderWorkerTemplate', 'workerTemplate'],
];

/** Every value at a pattern's places, with its path, in document order. */
function valuesAt(value: unknown, pattern: readonly string[], at: readonly (string | number)[], out: PodTemplateAt[]): void {
  if (at.length === pattern.length) {
    if (isPodTemplate(value)) out.push({ path: fieldPath(...at), template: value });
    return;
  }
  const segment = pattern[at.length]!;
  if (segment === '[]') {
    if (Array.isArray(value)) value.forEach((item, index) => valuesAt(item, pattern, [...at, index], out));
    return;
  }
  const mapping = asRecord(value);
  if (!mapping) return;
  if (!segment.startsWith('*')) {
    if (Object.hasOwn(mapping, segment)) valuesAt(mapping[segment], pattern, [...at, segment], out);
    return;
  }
  const suffix = segment.slice(1);
  for (const key in mapping) if (key.endsWith(suffix)) valuesAt(mapping[key], pattern, [...at, key], out);
}

/**
 * Every pod template of a custom resource that runs pods from them (see CUSTOM_TEMPLATE_PATTERNS),
 * in the order of the patterns: its controller creates the pods, so what is privileged there is
 * privileged in the cluster.
 */
function customTemplates(object: KubeObject): PodTemplateAt[] {
  if (!isCustomApiVersion(object.apiVersion)) return [];
  const found: PodTemplateAt[] = [];
  for (const pattern of CUSTOM_TEMPLATE_PATTERNS) valuesAt(object.raw, pattern, [], found);
  return found;
}

/** A pod template and where it sits in its object. */
interface PodTemplateAt {
  readonly path: FieldPath;
  readonly template: unknown;
}

/** A built-in kind's template; else a custom resource's, which may share a built-in kind's name (OpenKruise's Advanced StatefulSet is `apps.kruise.io` StatefulSet). */
function templatesOf(object: KubeObject): readonly PodTemplateAt[] {
  const known = TEMPLATE_PATHS[object.kind];
  if (known !== undefined && matchesApiGroup(object.kind, object.apiVersion)) return [{ path: known, template: valueAtSegments(object.raw, TEMPLATE_SEGMENTS[object.kind]!) }];
  return customTemplates(object);
}

function workloadAt(object: KubeObject, templatePath: FieldPath, value: unknown): Workload | undefined {
  const template = asRecord(value);
  if (!template) return undefined;
  const spec = asRecord(template['spec']);
  if (!spec) return undefined;
  return workloadOf(object, BUILTIN_SPEC_PATHS.get(templatePath) ?? childPath(templatePath, 'spec'), templatePath, spec, record(template['metadata']));
}

function workloadOf(object: KubeObject, specPath: FieldPath, templatePath: FieldPath, spec: KubeRaw, metadata: KubeRaw, placeOf?: (podPath: FieldPath) => FieldPath): Workload {
  const workload: { -readonly [K in keyof Workload]: Workload[K] } = {
    object,
    specPath,
    templatePath,
    spec,
    metadata,
    annotations: stringMap(metadata['annotations']),
    labels: stringMap(metadata['labels']),
    ...(object.namespace ? { namespace: object.namespace } : {}),
    namespaceKey: scopedNamespace(object.namespace, object.provenance),
  };
  if (placeOf) workload.placeOf = placeOf;
  return workload;
}

const POD_SPEC_PATH = fieldPath('spec');
const ROOT_PATH = fieldPath();

/**
 * The pod templates of a workload object, one Workload each: the one of a built-in workload kind
 * or an Argo Rollout, every one of a custom resource (see CUSTOM_TEMPLATE_PATTERNS), or the pod of
 * every Argo Workflow template that runs containers (see argo-workflow.ts); none for other objects.
 */
export function toWorkloads(object: KubeObject): Workload[] {
  // an Argo pod is named as a Pod (spec at `spec`), its places mapped to the workflow
  if (isArgoWorkflowKind(object)) return argoWorkflowPods(object).map((pod) => workloadOf(object, POD_SPEC_PATH, ROOT_PATH, pod.spec, pod.metadata, pod.placeOf));
  const out: Workload[] = [];
  for (const { path, template } of templatesOf(object)) {
    const workload = workloadAt(object, path, template);
    if (workload) out.push(workload);
  }
  return out;
}

/** The first (for built-in kinds the only) pod template of a workload object, or undefined. */
export function toWorkload(object: KubeObject): Workload | undefined {
  return toWorkloads(object)[0];
}

const CONTAINER_LISTS: readonly ContainerList[] = ['initContainers', 'containers', 'ephemeralContainers'];

/** `containers[0]` to `containers[15]` of each list, rendered once: every check asks containersOf for every workload */
const CONTAINER_PATHS: Readonly<Record<ContainerList, readonly FieldPath[]>> = {
  initContainers: Array.from({ length: 16 }, (_, index) => fieldPath('initContainers', index)),
  containers: Array.from({ length: 16 }, (_, index) => fieldPath('containers', index)),
  ephemeralContainers: Array.from({ length: 16 }, (_, index) => fieldPath('ephemeralContainers', index)),
};

/** Init, regular, then ephemeral containers, in spec order: the order Pod Security reports them in. */
export function containersOf(spec: KubeRaw): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const list of CONTAINER_LISTS) {
    const items = spec[list];
    if (!Array.isArray(items)) continue;
    const paths = CONTAINER_PATHS[list];
    for (let index = 0; index < items.length; index += 1) {
      const container = asRecord(items[index]);
      if (container) out.push({ container, name: str(container['name']) ?? '', list, index, path: paths[index] ?? fieldPath(list, index) });
    }
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
