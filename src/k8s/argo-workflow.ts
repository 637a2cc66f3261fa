import { childPath, type FieldPath } from '../core/field-path.js';
import type { KubeObject } from '../core/inventory.js';
import { asRecord, type KubeRaw } from './fields.js';

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
 * Not read: `podSpecPatch` (a patch given as text) and `templateDefaults`.
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

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
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

function podOfTemplate(workflowSpec: KubeRaw, workflowPath: FieldPath, workflowVolumes: ReadonlyMap<string, number>, template: KubeRaw, templatePath: FieldPath): ArgoPod | undefined {
  const places: Place[] = [];
  const containers: unknown[] = [];
  const addContainer = (container: unknown, real: FieldPath, defaultName?: string): void => {
    const record = asRecord(container);
    if (!record) return;
    places.push({ pod: `spec.containers[${containers.length}]`, real });
    containers.push(defaultName !== undefined && record['name'] === undefined ? { ...record, name: defaultName } : record);
  };
  if (asRecord(template['container'])) addContainer(template['container'], childPath(templatePath, 'container'), 'main');
  else if (asRecord(template['script'])) addContainer(template['script'], childPath(templatePath, 'script'), 'main');
  else if (asRecord(template['containerSet'])) {
    listOf(asRecord(template['containerSet'])!['containers']).forEach((container, index) => addContainer(container, childPath(templatePath, 'containerSet', 'containers', index)));
  } else {
    // steps, dag, resource, suspend, data, http and plugin templates run no pod of the user's containers
    return undefined;
  }
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
  return { templatePath, spec, metadata, placeOf: placeMapper(places, templatePath) };
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
