import { childPath, joinPaths, parseFieldPath, type FieldPath } from '../core/field-path.js';
import type { KubeObject } from '../core/inventory.js';
import { asRecord, list as listOf, type KubeRaw } from './fields.js';
import { decodeYamlDocument, YamlProblem } from './kube-yaml/document.js';
import { applyStrategicMerge } from './strategic-merge.js';

/**
 * The pods an Argo Workflow runs, one per template that runs a container (`container`, `script`,
 * `containerSet`), assembled as the Argo controller assembles them: the template's containers
 * (the main one named `main`, then its sidecars) and init containers, the template's volumes and
 * the workflow's volumes its containers mount, and the pod-level fields of the template where it sets them, else of the
 * workflow (`hostNetwork` only the workflow has). Argo's containers are not in a pod spec, so each
 * pod comes with `placeOf`: where a path written as if the pod were a Pod
 * (`spec.containers[0].securityContext`) sits in the workflow
 * (`spec.templates[2].container.securityContext`).
 *
 * `templateDefaults` are merged under each template that runs a pod (the template wins), and the
 * workflow's and the template's `podSpecPatch` (YAML or JSON text) over the pod, by strategic
 * merge as Argo does; a value either brings is reported at `templateDefaults…` or at the
 * `podSpecPatch` field. A patch that does not parse as it stands (Argo parameters are filled at
 * run time) is not applied.
 */
export interface ArgoPod {
  /** the template in the object: `spec.templates[2]` */
  readonly templatePath: FieldPath;
  readonly spec: KubeRaw;
  readonly metadata: KubeRaw;
  readonly placeOf: (podPath: FieldPath) => FieldPath;
}

/** Where each Argo kind keeps its WorkflowSpec. */
const WORKFLOW_SPEC_SEGMENTS: Readonly<Record<string, readonly string[]>> = {
  Workflow: ['spec'],
  WorkflowTemplate: ['spec'],
  ClusterWorkflowTemplate: ['spec'],
  CronWorkflow: ['spec', 'workflowSpec'],
};

/** Pod-level fields a template sets for its own pod, overriding the workflow's. */
const TEMPLATE_POD_FIELDS = ['securityContext', 'serviceAccountName', 'automountServiceAccountToken', 'nodeSelector', 'tolerations', 'affinity', 'hostAliases', 'priorityClassName', 'schedulerName'] as const;

/** Pod-level fields of the workflow (its name, the pod's), for every pod it runs. */
const WORKFLOW_POD_FIELDS: readonly (readonly [string, string])[] = [
  ['hostNetwork', 'hostNetwork'],
  ['dnsPolicy', 'dnsPolicy'],
  ['dnsConfig', 'dnsConfig'],
  ['imagePullSecrets', 'imagePullSecrets'],
  ['podPriorityClassName', 'priorityClassName'],
  ...TEMPLATE_POD_FIELDS.map((field) => [field, field] as const),
];

/** The Argo Workflows kinds whose templates run pods. */
export const ARGO_WORKFLOW_KINDS: readonly string[] = Object.keys(WORKFLOW_SPEC_SEGMENTS);

export function isArgoWorkflowKind(object: Pick<KubeObject, 'apiVersion' | 'kind'>): boolean {
  return object.apiVersion.startsWith('argoproj.io/') && Object.hasOwn(WORKFLOW_SPEC_SEGMENTS, object.kind);
}

interface Place {
  /** a path of the assembled pod */
  readonly pod: string;
  /** where it is written in the object */
  readonly real: FieldPath;
}

function placeMapper(places: readonly Place[], fallback: FieldPath): (podPath: FieldPath) => FieldPath {
  // the first place given for a pod path wins (the template's own setting is given before the workflow's)
  const byPod = new Map<string, FieldPath>();
  for (const { pod, real } of places) if (!byPod.has(pod)) byPod.set(pod, real);
  return (podPath) => {
    // the longest place that covers the path: itself, then its ancestors at each `.` or `[`, so
    // `containers[10]` never takes `containers[1]`'s place; a few lookups whatever the pod's size
    for (let end = podPath.length; end > 0; end -= 1) {
      const code = end === podPath.length ? 46 : podPath.charCodeAt(end);
      if (code !== 46 && code !== 91) continue;
      const real = byPod.get(podPath.slice(0, end));
      if (real !== undefined) return `${real}${podPath.slice(end)}` as FieldPath;
    }
    return fallback;
  };
}

function mergedStrings(...maps: unknown[]): KubeRaw | undefined {
  const present = maps.map((map) => asRecord(map)).filter((map): map is KubeRaw => map !== undefined);
  return present.length === 0 ? undefined : Object.assign({}, ...present);
}

function mountedNames(containers: readonly unknown[]): Set<string> {
  const names = new Set<string>();
  for (const container of containers) {
    for (const mount of listOf(asRecord(container)?.['volumeMounts'])) {
      const name = asRecord(mount)?.['name'];
      if (typeof name === 'string') names.add(name);
    }
  }
  return names;
}

/** The workflow's volumes by name (the first of a name, as the API server keeps one): their positions. */
function volumesByName(workflowSpec: KubeRaw): Map<string, number> {
  const byName = new Map<string, number>();
  listOf(workflowSpec['volumes']).forEach((volume, index) => {
    const name = asRecord(volume)?.['name'];
    if (typeof name === 'string' && !byName.has(name)) byName.set(name, index);
  });
  return byName;
}

/** The template fields that make Argo run a pod of the user's containers; a template has one type. */
const POD_TYPES = ['container', 'script', 'containerSet'] as const;
/** Every template type (Argo's GetType): the merged defaults keep only the template's own. */
const TEMPLATE_TYPES = [...POD_TYPES, 'steps', 'dag', 'resource', 'suspend', 'data', 'http', 'plugin'] as const;

/** The template with the workflow's templateDefaults merged under it, of its own type only (as Argo's SetType leaves it). */
function withDefaults(template: KubeRaw, defaults: KubeRaw | undefined, type: string): KubeRaw {
  if (!defaults) return template;
  const merged = applyStrategicMerge(defaults, template) as KubeRaw;
  for (const other of TEMPLATE_TYPES) if (other !== type) delete merged[other];
  return merged;
}

/** The value at a path of plain names and positions, or undefined. */
function valueAtPath(root: unknown, path: string): unknown {
  const segments = parseFieldPath(path);
  if (!segments) return undefined;
  let current = root;
  for (const segment of segments) {
    if (typeof segment === 'number') current = Array.isArray(current) ? current[segment] : undefined;
    else if (typeof segment === 'string') current = asRecord(current)?.[segment];
    else return undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

/** Limits for the text of one podSpecPatch: a pod spec, never a large document. */
const PATCH_LIMITS = { maxDepth: 64, maxNodesPerDocument: 50_000 };

/** A podSpecPatch as Argo reads it (YAML or JSON text to JSON); undefined when it does not parse or is no mapping. */
function readPodSpecPatch(value: unknown): KubeRaw | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  try {
    return asRecord(decodeYamlDocument(value.endsWith('\n') ? value : `${value}\n`, PATCH_LIMITS));
  } catch (error) {
    if (error instanceof YamlProblem) return undefined;
    throw error;
  }
}

/**
 * Whether the patch sets the value at a pod path: lists the patch merges by key are followed by
 * that key (a container by its name in the patched pod), other lists by position.
 */
function patchSets(patch: KubeRaw, pod: KubeRaw, podPath: FieldPath): boolean {
  const segments = parseFieldPath(podPath);
  if (!segments || segments[0] !== 'spec') return false;
  let inPatch: unknown = patch;
  let inPod: unknown = pod;
  let listName: string | undefined;
  for (const segment of segments.slice(1)) {
    if (typeof segment === 'number') {
      const podItem = Array.isArray(inPod) ? inPod[segment] : undefined;
      const name = listName === undefined ? undefined : asRecord(podItem)?.['name'];
      inPatch = Array.isArray(inPatch) ? (typeof name === 'string' ? inPatch.find((item) => asRecord(item)?.['name'] === name) : inPatch[segment]) : undefined;
      inPod = podItem;
      listName = undefined;
    } else if (typeof segment === 'string') {
      inPatch = asRecord(inPatch)?.[segment];
      inPod = asRecord(inPod)?.[segment];
      listName = segment === 'containers' || segment === 'initContainers' || segment === 'volumes' ? segment : undefined;
    } else {
      return false;
    }
    if (inPatch === undefined) return false;
  }
  return true;
}

function podOfTemplate(workflowSpec: KubeRaw, workflowPath: FieldPath, workflowVolumes: ReadonlyMap<string, number>, written: KubeRaw, templatePath: FieldPath): ArgoPod | undefined {
  const type = TEMPLATE_TYPES.find((candidate) => written[candidate] !== undefined);
  // steps, dag, resource, suspend, data, http and plugin templates run no pod of the user's containers
  if (type === undefined || !(POD_TYPES as readonly string[]).includes(type)) return undefined;
  const defaults = asRecord(workflowSpec['templateDefaults']);
  const template = withDefaults(written, defaults, type);
  const places: Place[] = [];
  const containers: unknown[] = [];
  const addContainer = (container: unknown, real: FieldPath, defaultName?: string): void => {
    const record = asRecord(container);
    if (!record) return;
    places.push({ pod: `spec.containers[${containers.length}]`, real });
    containers.push(defaultName !== undefined && record['name'] === undefined ? { ...record, name: defaultName } : record);
  };
  if (type === 'containerSet') listOf(asRecord(template['containerSet'])?.['containers']).forEach((container, index) => addContainer(container, childPath(templatePath, 'containerSet', 'containers', index)));
  else addContainer(template[type], childPath(templatePath, type), 'main');
  listOf(template['sidecars']).forEach((container, index) => addContainer(container, childPath(templatePath, 'sidecars', index)));

  const spec: KubeRaw = {};
  for (const [workflowField, podField] of WORKFLOW_POD_FIELDS) {
    if (workflowSpec[workflowField] === undefined) continue;
    spec[podField] = workflowSpec[workflowField];
    places.push({ pod: `spec.${podField}`, real: childPath(workflowPath, workflowField) });
  }
  for (const field of TEMPLATE_POD_FIELDS) {
    if (template[field] === undefined) continue;
    spec[field] = template[field];
    // the template's own setting comes first: it is the one the pod gets
    places.unshift({ pod: `spec.${field}`, real: childPath(templatePath, field) });
  }
  const initContainers = listOf(template['initContainers']);
  if (initContainers.length > 0) {
    spec['initContainers'] = initContainers;
    places.push({ pod: 'spec.initContainers', real: childPath(templatePath, 'initContainers') });
  }
  spec['containers'] = containers;
  const volumes: unknown[] = [];
  const templateVolumes = listOf(template['volumes']);
  templateVolumes.forEach((volume, index) => {
    places.push({ pod: `spec.volumes[${volumes.length}]`, real: childPath(templatePath, 'volumes', index) });
    volumes.push(volume);
  });
  // a workflow's volume goes into the pods whose containers mount it, unless the template has one of
  // that name; looked up by name, so a workflow of many templates and volumes costs their mounts, not their product
  const own = new Set(templateVolumes.map((volume) => asRecord(volume)?.['name']));
  const wanted: number[] = [];
  for (const name of mountedNames([...initContainers, ...containers])) {
    const index = workflowVolumes.get(name);
    if (index !== undefined && !own.has(name)) wanted.push(index);
  }
  const workflowVolumeList = listOf(workflowSpec['volumes']);
  for (const index of wanted.sort((a, b) => a - b)) {
    places.push({ pod: `spec.volumes[${volumes.length}]`, real: childPath(workflowPath, 'volumes', index) });
    volumes.push(workflowVolumeList[index]);
  }
  if (volumes.length > 0) spec['volumes'] = volumes;
  // a pod-level field neither sets is set for every pod of the workflow
  for (const [workflowField, podField] of WORKFLOW_POD_FIELDS) places.push({ pod: `spec.${podField}`, real: childPath(workflowPath, workflowField) });

  const podMetadata = asRecord(workflowSpec['podMetadata']);
  const templateMetadata = asRecord(template['metadata']);
  const annotations = mergedStrings(podMetadata?.['annotations'], templateMetadata?.['annotations']);
  const labels = mergedStrings(podMetadata?.['labels'], templateMetadata?.['labels']);
  const metadata: KubeRaw = { ...(annotations ? { annotations } : {}), ...(labels ? { labels } : {}) };
  places.push({ pod: 'metadata', real: templateMetadata || !podMetadata ? childPath(templatePath, 'metadata') : childPath(workflowPath, 'podMetadata') });
  places.push({ pod: 'spec', real: templatePath });
  const mapped = placeMapper(places, templatePath);
  // a value the template does not write but the defaults do is reported in templateDefaults
  const defaultsPath = childPath(workflowPath, 'templateDefaults');
  const placeOfWritten = (podPath: FieldPath): FieldPath => {
    const real = mapped(podPath);
    if (!defaults || !real.startsWith(templatePath) || real.length === templatePath.length) return real;
    const below = real.slice(templatePath.length + 1) as FieldPath;
    return valueAtPath(written, below) === undefined && valueAtPath(defaults, below) !== undefined ? joinPaths(defaultsPath, below) : real;
  };

  // the workflow's podSpecPatch, then the template's over it, over the assembled pod
  const patches = [
    { patch: readPodSpecPatch(workflowSpec['podSpecPatch']), at: childPath(workflowPath, 'podSpecPatch') },
    { patch: readPodSpecPatch(written['podSpecPatch']), at: childPath(templatePath, 'podSpecPatch') },
  ].filter((entry): entry is { patch: KubeRaw; at: FieldPath } => entry.patch !== undefined);
  if (patches.length === 0) return { templatePath, spec, metadata, placeOf: placeOfWritten };
  let patched: KubeRaw = spec;
  for (const { patch } of patches) patched = applyStrategicMerge(patched, patch) as KubeRaw;
  const pod = { spec: patched };
  const placeOf = (podPath: FieldPath): FieldPath => {
    for (let index = patches.length - 1; index >= 0; index -= 1) if (patchSets(patches[index]!.patch, pod, podPath)) return patches[index]!.at;
    return placeOfWritten(podPath);
  };
  return { templatePath, spec: patched, metadata, placeOf };
}

/** The pods of an Argo Workflow, WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow, in template order; none for other objects. */
export function argoWorkflowPods(object: KubeObject): ArgoPod[] {
  if (!isArgoWorkflowKind(object)) return [];
  const segments = WORKFLOW_SPEC_SEGMENTS[object.kind]!;
  let workflowSpec: unknown = object.raw;
  for (const segment of segments) workflowSpec = asRecord(workflowSpec)?.[segment];
  const spec = asRecord(workflowSpec);
  if (!spec) return [];
  const workflowPath = childPath('' as FieldPath, ...segments);
  const pods: ArgoPod[] = [];
  const workflowVolumes = volumesByName(spec);
  listOf(spec['templates']).forEach((template, index) => {
    const record = asRecord(template);
    const pod = record ? podOfTemplate(spec, workflowPath, workflowVolumes, record, childPath(workflowPath, 'templates', index)) : undefined;
    if (pod) pods.push(pod);
  });
  return pods;
}
